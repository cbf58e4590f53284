"""Values every template compares against, so templates never spell a stored status."""

from django.http import HttpRequest

from listings.models import Job


def sponsorship_states(request: HttpRequest) -> dict:
    return {"Sponsorship": Job.Sponsorship}
