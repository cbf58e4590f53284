from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from accounts.models import VisaProfile
from listings.visas.profile import Profile


def _profile_of(user) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        row = user.visa_profile  # read with the user (accounts.backends), else one query
    except VisaProfile.DoesNotExist:
        return None
    return row.as_profile()


def visa_profile_middleware(get_response: Callable) -> Callable:
    """Puts the member's visa profile on `request.visa_profile` as plain values, read on first
    use, so listings pages can show "Your routes" without knowing the accounts models."""

    def middleware(request: HttpRequest) -> HttpResponse:
        request.visa_profile = SimpleLazyObject(lambda: _profile_of(request.user))
        return get_response(request)

    return middleware
