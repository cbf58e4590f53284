"""Each government name's hub, LCA and PERM counts per fiscal year (`FilingYear`), rebuilt
kind by kind after an import of that kind, and the sums of an employer's names that its
page reads with the employer's own row."""

from django.db import connection, transaction
from django.db.models import JSONField
from django.db.models.expressions import RawSQL

from listings.models import DataImport, LCAFiling, PermFiling
from listings.sponsors.names import MATCHED_NAMES_SQL

# One pass over one filing table, grouped by name and year: the columns of its kind.
_REBUILD_SQL = {
    DataImport.Kind.HUB: """
        INSERT INTO listings_filingyear (normalized_name, kind, fiscal_year, hub_approved,
                                         hub_initial, hub_denied)
        SELECT normalized_name, 'hub', fiscal_year,
               sum(initial_approvals + continuing_approvals), sum(initial_approvals),
               sum(initial_denials + continuing_denials)
        FROM listings_h1bapproval GROUP BY normalized_name, fiscal_year
    """,
    DataImport.Kind.LCA: """
        INSERT INTO listings_filingyear (normalized_name, kind, fiscal_year, lca_filed,
                                         lca_certified, lca_no_status)
        SELECT normalized_name, 'lca', fiscal_year, count(*),
               count(*) FILTER (WHERE lower(status) = %(lca)s),
               count(*) FILTER (WHERE status = '')
        FROM listings_lcafiling GROUP BY normalized_name, fiscal_year
    """,
    DataImport.Kind.PERM: """
        INSERT INTO listings_filingyear (normalized_name, kind, fiscal_year, perm_decided,
                                         perm_certified)
        SELECT normalized_name, 'perm', fiscal_year, count(*),
               count(*) FILTER (WHERE status = ANY(%(perm)s))
        FROM listings_permfiling GROUP BY normalized_name, fiscal_year
    """,
}
KINDS = tuple(_REBUILD_SQL)
COUNTS = ("hub_approved", "hub_initial", "hub_denied", "lca_filed", "lca_certified",
          "lca_no_status", "perm_decided", "perm_certified")  # fmt: skip

# An employer's years: its names' rows summed per fiscal year; a kind's columns stay NULL
# where none of its names filed that kind. A few rows per name, read through the table's
# unique index.
_YEARS_SQL = f"""(
    SELECT coalesce(jsonb_agg(y ORDER BY y.fiscal_year), '[]') FROM (
        SELECT fiscal_year, {", ".join(f"sum({c}) AS {c}" for c in COUNTS)}
        FROM listings_filingyear
        WHERE normalized_name IN (
            SELECT name FROM ({MATCHED_NAMES_SQL}) AS matched
            WHERE employer_id = "listings_employer"."id")
        GROUP BY fiscal_year) y
)"""


@transaction.atomic
def refresh_filing_years(kinds: tuple[str, ...] = KINDS) -> int:
    """Rebuilds the rows of `kinds` (DataImport.Kind values) from their filings; returns how
    many it wrote."""
    params = {"lca": LCAFiling.CERTIFIED, "perm": list(PermFiling.CERTIFIED_STATUSES)}
    written = 0
    with connection.cursor() as cursor:
        for kind in kinds:
            cursor.execute("DELETE FROM listings_filingyear WHERE kind = %s", [kind])
            cursor.execute(_REBUILD_SQL[kind], params)
            written += cursor.rowcount
    return written


def filing_years() -> RawSQL:
    """An employer's counts per fiscal year as a JSON list, for annotating its own row."""
    return RawSQL(_YEARS_SQL, (), output_field=JSONField())
