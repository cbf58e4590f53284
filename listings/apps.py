from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from listings.caching import bump_jobs_version


class ListingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "listings"

    def ready(self) -> None:
        # A job, an employer or an employer's alias changed one at a time (the admin, a
        # command) expires assembled member pages at once: triggers carry an employer's
        # names into its jobs' rows and search vectors, where no signal sees them.
        for model in ("Job", "Employer", "EmployerAlias"):
            sender = self.get_model(model)
            post_save.connect(bump_jobs_version, sender=sender, dispatch_uid=f"{model}-saved")
            post_delete.connect(bump_jobs_version, sender=sender, dispatch_uid=f"{model}-gone")
