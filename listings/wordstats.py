"""How common a keyword search's words are, and how far back in time a page of their matches
reaches, estimated from the statistics PostgreSQL keeps for its planner (`pg_stats`: the
search vector's most common lexemes with their shares of jobs, the posting dates'
histogram), which every ANALYZE refreshes (autovacuum's, and the one after a large import).

How a keyword search is counted (JobFilter.counted) and its page read (views._page):
- words on a large share of jobs ("engineer", "manager"): counted by testing rows from the
  newest row back until 1,001 match, and the page read along the date index, testing each
  job, which meets a page of matches within a few hundred rows;
- rarer words ("director", an employer's name): counted from the text index, by the rarest
  word alone (then the whole words tested on each row it names); the page, when more than
  the count's cap match, read from a window of recent postings sized to hold a page of them,
  the date index and the rarest word's list ANDed as bitmaps (pages.paging.windowed_page);
- at most the cap's matches: all of them from the text index, ranked.
The estimates only choose among plans that return the same rows; a wrong one costs time.
"""

import bisect
import contextlib
import hashlib
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from django.core.cache import cache
from django.db import connection
from redis.exceptions import RedisError

from listings.caching import cached

STATS_KEY = "word-stats"
# ANALYZE changes them a few times a day at most. Longer than the catalog's five minutes,
# whose query refreshes them.
STATS_SECONDS = 600
QUERY_SECONDS = 86400  # how PostgreSQL reads words changes only with its text search config
# Words on at least this share of jobs are read along the date index, and counted along the
# primary key (newest rows first) without the text index: a page of 26 is then met within a
# few hundred rows and the count's 1,001 within about 20,000, where the text index would
# hand over 70,000 row addresses or more. Below it, the text index.
DENSE = 0.07
# A window is sized to hold this many times the matches a page needs, so that words rarer
# than their estimate, or filters that narrow the search further, seldom need a second one.
MARGIN = 4
# A window past this share of the table saves nothing: read every match instead.
WIDEST = 0.5

# The planner's statistics of the job table as one JSON object: its rows, the search
# vector's most common lexemes and their shares, and the posting-date histogram (epochs).
_STATS = """(
    SELECT json_build_object(
        'rows', c.reltuples,
        'lexemes', (SELECT array_to_json(most_common_elems::text::text[]) FROM pg_stats
                    WHERE schemaname = n.nspname AND tablename = c.relname
                      AND attname = 'search_vector'),
        'shares', (SELECT array_to_json(most_common_elem_freqs) FROM pg_stats
                   WHERE schemaname = n.nspname AND tablename = c.relname
                     AND attname = 'search_vector'),
        'posted', (SELECT array_to_json(array_agg(extract(epoch FROM bound) ORDER BY bound))
                   FROM pg_stats, unnest(histogram_bounds::text::timestamptz[]) bound
                   WHERE schemaname = n.nspname AND tablename = c.relname
                     AND attname = 'posted_at'))::text
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.oid = 'listings_job'::regclass
)"""
# A row of the catalog's query (listings.taxonomy.catalog), which loads the statistics with
# everything else a listing page looks up, so a page never spends a statement on them.
CATALOG_ROW = f"UNION ALL SELECT 'words', 0, '', '', '', '', '', {_STATS}"
# The words as PostgreSQL reads them, printed: the count's statement selects it too
# (listings.pages.page_data.shared_capped_count).
TSQUERY_SQL = "websearch_to_tsquery(%s::regconfig, %s)::text"


@dataclass(frozen=True)
class WordStats:
    rows: float  # jobs in the table, as of the last ANALYZE
    lexemes: dict[str, float]  # the most common lexemes: the share of jobs holding each
    floor: float  # the least share in that list; any other lexeme is on fewer jobs
    posted: tuple[datetime, ...]  # posting-date bounds, ascending, with equal jobs between

    @property
    def known(self) -> bool:
        return self.rows > 0 and len(self.posted) > 1

    @classmethod
    def from_json(cls, text: str | None) -> "WordStats":
        data = json.loads(text) if text else {}
        lexemes, shares = data.get("lexemes") or [], data.get("shares") or []
        # The shares end with the least and the greatest of them (and the null share).
        floor = shares[len(lexemes)] if lexemes and len(shares) > len(lexemes) else 1.0
        posted = tuple(datetime.fromtimestamp(bound, UTC) for bound in data.get("posted") or ())
        rows = max(float(data.get("rows") or 0), 0.0)
        return cls(rows, dict(zip(lexemes, shares, strict=False)), floor, posted)


