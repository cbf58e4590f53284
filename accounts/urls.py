from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("applied/", views.applied_list, name="applied"),
    path("applied/<int:job_id>/outcome/", views.report_outcome, name="report_outcome"),
    path("applied/<int:job_id>/stage/", views.move_stage, name="move_stage"),
    path("saved/", views.saved_list, name="saved"),
    path("profile/", views.profile, name="profile"),
    path("profile/delete/", views.profile_delete, name="profile_delete"),
    path("data/", views.data_export, name="data"),
    path("delete/", views.account_delete, name="delete"),
]
