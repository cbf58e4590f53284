"""Alerts that keep "Open to my routes": matched in the same single statement as every other
alert, against the routes the member's profile gave when it was last saved."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from alerts import emails
from alerts.matching import match_jobs, prepare_digests
from alerts.models import Alert, Delivery
from listings.models import Job
from listings.pages.filters import JobFilter
from tests.factories import make_alert, make_employer, make_job, make_profile

pytestmark = pytest.mark.django_db


def route_alert(user, profile):
    search = JobFilter(QueryDict("routes=on")).form
    assert search.is_valid()
    alert = Alert(user=user, frequency="daily")
    alert.set_search(search.cleaned_data, profile)
    alert.save()
    Alert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - timedelta(days=1))
    return alert


@pytest.fixture
def jobs():
    exempt = make_employer("Lakeside University")
    exempt.cap_exempt = True
    exempt.save(update_fields=["cap_exempt"])
    return {
        "tn": make_job("Turbine Engineer", role="mechanical-engineer"),
        "lottery-only": make_job("Product Lead", role="product-manager"),
        "cap-exempt": make_job("Research PM", role="product-manager", employer=exempt),
        "e-verify": make_job("Growth PM", role="product-manager", e_verify=True),
    }


@pytest.mark.parametrize(
    ("citizenships", "fields"),
    [
        (["CA"], {}),
        (["IN"], {}),
        (["IN"], {"status": "opt", "stem": True}),
        (["IN"], {"status": "stem-opt", "stem": True}),
        (["AU"], {}),
        (["IN"], {"degree": "none"}),
    ],
)
def test_a_route_alert_matches_what_the_search_page_shows(seeker, jobs, citizenships, fields):
    profile = make_profile(seeker, citizenships, **fields).as_profile()
    alert = route_alert(seeker, profile)
    match_jobs(Job.objects.all())

    request = RequestFactory().get("/", {"routes": "on"})
    request.user, request.visa_profile = seeker, profile
    page = JobFilter(request.GET, Job.objects.listed(), request=request).qs
    matched = set(Delivery.objects.filter(alert=alert).values_list("job_id", flat=True))
    assert matched == set(page.values_list("pk", flat=True))


def test_when_opt_ends_the_alert_narrows_to_the_routes_left(seeker, jobs):
    end = timezone.localdate() + timedelta(days=60)
    profile = make_profile(seeker, ["IN"], status="stem-opt", stem=True, opt_end=end)
    alert = route_alert(seeker, profile.as_profile())
    assert alert.route_terms_change == end
    match_jobs(Job.objects.filter(pk=jobs["lottery-only"].pk))
    assert Delivery.objects.filter(alert=alert).count() == 0  # needs E-Verify even now

    profile.delete()  # back on the OPT card itself: any job, until it ends
    opt = make_profile(seeker, ["IN"], status="opt", opt_end=end).as_profile()
    seeker.alerts.refresh_routes(opt)
    match_jobs(Job.objects.filter(pk=jobs["lottery-only"].pk))
    assert Delivery.objects.filter(alert=alert).count() == 1

    # The day after the card's end date, the stored "later" terms apply.
    Alert.objects.filter(pk=alert.pk).update(route_terms_change=timezone.localdate() - timedelta(1))
    later = make_job("Another Product Lead", role="product-manager")
    match_jobs(Job.objects.filter(pk=later.pk))
    assert not Delivery.objects.filter(alert=alert, job=later).exists()


def test_the_alert_says_it_keeps_to_the_members_routes(seeker):
    alert = route_alert(seeker, make_profile(seeker).as_profile())
    assert alert.describe() == "Jobs · Open to my routes"
    assert alert.query == "routes=True"


def test_a_students_digest_opens_with_the_clock_and_the_lottery_free_count(seeker):
    ends = timezone.localdate() + timedelta(days=84)
    make_profile(seeker, ["CA"], status="opt", stem=True, opt_end=ends)
    make_alert(seeker, "state=georgia")
    university = make_employer("Millbrook State University")
    university.cap_exempt, university.cap_exempt_reason = True, "university"
    university.save()
    make_job("Lab Engineer", role="product-manager", employer=university)
    make_job("Grid Engineer", role="electrical-engineer")
    make_job("Growth Lead", role="product-manager")
    match_jobs(Job.objects.all())
    prepare_digests()

    assert emails.send_due_digests() == 1
    [message] = mail.outbox
    first = message.body.splitlines()[0]
    assert (
        first
        == f"84 days of OPT left (it ends on {ends:%B %-d, %Y}); 2 of these jobs need no lottery."
    )
    assert first in message.alternatives[0][0]


def test_a_digest_for_a_member_without_a_profile_has_no_clock(seeker):
    make_alert(seeker, "state=georgia")
    make_job("Grid Engineer", role="electrical-engineer")
    match_jobs(Job.objects.all())
    prepare_digests()
    emails.send_due_digests()
    assert mail.outbox[0].body.startswith("1 new job for your alert")


def test_alerts_saved_with_the_former_route_conditions_are_read_again_from_profiles(seeker):
    """The route conditions became one per route: an alert stored with the former shared
    "sponsoring" condition gets its member's conditions again when the site is migrated, and
    then matches an offer limited to its member's visa and not one limited to another."""
    migration = importlib.import_module("alerts.migrations.0007_alert_route_terms_per_route")
    make_profile(seeker, ["AU"])
    alert = make_alert(seeker, "routes=on")
    Alert.objects.filter(pk=alert.pk).update(
        routes=True, route_terms=["cap-exempt", "sponsoring"], route_terms_later=["sponsoring"],
        created_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    migration.reread_route_terms(apps, None)
    alert.refresh_from_db()
    assert alert.route_terms == alert.route_terms_later == ["cap-exempt", "e-3"]

    e3 = make_job("Reliability Engineer", role="mechanical-engineer", offer_limited_to="e-3 tn")
    tn = make_job("Hydraulics Engineer", role="mechanical-engineer", offer_limited_to="tn")
    match_jobs(Job.objects.filter(pk__in=[e3.pk, tn.pk]))
    assert set(Delivery.objects.filter(alert=alert).values_list("job_id", flat=True)) == {e3.pk}
