"""The catalog of roles, states, visa-type ids and flagged employers, read in one query and
cached: pages look roles and states up by slug, and filters pass ids so PostgreSQL's
statistics see the values."""

import contextlib
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from redis.exceptions import RedisError

from listings import wordstats
from listings.caching import cached
from listings.models import Role, State

CATALOG_KEY = "catalog2"  # (its stamp, the catalog); "catalog" held the bare catalog
# The stamp of the catalog in the cache, alone: a few bytes to read where the catalog is 28 KB
# of pickled rows, which took 0.6 ms to fetch and unpickle, up to three times a page.
STAMP_KEY = "catalog-stamp"
CATALOG_SECONDS = 300
_CATALOG_SQL = (
    """
    SELECT 'role', id, slug, name, soc_code, soc_title, '', '' FROM listings_role
    UNION ALL SELECT 'state', id, slug, name, '', '', code, notes FROM listings_state
    UNION ALL SELECT 'visa', id, code, name, '', '', '', '' FROM listings_visatype
    UNION ALL SELECT 'employer', id, '', '', '', '',
        CASE WHEN cap_exempt THEN 'cap-exempt' ELSE '' END,
        CASE WHEN COALESCE(e_verify, e_verify_seen IS NOT NULL) THEN 'e-verify' ELSE '' END
    FROM listings_employer WHERE cap_exempt OR e_verify OR e_verify_seen IS NOT NULL
    UNION ALL SELECT 'city', c.id, c.slug, c.name, s.slug, '', s.code, COALESCE(n.jobs, 0)::text
    FROM listings_city c JOIN listings_state s ON s.id = c.state_id
    LEFT JOIN (
        SELECT city_id, sum(jobs) AS jobs FROM listings_listingcount
        WHERE city_id IS NOT NULL GROUP BY city_id
    ) n ON n.city_id = c.id
"""
    + wordstats.CATALOG_ROW
)
SUGGESTIONS = 500  # the city suggestions offer the cities with the most jobs, up to this many


@dataclass(frozen=True)
class Place:
    """A city as the search box resolves it (listings.pages.places)."""

    city_id: int
    slug: str
    name: str
    state_slug: str
    state_code: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state_code}"

    def __str__(self) -> str:
        return self.label  # what a saved search keeps, and resolves again


@dataclass
class Catalog:
    roles: dict[str, Role]
    states: dict[str, State]
    visa_ids: dict[str, int]
    # The few employers that are cap-exempt or use E-Verify: filters on `employer_id IN
    # (...)` let PostgreSQL fetch their jobs from the employer index, where a join on the
    # flags would walk every job in date order looking for them.
    cap_exempt_employers: list[int] = field(default_factory=list)
    e_verify_employers: list[int] = field(default_factory=list)
    # Every city by its slug (a slug may name cities in several states), and "City, ST" of
    # the cities with listed jobs, the busiest first, for the city box's suggestions.
    cities: dict[str, list[Place]] = field(default_factory=dict)
    city_suggestions: list[str] = field(default_factory=list)


# This process's copy of the catalog and the stamp it was cached under.
_local: tuple[int, "Catalog"] | None = None


def catalog() -> Catalog:
    """Every role, state and city, and the visa-type ids by code, read in one query and cached
    for five minutes: pages look them up by slug, and filters use the ids directly. The same
    query reads the job table's text statistics, cached apart (listings.wordstats).

    Each process keeps the copy it read last, and uses it while the cache's stamp is still
    the one that copy came with: a changed catalog (forget_catalog) or one read again after
    it expired has a new stamp, so every process sees it on its next page, as before."""
    global _local
    try:
        stamp = cache.get(STAMP_KEY)
    except RedisError:
        stamp = None
    if stamp is not None and _local is not None and _local[0] == stamp:
        return _local[1]

    def load() -> Catalog:
        with connection.cursor() as cursor:
            cursor.execute(_CATALOG_SQL)
            rows = cursor.fetchall()
        result = Catalog({}, {}, {})
        busy = []
        for kind, pk, key, name, soc_code, soc_title, code, notes in rows:
            if kind == "role":
                result.roles[key] = Role(
                    id=pk, name=name, slug=key, soc_code=soc_code, soc_title=soc_title
                )
            elif kind == "state":
                result.states[key] = State(id=pk, code=code, name=name, slug=key, notes=notes)
            elif kind == "visa":
                result.visa_ids[key] = pk
            elif kind == "words":
                wordstats.remember_stats(notes)  # cached on their own, not in the catalog
            elif kind == "city":
                place = Place(pk, key, name, soc_code, code)
                result.cities.setdefault(key, []).append(place)
                busy += [(-int(notes), place.label)] if int(notes) else []
            else:
                _flagged(result, pk, exempt=code, e_verify=notes)
        result.city_suggestions = [label for _, label in sorted(busy)[:SUGGESTIONS]]
        return result

    made = []

    def stamped() -> tuple[int, Catalog]:
        made.append(time.time_ns())
        return made[-1], load()

    stamp, result = cached(CATALOG_KEY, stamped, CATALOG_SECONDS)
    if made and made[-1] == stamp:  # the one this process read is the one cached: stamp it
        with contextlib.suppress(RedisError):
            cache.set(STAMP_KEY, stamp, CATALOG_SECONDS)
    _local = (stamp, result)
    return result


def _flagged(result: Catalog, pk: int, exempt: str, e_verify: str) -> None:
    if exempt:
        result.cap_exempt_employers.append(pk)
    if e_verify:
        result.e_verify_employers.append(pk)


def forget_catalog() -> None:
    """After an employer's flags change in the admin, so filters see the change at once."""
    global _local
    _local = None
    with contextlib.suppress(RedisError):
        cache.delete_many([STAMP_KEY, CATALOG_KEY])
