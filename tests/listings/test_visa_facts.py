"""The facts table: every fact carries a source and a checked date; the facts page and the
admin list them and mark the ones not checked for 180 days, counted from the day they are
shown (the tests move the facts' dates, never the calendar)."""

import dataclasses
from datetime import date, timedelta

import pytest
from django.utils import timezone

from listings.visas import facts
from listings.visas.facts import FACTS, REVIEW_AFTER
from listings.visas.routes import ROUTES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fact", list(FACTS.values()), ids=list(FACTS))
def test_every_fact_has_a_source_and_a_checked_date(fact):
    assert fact.source.strip() and fact.url.startswith("https://")
    assert isinstance(fact.checked, date)
    assert fact.says.strip() and fact.feeds.strip() and fact.value is not None
    assert fact.topic in facts.TOPICS and fact.confidence in ("H", "M", "L")


def test_a_fact_is_due_for_review_after_180_days_from_the_day_asked():
    fact = FACTS["h1b_cap"]
    assert not fact.due_for_review(fact.checked + REVIEW_AFTER)
    assert fact.due_for_review(fact.checked + REVIEW_AFTER + timedelta(days=1))
    assert facts.due_for_review(fact.checked) == []
    everything = facts.due_for_review(max(f.checked for f in FACTS.values()) + timedelta(days=181))
    assert len(everything) == len(FACTS)


def test_the_payment_fact_says_it_is_in_litigation():
    payment = FACTS["payment_100k"]
    assert payment.value == 100_000 and "litigation" in payment.caveat
    assert payment.url.startswith("https://www.uscis.gov/")


@pytest.fixture
def one_old_fact(monkeypatch):
    """The table as it would be if one fact had been checked 181 days ago and another today."""
    today = timezone.localdate()
    table = [
        dataclasses.replace(f, checked=today - timedelta(days=181))
        if f.key == "e3_quota"
        else dataclasses.replace(f, checked=today)
        for f in facts._FACTS
    ]
    monkeypatch.setattr(facts, "_FACTS", table)
    monkeypatch.setattr(facts, "FACTS", {f.key: f for f in table})
    return table


def test_the_facts_page_lists_routes_sources_and_dates(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        html = client.get("/visas/").content.decode()
    for route in ROUTES:
        assert route.name in html and route.source_url in html
    for fact in FACTS.values():
        assert f'id="fact-{fact.key}"' in html and fact.url in html
    assert "Checked on" in html and "$100,000" in html and "May have changed:" in html


def test_the_facts_page_marks_facts_due_for_review(client, one_old_fact):
    html = client.get("/visas/").content.decode()
    assert html.count("due for review</strong>") == 1
    marked = html.split('id="fact-e3_quota"')[1].split(">", 1)[0]
    assert 'class="fact--due"' in marked
    assert "1 fact is due for review" in html


def test_the_admin_marks_facts_due_for_review(staff, client, one_old_fact):
    staff_client = client
    staff_client.force_login(staff)
    html = staff_client.get("/admin/visa-facts/").content.decode()
    assert html.count("Due for review") == 1 and html.count("Up to date") == len(FACTS) - 1
    assert "/admin/visa-facts/" in staff_client.get("/admin/").content.decode()


def test_the_admin_facts_page_is_for_staff_only(seeker_client):
    response = seeker_client.get("/admin/visa-facts/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_routes_panel_and_faq_link_the_facts_page(client):
    assert 'href="/visas/"' in client.get("/faq/").content.decode()
