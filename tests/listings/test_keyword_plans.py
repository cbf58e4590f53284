"""The ways a keyword search is counted and read (listings.wordstats) list the same jobs, in
the same order, with the same count: words on many jobs, rarer words read from windows of
recent postings (however many windows it takes), and few matches, ranked."""

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from listings import wordstats
from listings.caching import bump_jobs_version
from listings.keywords import matches
from listings.models import Job
from listings.taxonomy.catalog import catalog
from tests.factories import make_employer, make_job

SEARCH = "/visa-sponsorship-jobs/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    """60 jobs over 60 days: "kite" on every second one, "glider" on every seventh (a title
    now and then), one refused posting and one expired job that say both."""
    rng = random.Random(7)
    quill = make_employer("Quillfeather Labs")
    for n in range(60):
        words = ["kite"] * (n % 2 == 0) + ["glider"] * (n % 7 == 0)
        title = "Glider Pilot" if n % 14 == 0 else f"Engineer {n}"
        make_job(
            title=title,
            employer=quill if n % 3 == 0 else None,
            description_html=f"<p>Work on {' and '.join(words) or 'boats'}.</p>",
            days_ago=n + rng.random() / 2,
        )
    make_job(
        title="Kite glider tester",
        sponsorship=Job.Sponsorship.REFUSED,
        sponsorship_evidence="No sponsorship.",
    )
    make_job(title="Kite glider rigger", expired_at="2020-01-01T00:00:00Z")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE listings_job")  # the statistics the plans are chosen by
    cache.clear()
    wordstats.forget_local()


def walk(client, params: dict) -> tuple[list[int], list[str]]:
    """Every job of a search, page by page, and the count each page showed."""
    seen, counts, query = [], [], dict(params)
    for _ in range(40):
        bump_jobs_version()  # a page rendered, not the member page cached a moment ago
        response = client.get(SEARCH, query)
        seen += [job.pk for job in response.context["jobs"]]
        counts.append(response.context["total_display"])
        cursor = response.context["page"].next_cursor
        if not cursor:
            return seen, counts
        query = {**params, "after": cursor}
    raise AssertionError("the pages never ended")


def newest_first(words: str, **filters) -> list[int]:
    rows = Job.objects.listed().filter(matches(words), **filters).order_by("-posted_at", "-id")
    return list(rows.values_list("pk", flat=True))


@pytest.mark.parametrize("words", ["kite", "glider", "kite glider", "quillfeather kite"])
@pytest.mark.parametrize(
    "plan",
    [
        {"DENSE": 0.0},  # every word counted and paged as a common one
        {"DENSE": 2.0},  # every word read from windows sized by its share
        {"DENSE": 2.0, "MARGIN": 0.02},  # windows far too small: widened, then the rest
    ],
)
def test_every_plan_lists_the_newest_matches_once_with_the_count(
    seeker_client, board, settings, monkeypatch, words, plan
):
    settings.COUNT_CAP = 3  # more matches than this: newest first, not ranked
    settings.PAGE_SIZE = 4
    for name, value in plan.items():
        monkeypatch.setattr(wordstats, name, value)
    expected = newest_first(words)
    assert len(expected) > settings.COUNT_CAP

    for seen_before in (False, True):  # a guess plans the first count, the words the next
        if not seen_before:
            cache.delete(wordstats._query_key(words))
        seen, counts = walk(seeker_client, {"q": words})
        assert seen == expected
        assert set(counts) == {"3+"}


def test_a_window_narrowed_by_other_filters_still_finds_every_match(
    seeker_client, board, settings, monkeypatch
):
    settings.COUNT_CAP = 2
    settings.PAGE_SIZE = 3
    monkeypatch.setattr(wordstats, "DENSE", 2.0)
    params = {"q": "kite", "posted": "30", "state": "georgia"}

    seen, _ = walk(seeker_client, params)

    assert (
        seen
        == newest_first(
            "kite", posted_at__gte=Job.objects.order_by().first().created_at.replace(year=2000)
        )[: len(seen)]
    )
    assert len(seen) == 15  # "kite" every second day of the last 30


def test_few_matches_are_ranked_whatever_the_plan(seeker_client, board, monkeypatch):
    monkeypatch.setattr(wordstats, "DENSE", 2.0)

    found = [job.title for job in seeker_client.get(SEARCH, {"q": "glider"}).context["jobs"]]

    assert found[:5] == ["Glider Pilot"] * 5  # titles first, then descriptions
    assert len(found) == 9 and "Kite glider tester" not in found


def test_common_words_are_counted_from_the_newest_rows_and_rarer_ones_read_in_windows(
    seeker_client, board, settings, monkeypatch
):
    settings.COUNT_CAP, settings.PAGE_SIZE = 3, 4
    monkeypatch.setattr(wordstats, "DENSE", 0.3)  # "kite" (half the jobs) is common here
    monkeypatch.setattr(wordstats, "MARGIN", 0.5)  # a window short of this small table

    with CaptureQueriesContext(connection) as common:
        seeker_client.get(SEARCH, {"q": "kite"})
    with CaptureQueriesContext(connection) as rarer:
        seeker_client.get(SEARCH, {"q": "glider"})

    count = next(q["sql"] for q in common.captured_queries if "count(*)" in q["sql"])
    assert "ts_match_vq" in count and "ORDER BY 1 DESC" in count  # the newest rows first
    page = [q["sql"] for q in rarer.captured_queries if '"posted_at" >=' in q["sql"]]
    assert page and "'''glider'''::tsquery" in page[0]  # its list ANDed with the window


def test_the_statistics_come_with_the_catalog(board, django_assert_num_queries):
    with django_assert_num_queries(1):
        catalog()
        stats = wordstats.word_stats()

    assert stats.rows >= 60 and stats.known
    assert 0.4 < stats.lexemes["kite"] < 0.6


@pytest.mark.parametrize(
    ("tsquery", "share", "rarest"),
    [
        ("'engin'", 0.8, "'engin'"),
        ("'peachtre' & 'analyt'", 0.01, "'peachtre'"),
        ("'h-1b' <-> 'h' <-> '1b'", 0.3, "'h-1b'"),
        ("'rank' & !'ad'", 0.02, "'rank'"),
        ("'python' | 'fpga'", 0.3 + 0.001, None),
        ("( 'python' | 'peachtre' ) & 'engin'", 0.31, "'engin'"),
        ("!'engin'", 0.2, None),
        ("", 0.0, None),
    ],
)
def test_how_common_words_are_is_read_from_their_tsquery(tsquery, share, rarest):
    stats = wordstats.WordStats(
        rows=1000,
        lexemes={"engin": 0.8, "peachtre": 0.01, "analyt": 0.1, "h-1b": 0.3, "h": 0.3,
                 "1b": 0.3, "rank": 0.02, "ad": 0.05, "python": 0.3},
        floor=0.001,
        posted=(),
    )  # fmt: skip
    words = wordstats.Words(tsquery, stats)

    assert words.share == pytest.approx(share)
    assert words.rarest == rarest


def test_typed_words_are_guessed_like_postgresql_reads_them():
    stats = wordstats.WordStats(
        1000, {"robot": 0.02, "engin": 0.8, "h-1b": 0.3, "e": 0.1, "-3": 0.07}, 0.001, ()
    )

    assert wordstats.guess("Robotics engineer", stats) == 0.02
    assert wordstats.guess("h-1b", stats) == 0.3
    assert wordstats.guess("e-3", stats) == 0.07
    assert wordstats.guess("robotics or engineer", stats) == pytest.approx(0.82)
    assert wordstats.guess("engineer -robotics", stats) == 0.8
    assert wordstats.guess("xylophonist", stats) == 0.001


def test_the_search_vector_is_kept_in_the_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute"
            " WHERE attrelid = 'listings_job'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone()[0] == "m"  # MAIN: in the row unless it cannot fit
