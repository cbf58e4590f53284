from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from jobboard import health, throttling
from listings import admin as listings_admin
from listings.pages import views as listing_views
from listings.pages.sitemaps import SITEMAPS

urlpatterns = [
    # Members' own pages first: a path is matched against each pattern in turn, and the
    # listings' patterns are many.
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("alerts/", include("alerts.urls")),
    path("", include("listings.urls")),
    # Ahead of the admin's own URLs: its login, rate-limited like the site's.
    path("admin/login/", throttling.admin_login, name="admin_login"),
    path("admin/visa-facts/", listings_admin.visa_facts_review, name="admin_visa_facts"),
    path("admin/", admin.site.urls),
    path("robots.txt", listing_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler500 = "jobboard.outage.server_error"