# Each process keeps the statistics it read last for a minute: a thousand lexemes are not
# worth a cache read and an unpickling on every keyword search.
LOCAL_SECONDS = 60
_local: tuple[float, WordStats] | None = None


def remember_stats(text: str | None) -> WordStats:
    """Keeps the statistics the catalog's query read (CATALOG_ROW), a little longer than the
    catalog, so that while it is cached they are too."""
    global _local
    stats = WordStats.from_json(text)
    with contextlib.suppress(RedisError):
        cache.set(STATS_KEY, stats, STATS_SECONDS)
    _local = (time.monotonic() + LOCAL_SECONDS, stats)
    return stats


def forget_local() -> None:
    """Drops this process's copy: the next read takes the cache's (tests, after ANALYZE)."""
    global _local
    _local = None


def word_stats() -> WordStats:
    """The statistics: this process's copy, the cache's (the catalog's query fills it), or
    read alone."""
    global _local
    if _local is not None and time.monotonic() < _local[0]:
        return _local[1]

    def load() -> WordStats:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {_STATS}")
            return WordStats.from_json(cursor.fetchone()[0])

    stats = cached(STATS_KEY, load, STATS_SECONDS)
    _local = (time.monotonic() + LOCAL_SECONDS, stats)
    return stats


def _query_key(words: str) -> str:
    return "tsquery:" + hashlib.sha256(words.encode()).hexdigest()


def known_tsquery(words: str) -> str | None:
    """How PostgreSQL read these words, if a count read them lately (remember_tsquery)."""
    try:
        return cache.get(_query_key(words))
    except RedisError:
        return None


def remember_tsquery(words: str, tsquery: str) -> None:
    with contextlib.suppress(RedisError):
        cache.set(_query_key(words), tsquery, QUERY_SECONDS)


@dataclass(frozen=True)
class Words:
    """A keyword search as PostgreSQL reads it, and the statistics to judge it by."""

    tsquery: str
    stats: WordStats

    @cached_property
    def reading(self) -> "Reading":
        return read_tsquery(self.tsquery, self.stats)

    @property
    def share(self) -> float:
        return self.reading.share

    @property
    def dense(self) -> bool:
        return self.share >= DENSE

    @property
    def rarest(self) -> str | None:
        """The rarest lexeme every match holds, as a tsquery ("'peachtre'"): the text index
        reads its one list of jobs, where it would intersect the lists of all the words and
        PostgreSQL would expect too few matches to AND it with the date index."""
        required = self.reading.required
        return min(required, key=required.__getitem__) if required else None

    def window_start(self, before: datetime, rows: float) -> datetime | None:
        return window_start(self.stats, before, rows)


# Words as typed, for guess(): a quoted phrase, "or", or a word (maybe excluded with "-"),
# and the pieces PostgreSQL's parser may make of a word ("h-1b": h-1b, h, 1b; "e-3": e, -3).
_TYPED = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
_PIECE = re.compile(r"[a-z0-9]+|-[0-9]+")


def guess(words: str, stats: WordStats) -> float:
    """The share of jobs typed words match, guessed without asking PostgreSQL how it reads
    them: each word by the common lexemes it or its pieces are, or start with (PostgreSQL
    stems "robotics" to "robot"), the rarest of the words that must appear, alternatives
    added. Only the count of a search not seen in the last day is planned with it; after
    that count the words are known as PostgreSQL reads them (known_tsquery)."""
    alternatives, current = [], []
    for phrase_minus, phrase, word_minus, word in _TYPED.findall(words.lower()):
        if word == "or" and not word_minus:
            alternatives.append(current)
            current = []
        elif not (phrase_minus or word_minus):  # an exclusion narrows a little: left out
            current += [_word_share(part, stats) for part in (phrase or word).split()]
    alternatives.append(current)
    shares = [min(group) for group in alternatives if group]
    return min(1.0, sum(shares)) if shares else 1.0


