from django.contrib import admin

from alerts.models import Alert, Delivery, Digest


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "frequency", "paused", "last_digest_at", "created_at"]
    list_filter = ["frequency", "paused"]
    search_fields = ["user__email", "query"]
    raw_id_fields = ["user"]
    readonly_fields = [
        "keywords_query",
        "last_digest_at",
        "digested_until",
        "created_at",
        "updated_at",
    ]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """Failing sends stay here, pending with their last error, until they go through."""

    list_display = ["pk", "alert", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["status"]
    list_select_related = ["alert"]
    raw_id_fields = ["alert"]
    readonly_fields = [
        "claim",
        "claimed_at",
        "created_at",
        "sent_at",
        "matched_after",
        "matched_until",
    ]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "alert_id", "job_id", "digest_id", "matched_at"]
    raw_id_fields = ["alert", "job"]
