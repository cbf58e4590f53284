from django.urls import path, register_converter

from alerts import views


class AlertIdConverter:
    """Ids that fit a bigint; a longer number is a 404, not a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(AlertIdConverter, "alert_id")

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("new/", views.alert_new, name="new"),
    path("<alert_id:pk>/edit/", views.alert_edit, name="edit"),
    path("<alert_id:pk>/pause/", views.alert_pause, name="pause"),
    path("<alert_id:pk>/delete/", views.alert_delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
