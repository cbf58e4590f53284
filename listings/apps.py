from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from listings.caching import bump_jobs_version


class ListingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "listings"

    def ready(self) -> None:
        from listings.pages import marks  # it reads models, which are ready only now

        # A job, an employer or an employer's alias changed one at a time (the admin, a
        # command) expires assembled member pages at once: triggers carry an employer's
        # names into its jobs' rows and search vectors, where no signal sees them.
        for model in ("Job", "Employer", "EmployerAlias"):
            sender = self.get_model(model)
            post_save.connect(bump_jobs_version, sender=sender, dispatch_uid=f"{model}-saved")
            post_delete.connect(bump_jobs_version, sender=sender, dispatch_uid=f"{model}-gone")
        # A member's marks, kept for their pages (pages.marks), are dropped when one changes.
        for model in ("AppliedMark", "SavedJob"):
            sender = self.get_model(model)
            post_save.connect(marks.forget, sender=sender, dispatch_uid=f"{model}-marked")
            post_delete.connect(marks.forget, sender=sender, dispatch_uid=f"{model}-unmarked")
