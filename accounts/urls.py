from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("applied/", views.applied_list, name="applied"),
]
