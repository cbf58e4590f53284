"""Numbers and neighbours that listing pages show: capped counts, top cities and employers,
links between role x state x city pages. Read from the ListingCount summary where possible."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from listings import keywords, wordstats
from listings.caching import cached
from listings.models import City, ListingCount, Role, State

COUNT_SECONDS = 60


@dataclass
class Place:
    name: str
    slug: str
    jobs: int


@dataclass
class Neighbours:
    states: list[Place] = field(default_factory=list)  # the same role in other states
    roles: list[Place] = field(default_factory=list)  # other roles in this state
    cities: list[Place] = field(default_factory=list)  # this role in the state's cities


def capped_count(queryset: QuerySet) -> int:
    """Counts up to COUNT_CAP + 1 rows, so a page never counts a million; past the cap the
    page says "1,000+". The rows are counted in the queryset's order: clear it (`order_by()`)
    to let PostgreSQL count them in whatever order is cheapest."""
    return queryset[: settings.COUNT_CAP + 1].count()


def shared_capped_count(queryset: QuerySet) -> int:
    """capped_count(), cached briefly under the query itself: members who run the same search
    share one count. A broad keyword costs milliseconds to count to the cap (the text index's
    long lists, or testing rows until 1,001 match: JobFilter.counted), and a count a minute
    old is as useful as a fresh one."""
    sql, params = _capped(queryset)

    def compute() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) counted", params)
            return cursor.fetchone()[0]

    return cached(_statement_key("count:", sql, params), compute, timeout=COUNT_SECONDS)


def shared_keyword_count(queryset: QuerySet, words: str) -> tuple[int, str]:
    """shared_capped_count() of a keyword search, and the words as PostgreSQL reads them (its
    tsquery, printed), selected by the same statement: what the page is read by depends on
    them (listings.wordstats). They are remembered for the next count of the same words."""
    sql, params = _capped(queryset)

    def compute() -> tuple[int, str]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM ({sql}) counted), {wordstats.TSQUERY_SQL}",
                [*params, keywords.CONFIG, words],
            )
            total, tsquery = cursor.fetchone()
        wordstats.remember_tsquery(words, tsquery)
        return total, tsquery

    key = _statement_key("words-count:", sql, params)
    return tuple(cached(key, compute, timeout=COUNT_SECONDS))


def _capped(queryset: QuerySet) -> tuple[str, tuple]:
    """The statement of the queryset's first COUNT_CAP + 1 rows, the one capped_count()
    counts; compiled once, as both what a shared count runs and what names it."""
    return queryset.values("pk")[: settings.COUNT_CAP + 1].query.sql_with_params()


def _statement_key(prefix: str, sql: str, params: tuple) -> str:
    return prefix + hashlib.sha256(repr((sql, params)).encode()).hexdigest()


def summary_count(
    role: Role | None = None, state: State | None = None, city: City | None = None
) -> int:
    """Listed jobs of a role, state or city page, or of them all, from the ListingCount
    summary: the one source of the counts on the home page, the listing pages and the links
    between them, so they agree (jobs with no state count for their role and the total)."""
    places = {"role": role, "state": state, "city": city}
    rows = ListingCount.objects.filter(**{name: row for name, row in places.items() if row})
    return rows.aggregate(jobs=Sum("jobs", default=0))["jobs"]


def agreeing_count(total: int, shown: int, complete: bool, more: bool) -> int:
    """A count (shared, or from the summary) that never contradicts the rows shown: a first
    page holding every match (`complete`) is its own count, and a page with `more` to come
    counts more than its rows. So a job imported a second ago, already on a member's page,
    is counted there before the shared count or the summary catch up."""
    if complete:
        return shown
    return max(total, shown + (1 if more else 0))


def display_count(count: int) -> str:
    return f"{settings.COUNT_CAP:,}+" if count > settings.COUNT_CAP else f"{count:,}"


def neighbours(role: Role, state: State) -> Neighbours:
    """Everything a landing page links to, in one query over the summary table."""
    rows = ListingCount.objects.filter(Q(role=role) | Q(state=state)).values_list(
        "role_id",
        "role__name",
        "role__slug",
        "state_id",
        "state__name",
        "state__slug",
        "city__name",
        "city__slug",
        "jobs",
    )
    by_state: dict[tuple, int] = defaultdict(int)
    by_role: dict[tuple, int] = defaultdict(int)
    cities = []
    for role_id, role_name, role_slug, state_id, state_name, state_slug, city, slug, jobs in rows:
        if state_id is None:
            continue  # a role's jobs with no state (remote) are on no state's page
        if role_id == role.pk and state_id != state.pk:
            by_state[state_name, state_slug] += jobs
        if state_id == state.pk and role_id != role.pk:
            by_role[role_name, role_slug] += jobs
        if role_id == role.pk and state_id == state.pk and city:
            cities.append(Place(city, slug, jobs))
    return Neighbours(
        states=_ranked(by_state), roles=_ranked(by_role), cities=sorted(cities, key=_by_jobs)
    )


def states_for_role(role: Role) -> list[Place]:
    rows = ListingCount.objects.filter(role=role, state__isnull=False)
    rows = rows.values_list("state__name", "state__slug", "jobs")
    by_state: dict[tuple, int] = defaultdict(int)
    for name, slug, jobs in rows:
        by_state[name, slug] += jobs
    return _ranked(by_state)


@dataclass
class StatePlaces:
    roles: list[Place]  # the state's roles, each linking to its role x state page
    cities: list[Place]  # the state's cities, all roles together
    no_city: int  # jobs placed in the state with no city named


def state_places(state: State) -> StatePlaces:
    """A state page's links and figures, in one query over the summary table."""
    rows = ListingCount.objects.filter(state=state).values_list(
        "role__name", "role__slug", "city__name", "city__slug", "jobs"
    )
    by_role: dict[tuple, int] = defaultdict(int)
    by_city: dict[tuple, int] = defaultdict(int)
    no_city = 0
    for role_name, role_slug, city_name, city_slug, jobs in rows:
        by_role[role_name, role_slug] += jobs
        if city_slug:
            by_city[city_name, city_slug] += jobs
        else:
            no_city += jobs
    return StatePlaces(_ranked(by_role), _ranked(by_city), no_city)


