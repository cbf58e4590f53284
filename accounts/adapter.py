from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

# What account emails sign with, beside allauth's own context (which names the site by the
# host the request came to).
BRAND = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Too many failed logins: the form says so, and jobboard.throttling turns the
            # page into a 429 so a script cannot mistake it for a wrong password.
            request.login_throttled = True
            raise

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every account email (verification, reset, unknown account) as text and HTML,
        signed with the site's name and the address members can write to."""
        super().send_mail(
            template_prefix, email, {**BRAND, "contact_email": settings.CONTACT_EMAIL, **context}
        )

    def confirm_email(self, request: HttpRequest, email_address) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            # base.html adds the link to the profile for this tag.
            messages.info(request, "Your email address is confirmed.", extra_tags="profile-prompt")
        return confirmed
