from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.export import member_data
from accounts.forms import ConfirmPasswordForm, OutcomeForm, VisaProfileForm
from accounts.models import VisaProfile
from listings.models import AppliedMark, Outcome, SavedJob, SponsorshipChange
from listings.models.outcomes import MIN_REPORTERS, REPORT_AFTER
from listings.pages.views import safe_next
from listings.visas.clock import clock

FLIP_NOTICES = 20  # the most recent changes shown; older ones are in the jobs themselves


def _verified(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain")


@require_safe
@login_required
def applied_list(request: HttpRequest) -> HttpResponse:
    outcome = Outcome.objects.filter(user=request.user, job=OuterRef("job_id"))
    marks = (
        AppliedMark.objects.filter(user=request.user, applied=True)
        .select_related("job__employer", "job__city", "job__state")
        .annotate(outcome=Subquery(outcome.values("result")[:1]))
        .order_by("-updated_at", "-id")
    )
    page = Paginator(marks, 50).get_page(request.GET.get("page"))
    changes = SponsorshipChange.objects.for_applicant(request.user)
    changes = changes.select_related("job__employer")[:FLIP_NOTICES]
    context = {
        "page": page,
        "changes": changes,
        "report_before": timezone.now() - REPORT_AFTER,
        "report_after_days": REPORT_AFTER.days,
        "min_reporters": MIN_REPORTERS,
        "results": Outcome.Result.choices,
        "stages": AppliedMark.Stage.choices,
        "verified": _verified(request.user),
    }
    return render(request, "accounts/applied_list.html", context)


def _saved(user):
    """The member's saved jobs they have not applied to yet, the latest saved first."""
    applied = AppliedMark.objects.filter(user=user, applied=True).values("job_id")
    return SavedJob.objects.filter(user=user).exclude(job_id__in=applied)


@require_safe
@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    saves = _saved(request.user).select_related("job__employer", "job__city", "job__state")
    page = Paginator(saves.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/saved_list.html", {"page": page})


@require_POST
@login_required
def move_stage(request: HttpRequest, job_id: int) -> HttpResponse:
    """Moves one of the member's applications along: applied, interviewing, offer, closed."""
    stage = request.POST.get("stage")
    if job_id >= 2**63:
        return _plain("No such job.", 404)
    if stage not in AppliedMark.Stage.values:
        return _plain("Choose one of the listed stages.", 400)
    mine = AppliedMark.objects.filter(user=request.user, applied=True, job_id=job_id)
    # update(), not save(): updated_at stays the day they applied, which the report reads.
    if not mine.update(stage=stage):
        return _plain("You have not marked this job as applied.", 404)
    return redirect(safe_next(request, default=reverse("accounts:applied")) + f"#job-{job_id}")


@require_POST
@login_required
def report_outcome(request: HttpRequest, job_id: int) -> HttpResponse:
    # Only the member's own mark opens the form: another member's job id finds nothing.
    mine = AppliedMark.objects.filter(user=request.user, applied=True)
    mark = get_object_or_404(mine, job_id=job_id)
    if not _verified(request.user):
        return _plain("Confirm your email address first.", 403)
    # Per member (ACCOUNT_RATE_LIMITS["report_outcome"]): reports feed every employer's counts.
    if throttled := ratelimit.consume_or_429(request, action="report_outcome"):
        return throttled
    if mark.updated_at > timezone.now() - REPORT_AFTER:
        return _plain(f"You can report back {REPORT_AFTER.days} days after applying.", 400)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _plain("Choose one of the listed outcomes.", 400)
    Outcome.objects.update_or_create(
        user=request.user, job_id=job_id, defaults={"result": form.cleaned_data["result"]}
    )
    messages.success(request, "Thank you: your report is saved. You can change it at any time.")
    return redirect(safe_next(request, default=reverse("accounts:applied")))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    row = VisaProfile.objects.filter(user=request.user).first()
    form = VisaProfileForm(request.POST or None, instance=row)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/profile.html", {"form": form}, status=400)
        saved = form.save(commit=False)
        saved.user = request.user
        with transaction.atomic():
            saved.save()
            request.user.alerts.refresh_routes(saved.as_profile())
        messages.success(request, "Your visa profile is saved. Jobs now show your routes.")
        return redirect(safe_next(request, default=reverse("accounts:profile")))
    today = timezone.localdate()
    context = {"form": form, "saved": row, "clock": clock(row and row.as_profile(), today)}
    return render(request, "accounts/profile.html", context)


@require_POST
@login_required
def profile_delete(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        VisaProfile.objects.filter(user=request.user).delete()
        request.user.alerts.refresh_routes(None)
    messages.success(request, "Your visa profile is deleted.")
    return redirect("accounts:profile")


@require_safe
@login_required
def data_export(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(member_data(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-visa-jobs-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = ConfirmPasswordForm(request.user, request.POST or None)
    if request.method == "POST":
        # Per member (ACCOUNT_RATE_LIMITS["delete_account"]): each try is a password guess.
        if throttled := ratelimit.consume_or_429(request, action="delete_account"):
            return throttled
        if not form.is_valid():
            return render(request, "accounts/account_delete.html", {"form": form}, status=400)
        user = request.user
        logout(request)
        # Profile, applied marks, reports (and so their share of employers' counts), alerts
        # and email addresses are all deleted with the user (Django's cascade).
        user.delete()
        messages.success(request, "Your account and everything we kept about you are deleted.")
        return redirect("listings:home")
    return render(request, "accounts/account_delete.html", {"form": form})
