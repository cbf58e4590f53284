import pytest

from listings.ingest.normalize import (
    Place,
    near_identical,
    parse_location,
    role_for_title,
    title_key,
)
from listings.ingest.prepare import mentions_e_verify
from listings.ingest.salary import parse_salary_text


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Sr. ML Engineer II", "machine-learning-engineer"),
        ("Senior Software Engineer", "software-engineer"),
        ("Staff SWE, Payments", "software-engineer"),
        ("Jr. Data Scientist", "data-scientist"),
        ("Analytics Engineering", "data-engineer"),
        ("Android Engineer", "mobile-engineer"),
        ("Director of Engineering, Trading Products", "engineering-manager"),
        ("SRE - Fleet Reliability", "site-reliability-engineer"),
        ("Sr. Front-End Engineer (remote)", "frontend-engineer"),
        ("SQL DBA - REMOTE", "database-administrator"),
        ("Senior Product Marketing Manager", None),
        ("AML Investigator, Crypto", None),
        ("Premier Support Engineer 2", None),
        ("", None),
    ],
)
def test_titles_map_to_our_roles(title, role):
    assert role_for_title(title) == role


def test_title_keys_ignore_seniority_and_punctuation():
    assert title_key("Sr. ML Engineer II") == title_key("Senior ML Engineer")
    assert title_key("Data Engineer") != title_key("Data Scientist")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Atlanta, GA", Place("Atlanta", "GA", False, False)),
        ("San Francisco, California, USA", Place("San Francisco", "CA", False, False)),
        ("Denver, CO; New York, NY; Westlake, TX", Place("Denver", "CO", False, False)),
        ("New York, NY (HQ)", Place("New York", "NY", False, False)),
        ("Bellevue", Place("Bellevue", "WA", False, False)),
        ("Austin, TX (Hybrid)", Place("Austin", "TX", False, True)),
        ("Remote - US", Place(None, None, True, False)),
        ("United States", Place(None, None, True, False)),
        ("Toronto, Canada", None),
        ("Remote - UK", None),
        ("London or Remote (EMEA)", None),
        ("", None),
        ("x" * 10_000, None),
    ],
)
def test_locations_map_to_a_us_city_state_or_us_remote(text, place):
    assert parse_location(text) == place


@pytest.mark.parametrize(
    ("text", "salary"),
    [
        ("$124,900 - $187,300 per year", (124900, 187300, "year")),
        ("Pay rate range: $55-$60/hr on W2", (55, 60, "hour")),
        ("$120K–$150K", (120000, 150000, "year")),
        ("$7,500 to $9,000 a month", (7500, 9000, "month")),
        ("Founded in 2010, 500 - 1000 employees", None),
        ("$40 - $50 per year", None),
        ("", None),
    ],
)
def test_salary_text(text, salary):
    parsed = parse_salary_text(text)
    assert (tuple(parsed) if parsed else None) == salary


def test_near_identical_descriptions():
    text = "Build ranking models with the search team and ship them to millions of users daily."
    assert near_identical(text, text + " Req 123.")
    assert not near_identical(text, "Run the payroll for our offices in three countries.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This employer participates in E-Verify.", True),
        ("We use e-verify to confirm work authorization.", True),
        ("E Verify participant", True),
        ("We verify every reference.", False),
        ("", False),
    ],
)
def test_postings_with_the_e_verify_notice_are_marked(text, expected):
    assert mentions_e_verify(text) is expected