def _word_share(word: str, stats: WordStats) -> float:
    known = [
        share
        for piece in {word, *_PIECE.findall(word)}
        if (share := _lexeme_share(piece, stats)) is not None
    ]
    return min(known) if known else stats.floor


def _lexeme_share(piece: str, stats: WordStats) -> float | None:
    if (share := stats.lexemes.get(piece)) is not None:
        return share
    for end in range(len(piece) - 1, max(len(piece) - 4, 2), -1):
        if (share := stats.lexemes.get(piece[:end])) is not None:
            return share
    return None


# What PostgreSQL prints for a tsquery: quoted lexemes (a quote inside doubled, maybe a
# weight or prefix mark after), the operators, and parentheses.
_TOKEN = re.compile(r"'(?:[^']|'')*'(?::[*A-Da-d]+)?|<\d+>|<->|[&|!()]")


@dataclass(frozen=True)
class Reading:
    share: float  # of jobs matched, estimated
    required: dict[str, float]  # lexemes (as printed, quotes and all) every match holds


def read_tsquery(tsquery: str, stats: WordStats) -> Reading:
    """The estimated share of jobs a tsquery (as PostgreSQL prints it) matches, and the
    lexemes every match must hold. A lexeme's share is its own, or the floor for one not
    among the most common; words that must all appear (AND, phrases) share the rarest one's,
    so words that always come together (an employer's name) are not taken for a rare
    combination, as PostgreSQL's planner takes them (it multiplies); alternatives add up."""
    tokens = _TOKEN.findall(tsquery)
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def all_of(readings: list[Reading]) -> Reading:
        required = {lexeme: x for reading in readings for lexeme, x in reading.required.items()}
        return Reading(min(reading.share for reading in readings), required)

    def alternatives() -> Reading:
        readings = [together()]
        while peek() == "|":
            take()
            readings.append(together())
        if len(readings) == 1:
            return readings[0]
        shared = set.intersection(*(set(reading.required) for reading in readings))
        required = {lexeme: readings[0].required[lexeme] for lexeme in shared}
        return Reading(min(1.0, sum(reading.share for reading in readings)), required)

    def together() -> Reading:
        readings = [phrase()]
        while peek() == "&":
            take()
            readings.append(phrase())
        return all_of(readings)

    def phrase() -> Reading:
        readings = [single()]
        while (token := peek()) is not None and token.startswith("<"):
            take()
            readings.append(single())
        return all_of(readings)

    def single() -> Reading:
        token = take() if peek() is not None else ""
        if token == "!":
            return Reading(1.0 - single().share, {})
        if token == "(":
            reading = alternatives()
            if peek() == ")":
                take()
            return reading
        if token.startswith("'"):
            lexeme = token[1 : token.rindex("'")].replace("''", "'")
            value = stats.lexemes.get(lexeme, stats.floor)
            return Reading(value, {token: value})
        return Reading(1.0, {})  # nothing to read: assume every job, the safe side

    return alternatives() if tokens else Reading(0.0, {})


def window_start(stats: WordStats, before: datetime, rows: float) -> datetime | None:
    """The posting time after which about `rows` jobs were posted up to `before`, read from
    the histogram (equal numbers of jobs between its bounds, spread evenly within each);
    None when that reaches past the oldest job, or the table is not analysed yet."""
    if not stats.known or rows >= stats.rows * WIDEST:
        return None
    bounds = stats.posted
    per_bucket = stats.rows / (len(bounds) - 1)
    high = min(before, bounds[-1])
    index = bisect.bisect_left(bounds, high)
    while index > 0:
        low = bounds[index - 1]
        span = (bounds[index] - low).total_seconds()
        part = per_bucket * ((high - low).total_seconds() / span if span > 0 else 1.0)
        if part >= rows:
            return high - timedelta(seconds=span * rows / per_bucket)
        rows -= part
        high, index = low, index - 1
    return None
