from django.urls import path, register_converter

from listings.pages import views


class JobIdConverter:
    """Ids that fit a bigint; a longer number is a 404, not a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(JobIdConverter, "job_id")

app_name = "listings"
urlpatterns = [
    path("", views.home, name="home"),
    path("visa-sponsorship-jobs/", views.search, name="search"),
    # One pattern for a role's page and a state's page (their slugs never clash); a name for
    # each, so templates say which they link to.
    path("visa-sponsorship-jobs/<slug:slug>/", views.role_or_state_page, name="role"),
    path("visa-sponsorship-jobs/<slug:slug>/", views.role_or_state_page, name="state"),
    path(
        "visa-sponsorship-jobs/<slug:role_slug>/<slug:state_slug>/",
        views.landing_page,
        name="landing",
    ),
    path(
        "visa-sponsorship-jobs/<slug:role_slug>/<slug:state_slug>/<slug:city_slug>/",
        views.city_page,
        name="city",
    ),
    # A shortened link (no slug) and an outdated slug both redirect to the canonical URL.
    path("jobs/<job_id:pk>/", views.job_detail, name="job_short"),
    path("jobs/<job_id:pk>/<slug:slug>/", views.job_detail, name="job_detail"),
    path("applied/<job_id:pk>/", views.mark_applied, name="mark_applied"),
    path("saved/<job_id:pk>/", views.save_job, name="save_job"),
    path("employers/<slug:slug>/", views.employer_detail, name="employer"),
    path("faq/", views.faq_page, name="faq"),
    path("visas/", views.visa_facts, name="visa_facts"),
]
