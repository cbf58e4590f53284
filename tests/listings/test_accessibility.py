"""Every form control a page shows has a label, and no page carries inline script or style."""

from html.parser import HTMLParser

import pytest

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_job

pytestmark = pytest.mark.django_db
PAGES = [
    "/",
    "/visa-sponsorship-jobs/",
    "/visa-sponsorship-jobs/machine-learning-engineer/",
    "/visa-sponsorship-jobs/georgia/",
    "/visa-sponsorship-jobs/?city=Atlanta%2C+GA&sort=salary",
    "/visa-sponsorship-jobs/?city=Gotham",
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/",
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/atlanta/",
    "/faq/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/applied/",
    "/accounts/saved/",
    "/alerts/",
    "/alerts/new/?role=machine-learning-engineer&state=georgia",
]


class Audit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls, self.label_for, self.inline = [], set(), []
        self.in_label = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.inline.append((tag, attrs))
        if tag == "style" or (tag == "script" and attrs.get("type") != "application/ld+json"):
            self.inline.append((tag, attrs))
        if tag == "label":
            self.in_label += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
        ):
            self.controls.append((attrs.get("name"), attrs.get("id"), self.in_label > 0))

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


def audit(html: str) -> Audit:
    parser = Audit()
    parser.feed(html)
    return parser


@pytest.fixture
def some_jobs():
    make_job()
    refresh_listing_counts()


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_every_control_is_labelled_and_nothing_is_inline(client, seeker, some_jobs, url, signed_in):
    if signed_in:
        client.force_login(seeker)
    response = client.get(url)
    if response.status_code == 302:  # sign-in pages for members, members' pages for visitors
        return

    found = audit(response.content.decode())

    unlabelled = [c for c in found.controls if not c[2] and c[1] not in found.label_for]
    assert unlabelled == []
    assert found.inline == []


def test_search_page_offers_every_filter(client, seeker, some_jobs):
    anonymous = audit(client.get("/visa-sponsorship-jobs/").content.decode())
    client.force_login(seeker)
    member = audit(client.get("/visa-sponsorship-jobs/").content.decode())

    names = {"q", "role", "state", "city", "remote", "posted"}
    assert names <= {name for name, _, _ in anonymous.controls}
    assert names | {"visa", "sort"} <= {name for name, _, _ in member.controls}


@pytest.mark.parametrize("signed_in", [False, True])
def test_job_and_employer_pages_are_clean_too(client, seeker, signed_in):
    job = make_job()
    if signed_in:
        client.force_login(seeker)

    for url in (job.get_absolute_url(), f"/employers/{job.employer.slug}/"):
        found = audit(client.get(url).content.decode())
        assert [c for c in found.controls if not c[2] and c[1] not in found.label_for] == []
        assert found.inline == []