def other_cities(role: Role, city: City) -> list[Place]:
    rows = ListingCount.objects.filter(role=role, state=city.state_id, city__isnull=False)
    rows = rows.exclude(city=city).values_list("city__name", "city__slug", "jobs")
    return sorted((Place(*row) for row in rows), key=_by_jobs)


def popular_pages(limit: int = 12) -> list[dict]:
    """The role x state pages with the most jobs, for the home page."""
    rows = (
        ListingCount.objects.filter(state__isnull=False)
        .values("role__name", "role__slug", "state__name", "state__slug")
        .annotate(total=Sum("jobs"))
        .order_by("-total")[:limit]
    )
    return list(rows)


def totals_by(field: str) -> list[Place]:
    """Listed jobs per role or per state ("role" / "state"), for the home page."""
    rows = ListingCount.objects.filter(**{f"{field}__isnull": False})
    rows = rows.values_list(f"{field}__name", f"{field}__slug").annotate(total=Sum("jobs"))
    rows = rows.order_by("-total", f"{field}__name")
    return [Place(name, slug, total) for name, slug, total in rows]


def top_employers(queryset: QuerySet, key: str, limit: int = 5) -> list[dict]:
    """The employers with the most listed jobs in a page's queryset, cached briefly: the
    ranking moves slowly and this is the one aggregate a landing page runs over jobs."""

    def compute() -> list[dict]:
        rows = queryset.order_by().values("employer__name", "employer__slug")
        return list(rows.annotate(jobs=Count("id")).order_by("-jobs", "employer__name")[:limit])

    return cached(f"top-employers:{key}", compute, timeout=300)


def _by_jobs(place: Place) -> tuple:
    return (-place.jobs, place.name)


def _ranked(counts: dict[tuple, int]) -> list[Place]:
    return sorted((Place(name, slug, jobs) for (name, slug), jobs in counts.items()), key=_by_jobs)
