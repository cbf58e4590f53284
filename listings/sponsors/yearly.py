"""Each government name's hub, LCA and PERM counts per fiscal year (`FilingYear`), rebuilt
after every government import, and the sums of an employer's names that its page reads with
the employer's own row."""

from django.db import connection, transaction
from django.db.models import JSONField
from django.db.models.expressions import RawSQL

from listings.models import LCAFiling, PermFiling
from listings.sponsors.names import MATCHED_NAMES_SQL

_COUNTS = (
    "hub_approved, hub_initial, hub_denied, lca_filed, lca_certified, lca_no_status, "
    "perm_decided, perm_certified"
)

# One pass over each filing table, grouped by name and year, joined where a name filed
# several kinds in a year.
_REBUILD_SQL = f"""
    DELETE FROM listings_filingyear;
    INSERT INTO listings_filingyear (normalized_name, fiscal_year, {_COUNTS})
    SELECT normalized_name, fiscal_year, h.approved, h.initial, h.denied,
           l.filed, l.certified, l.no_status, p.decided, p.certified
    FROM (
        SELECT normalized_name, fiscal_year,
               sum(initial_approvals + continuing_approvals) AS approved,
               sum(initial_approvals) AS initial,
               sum(initial_denials + continuing_denials) AS denied
        FROM listings_h1bapproval GROUP BY normalized_name, fiscal_year
    ) h
    FULL JOIN (
        SELECT normalized_name, fiscal_year, count(*) AS filed,
               count(*) FILTER (WHERE lower(status) = %(lca)s) AS certified,
               count(*) FILTER (WHERE status = '') AS no_status
        FROM listings_lcafiling GROUP BY normalized_name, fiscal_year
    ) l USING (normalized_name, fiscal_year)
    FULL JOIN (
        SELECT normalized_name, fiscal_year, count(*) AS decided,
               count(*) FILTER (WHERE status = ANY(%(perm)s)) AS certified
        FROM listings_permfiling GROUP BY normalized_name, fiscal_year
    ) p USING (normalized_name, fiscal_year);
"""

# An employer's years: its names' rows summed per fiscal year, a kind staying NULL where none
# of its names filed that kind. A few rows per name, read through the table's unique index.
_YEARS_SQL = f"""(
    SELECT coalesce(jsonb_agg(y ORDER BY y.fiscal_year), '[]') FROM (
        SELECT fiscal_year, {", ".join(f"sum({c}) AS {c}" for c in _COUNTS.split(", "))}
        FROM listings_filingyear
        WHERE normalized_name IN (
            SELECT name FROM ({MATCHED_NAMES_SQL}) AS matched
            WHERE employer_id = "listings_employer"."id")
        GROUP BY fiscal_year) y
)"""


@transaction.atomic
def refresh_filing_years() -> int:
    """Rebuilds the table from the filings; returns how many name-years it holds."""
    params = {"lca": LCAFiling.CERTIFIED, "perm": list(PermFiling.CERTIFIED_STATUSES)}
    with connection.cursor() as cursor:
        cursor.execute(_REBUILD_SQL, params)
        return cursor.rowcount


def filing_years() -> RawSQL:
    """An employer's counts per fiscal year as a JSON list, for annotating its own row."""
    return RawSQL(_YEARS_SQL, (), output_field=JSONField())
