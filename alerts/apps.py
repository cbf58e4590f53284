from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"

    def ready(self) -> None:
        # The member read on each request knows whether they have alerts (accounts.backends).
        from accounts.backends import forget_member

        alert = self.get_model("Alert")
        post_save.connect(forget_member, sender=alert, dispatch_uid="forget-member-Alert-saved")
        post_delete.connect(forget_member, sender=alert, dispatch_uid="forget-member-Alert-gone")
