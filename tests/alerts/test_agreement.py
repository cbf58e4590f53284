"""A saved alert means what the search page means: for every field of JobFilter, an alert
either matches exactly the jobs the page lists, or its form refuses the field with a reason.
A new filter fails here until alerts/search.py handles it and a sample below exercises it."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from accounts.models import VisaProfile
from alerts import search
from alerts.matching import match_jobs
from alerts.models import Alert, Delivery
from listings.models import Job
from listings.pages.filters import ORDER_ONLY, JobFilter
from tests.factories import (
    make_alert,
    make_city,
    make_employer,
    make_job,
    make_profile,
    make_wages,
)

pytestmark = pytest.mark.django_db

# Values a member can give each field the alert keeps; each makes the matcher choose.
SAMPLES = {
    "q": ["python", '"data pipelines" -java'],
    "role": ["data-scientist"],
    "state": ["texas"],
    "city": ["austin"],
    "visa": ["tn", "h-1b&visa=f-1-opt"],
    "remote": ["remote", "hybrid"],
    "posted": ["3"],
    "sponsored": ["here", "h1b", "green-card"],
    "cap_exempt": ["on"],
    "routes": ["on"],
    "no_lottery": ["on"],
    "experience": ["entry", "senior"],
    "min_salary": ["100000"],
    "wage_level": ["2"],
    "e_verify": ["on"],
}


def board():
    """Jobs that differ in every field, as new jobs for the alerts."""
    university = make_employer("Hollis Ridge University")
    university.naics = "611310"
    university.save()
    institute = make_employer("Carver Research Institute")
    institute.cap_exempt = True
    institute.save()
    silent = {"sponsorship": "silent", "sponsorship_evidence": "", "verified_sponsor": True}
    make_wages()  # Atlanta: Level II from $104,000 a year
    everify = make_employer("Everify Systems")
    everify.e_verify = True
    everify.save()
    year = {"salary_unit": "year"}
    return [
        make_job(),
        make_job(experience="entry", salary_min=90_000, salary_max=99_000, **year),
        make_job(experience="senior", salary_min=110_000, salary_max=150_000, **year),
        make_job(employer=everify, experience="mid"),
        make_job(e_verify=True, city="Savannah", salary_min=120_000, salary_max=130_000, **year),
        make_job(title="Python ML Engineer", visas=("h-1b", "f-1-opt"), verified_sponsor=True),
        make_job(state="texas", city="Austin", visas=("tn",), days_ago=5, employer=university),
        make_job(
            title="Data Scientist",
            role="data-scientist",
            state="texas",
            city="Austin",
            workplace="hybrid",
            description_html="<p>Python and data pipelines.</p>",
            employer=institute,
            **silent,
        ),
        make_job(
            title="Remote engineer", state=None, city=None, workplace="remote", sponsors_h1b=True
        ),
        make_job(
            title="Java data pipelines",
            description_html="<p>Java data pipelines</p>",
            sponsors_h1b=True,
            sponsors_green_card=True,
        ),
        make_job(state="georgia", city="Savannah", days_ago=10, **silent),
    ]


def test_every_search_field_is_kept_refused_or_only_orders_the_page():
    for name in JobFilter.base_filters:
        kept, refused = name in search.FIELDS, name in search.REFUSED
        assert kept or refused or name in ORDER_ONLY, f"alerts ignore the {name!r} filter"
        assert not (kept and refused), f"{name!r} is both kept and refused"


def test_every_kept_field_has_samples_here():
    assert set(SAMPLES) == set(search.FIELDS)


def page_request(user):
    """The member as the search page sees them: signed in, with their visa profile."""
    request = RequestFactory().get("/")
    request.user = user
    request.visa_profile = profile_of_user(user)
    return request


def profile_of_user(user):
    row = VisaProfile.objects.filter(user=user).first()
    return row.as_profile() if row else None


@pytest.mark.parametrize("name", list(search.FIELDS))
def test_alert_matches_what_the_search_page_lists(seeker, name):
    # An Indian graduate with no US status: of the routes the filter counts, only a
    # cap-exempt employer's H-1B fits, so "Open to my routes" chooses among the jobs.
    make_profile(seeker, ["IN"])
    jobs = board()
    alerts = [make_alert(seeker, f"{name}={value}") for value in SAMPLES[name]]
    combined = make_alert(seeker, "&".join(f"{key}={values[0]}" for key, values in SAMPLES.items()))
    alerts.append(combined)

    match_jobs(Job.objects.filter(pk__in=[job.pk for job in jobs]))

    for alert in alerts:
        listed = JobFilter(
            alert.search_params, Job.objects.listed(), request=page_request(seeker)
        ).qs
        expected = set(listed.values_list("pk", flat=True))
        matched = set(Delivery.objects.filter(alert=alert).values_list("job_id", flat=True))
        assert matched == expected, alert.query
    every_sample = [alert for alert in alerts if alert is not combined]
    some = Delivery.objects.filter(alert__in=every_sample).count()
    assert 0 < some < len(jobs) * len(every_sample)  # the field chose some jobs, not all


@pytest.mark.parametrize("name", list(search.FIELDS))
def test_alert_keeps_the_field_through_its_query_string(seeker, name):
    make_city("Austin", "texas")  # a city is one of ours, as the member typed it
    alert = make_alert(seeker, f"{name}={SAMPLES[name][0]}")
    reread = JobFilter(alert.search_params).form

    assert reread.is_valid()
    assert reread.cleaned_data[name]
    assert Alert.objects.get(pk=alert.pk).query == alert.query


def test_a_refused_filter_is_answered_with_its_reason(seeker_client, monkeypatch):
    # Refusal is how alerts meet a filter they cannot follow; check the form says so.
    monkeypatch.setitem(search.REFUSED, "cap_exempt", "Alerts cannot follow this filter yet.")

    response = seeker_client.post(
        "/alerts/new/", {"role": "data-scientist", "cap_exempt": "on", "frequency": "daily"}
    )

    assert response.status_code == 400
    assert "Alerts cannot follow this filter yet." in response.content.decode()
    assert not Alert.objects.exists()
    for name, reason in search.REFUSED.items():
        page = seeker_client.get(f"/alerts/new/?{name}=on")
        assert page.status_code == 400 and reason in page.content.decode()


def test_the_alert_offer_carries_every_kept_filter(seeker_client):
    make_job()
    query = QueryDict(mutable=True)
    for name, values in SAMPLES.items():
        query.update(QueryDict(f"{name}={values[0]}"))
    html = seeker_client.get(f"/visa-sponsorship-jobs/?{query.urlencode()}&sort=salary")
    form = html.content.decode().split('action="/alerts/new/"')[1].split("</form>")[0]

    for name in search.kept_names():
        assert f'name="{name}"' in form, name
    assert 'name="sort"' not in form


def test_an_alert_saved_from_the_old_verified_checkbox_asks_for_this_role_here(seeker):
    board()
    old = make_alert(seeker, "role=machine-learning-engineer&verified=on")
    new = make_alert(seeker, "role=machine-learning-engineer&sponsored=here")

    assert old.sponsored == "here" and old.query == new.query
    assert "Employer has sponsored: This role here" in old.describe()
    match_jobs(Job.objects.all())
    matched = set(Delivery.objects.filter(alert=old).values_list("job__title", flat=True))
    assert matched == {"Python ML Engineer", "Machine Learning Engineer"}  # the Savannah one
    assert matched == set(Delivery.objects.filter(alert=new).values_list("job__title", flat=True))
