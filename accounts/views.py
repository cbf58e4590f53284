from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from listings.models import AppliedMark, SponsorshipChange

FLIP_NOTICES = 20  # the most recent changes shown; older ones are in the jobs themselves


@require_safe
@login_required
def applied_list(request: HttpRequest) -> HttpResponse:
    marks = (
        AppliedMark.objects.filter(user=request.user, applied=True)
        .select_related("job__employer", "job__city", "job__state")
        .order_by("-updated_at", "-id")
    )
    page = Paginator(marks, 50).get_page(request.GET.get("page"))
    changes = SponsorshipChange.objects.for_applicant(request.user)
    changes = changes.select_related("job__employer")[:FLIP_NOTICES]
    return render(request, "accounts/applied_list.html", {"page": page, "changes": changes})
