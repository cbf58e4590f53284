"""Everything we hold about a member, as one JSON-ready dict."""

from accounts.models import User, VisaProfile
from listings.models import AppliedMark, Outcome, SavedJob


def _profile(user: User) -> dict | None:
    row = VisaProfile.objects.filter(user=user).first()
    if row is None:
        return None
    return {
        "citizenships": row.citizenships,
        "status": row.status,
        "degree": row.degree,
        "stem_degree": row.stem,
        "opt_end": row.opt_end,
        "experience_years": row.experience_years,
        "counted_against_cap": row.counted_against_cap,
        "updated_at": row.updated_at,
    }


def member_data(user: User) -> dict:
    marks = AppliedMark.objects.filter(user=user).select_related("job__employer")
    outcomes = Outcome.objects.filter(user=user).select_related("job__employer")
    saves = SavedJob.objects.filter(user=user).select_related("job__employer")
    return {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        },
        "visa_profile": _profile(user),
        "applied_marks": [
            {
                "job_id": mark.job_id,
                "job": f"{mark.job.title} at {mark.job.employer.name}",
                "applied": mark.applied,
                "stage": mark.stage if mark.applied else "",
                "created_at": mark.created_at,
                "updated_at": mark.updated_at,
            }
            for mark in marks.order_by("created_at", "id")
        ],
        "saved_jobs": [
            {
                "job_id": save.job_id,
                "job": f"{save.job.title} at {save.job.employer.name}",
                "saved_at": save.created_at,
            }
            for save in saves.order_by("created_at", "id")
        ],  # fmt: skip
        "outcomes": [
            {
                "job_id": outcome.job_id,
                "job": f"{outcome.job.title} at {outcome.job.employer.name}",
                "result": outcome.result,
                "reported_at": outcome.reported_at,
                "hidden_by_staff": outcome.hidden,
            }
            for outcome in outcomes.order_by("reported_at", "id")
        ],
        "alerts": list(
            user.alerts.order_by("created_at", "id").values(
                "query", "frequency", "paused", "created_at", "last_digest_at"
            )
        ),
    }
