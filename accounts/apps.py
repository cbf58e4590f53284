from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        # The member read on each request is cached (accounts.backends): drop it on any change.
        from allauth.account.models import EmailAddress  # apps are loaded only now

        from accounts.backends import forget_member
        from accounts.sessions import forget_fetched, name_for_member

        for sender in (self.get_model("User"), self.get_model("VisaProfile"), EmailAddress):
            uid = f"forget-member-{sender.__name__}"
            post_save.connect(forget_member, sender=sender, dispatch_uid=f"{uid}-saved")
            post_delete.connect(forget_member, sender=sender, dispatch_uid=f"{uid}-gone")
        # A member's session key names them, so their session brings them (accounts.sessions).
        user_logged_in.connect(name_for_member, dispatch_uid="name-session-for-member")
        request_started.connect(forget_fetched, dispatch_uid="forget-fetched-member")
