"""The catalog of roles, states and visa-type ids, read in one query and cached: pages look
roles and states up by slug, and filters pass ids so PostgreSQL's statistics see the values."""

from dataclasses import dataclass

from django.db import connection

from listings.caching import cached
from listings.models import Role, State

_CATALOG_SQL = """
    SELECT 'role', id, slug, name, soc_code, soc_title, '', '' FROM listings_role
    UNION ALL SELECT 'state', id, slug, name, '', '', code, notes FROM listings_state
    UNION ALL SELECT 'visa', id, code, name, '', '', '', '' FROM listings_visatype
"""


@dataclass
class Catalog:
    roles: dict[str, Role]
    states: dict[str, State]
    visa_ids: dict[str, int]


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
            else:
                result.visa_ids[key] = pk
        return result

    return cached("catalog", load, timeout=300)
