"""A member's own marks on jobs: the jobs they saved, and their answer to "Have you applied?"
with how far the application got. Together they are the tracker on /accounts/saved/ and
/accounts/applied/: saved, applied, interviewing, offer, closed."""

from django.conf import settings
from django.db import models


class SavedJob(models.Model):
    """A job a member keeps to look at again; it leaves the saved list once they apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_jobs"
    )
    job = models.ForeignKey("listings.Job", on_delete=models.CASCADE, related_name="saves")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "job"], name="savedjob_one_per_user_job"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="savedjob_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} saved {self.job_id}"


class AppliedMark(models.Model):
    """A user's answer to "Have you applied for this role?", and for a yes, where the
    application stands."""

    class Stage(models.TextChoices):
        APPLIED = "applied", "Applied"
        INTERVIEWING = "interviewing", "Interviewing"
        OFFER = "offer", "Offer"
        CLOSED = "closed", "Closed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applied_marks"
    )
    job = models.ForeignKey("listings.Job", on_delete=models.CASCADE, related_name="applied_marks")
    applied = models.BooleanField()
    # Moving along the stages leaves updated_at alone (QuerySet.update): the outcome report
    # opens a set time after the member said they applied (listings.models.outcomes).
    stage = models.CharField(
        max_length=12, choices=Stage, default=Stage.APPLIED, db_default=Stage.APPLIED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "job"], name="appliedmark_one_per_user_job"),
        ]
        indexes = [models.Index(fields=["user", "-updated_at"], name="appliedmark_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} {'applied' if self.applied else 'did not apply'} to {self.job_id}"
