"""The catalog of roles, states, visa-type ids and flagged employers, read in one query and
cached: pages look roles and states up by slug, and filters pass ids so PostgreSQL's
statistics see the values."""

import contextlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from redis.exceptions import RedisError

from listings.caching import cached
from listings.models import Role, State

CATALOG_KEY = "catalog"
_CATALOG_SQL = """
    SELECT 'role', id, slug, name, soc_code, soc_title, '', '' FROM listings_role
    UNION ALL SELECT 'state', id, slug, name, '', '', code, notes FROM listings_state
    UNION ALL SELECT 'visa', id, code, name, '', '', '', '' FROM listings_visatype
    UNION ALL SELECT 'employer', id, '', '', '', '',
        CASE WHEN cap_exempt THEN 'cap-exempt' ELSE '' END,
        CASE WHEN e_verify OR e_verify_seen IS NOT NULL THEN 'e-verify' ELSE '' END
    FROM listings_employer WHERE cap_exempt OR e_verify OR e_verify_seen IS NOT NULL
"""


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


def catalog() -> Catalog:
    """Every role and state, and the visa-type ids by code, read in one query and cached for
    five minutes: pages look them up by slug, and filters use the ids directly."""

    def load() -> Catalog:
        with connection.cursor() as cursor:
            cursor.execute(_CATALOG_SQL)
            rows = cursor.fetchall()
        result = Catalog({}, {}, {})
        for kind, pk, key, name, soc_code, soc_title, code, notes in rows:
            if kind == "role":
                result.roles[key] = Role(
                    id=pk, name=name, slug=key, soc_code=soc_code, soc_title=soc_title
                )
            elif kind == "state":
                result.states[key] = State(id=pk, code=code, name=name, slug=key, notes=notes)
            elif kind == "visa":
                result.visa_ids[key] = pk
            else:
                _flagged(result, pk, exempt=code, e_verify=notes)
        return result

    return cached(CATALOG_KEY, load, timeout=300)


def _flagged(result: Catalog, pk: int, exempt: str, e_verify: str) -> None:
    if exempt:
        result.cap_exempt_employers.append(pk)
    if e_verify:
        result.e_verify_employers.append(pk)


def forget_catalog() -> None:
    """After an employer's flags change in the admin, so filters see the change at once."""
    with contextlib.suppress(RedisError):
        cache.delete(CATALOG_KEY)
