"""Each job's `verified_sponsor` flag, kept in step with the imported filings, and the
evidence sentence a card shows for it."""

from datetime import date

from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from listings.models import LCAFiling, SponsorEvidence
from listings.sponsors.names import MATCHED_NAMES_SQL, fill_normalized_names
from listings.taxonomy.catalog import forget_catalog
from listings.taxonomy.counts import refresh_listing_counts

_HISTORY_YEARS = 2  # "the last two fiscal years", counted before the current one


def current_fiscal_year(today: date | None = None) -> int:
    """US federal fiscal years start on October 1: FY2026 runs Oct 2025 - Sep 2026."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year


def history_window_start(today: date | None = None) -> int:
    """The oldest fiscal year that still counts as recent history: the current fiscal year
    and the two before it, since a year's filings are only complete once it has ended."""
    return current_fiscal_year(today) - _HISTORY_YEARS


_REBUILD_EVIDENCE_SQL = f"""
    WITH names AS ({MATCHED_NAMES_SQL}),
    certified AS (
        SELECT m.employer_id, f.soc_code, f.worksite_state, f.fiscal_year
        FROM listings_lcafiling f JOIN names m ON m.name = f.normalized_name
        WHERE lower(f.status) = %s AND f.soc_code <> '' AND f.fiscal_year >= %s
    )
    INSERT INTO listings_sponsorevidence (employer_id, soc_code, state, fiscal_year,
                                          certified_lcas)
    SELECT employer_id, soc_code, worksite_state, fiscal_year, count(*)
    FROM certified WHERE worksite_state <> ''
    GROUP BY employer_id, soc_code, worksite_state, fiscal_year
    UNION ALL
    SELECT employer_id, soc_code, '', fiscal_year, count(*)
    FROM certified GROUP BY employer_id, soc_code, fiscal_year
"""

# One UPDATE for every job whose flag is wrong. Remote jobs (no state) count history in any
# state; the evidence table already holds only the recent fiscal years. A changed flag is a
# change to the job: its cached card (listings.pages.cards) is keyed on updated_at.
_UPDATE_JOBS_SQL = """
    UPDATE listings_job j SET verified_sponsor = v.verified, updated_at = now()
    FROM (
        SELECT j2.id, EXISTS (
            SELECT 1 FROM listings_sponsorevidence ev
            WHERE ev.employer_id = j2.employer_id AND ev.soc_code = r.soc_code
              AND ev.state = COALESCE(s.code, '')
        ) AS verified
        FROM listings_job j2
        JOIN listings_role r ON r.id = j2.role_id
        LEFT JOIN listings_state s ON s.id = j2.state_id
    ) v
    WHERE v.id = j.id AND j.verified_sponsor IS DISTINCT FROM v.verified
"""

# Flags come from the employer's latest filing that states them.
_UPDATE_EMPLOYERS_SQL = f"""
    WITH names AS ({MATCHED_NAMES_SQL}),
    latest AS (
        SELECT m.employer_id,
            (array_agg(f.naics ORDER BY f.decision_date DESC NULLS LAST, f.fiscal_year DESC)
                FILTER (WHERE f.naics <> ''))[1] AS naics,
            (array_agg(f.h1b_dependent ORDER BY f.decision_date DESC NULLS LAST,
                f.fiscal_year DESC) FILTER (WHERE f.h1b_dependent IS NOT NULL))[1] AS dependent,
            (array_agg(f.willful_violator ORDER BY f.decision_date DESC NULLS LAST,
                f.fiscal_year DESC) FILTER (WHERE f.willful_violator IS NOT NULL))[1] AS violator
        FROM listings_lcafiling f JOIN names m ON m.name = f.normalized_name
        GROUP BY m.employer_id
    )
    UPDATE listings_employer e SET
        naics = COALESCE(l.naics, e.naics),
        h1b_dependent = COALESCE(l.dependent, e.h1b_dependent),
        willful_violator = COALESCE(l.violator, e.willful_violator)
    FROM latest l
    WHERE l.employer_id = e.id AND (
        e.naics IS DISTINCT FROM COALESCE(l.naics, e.naics)
        OR e.h1b_dependent IS DISTINCT FROM COALESCE(l.dependent, e.h1b_dependent)
        OR e.willful_violator IS DISTINCT FROM COALESCE(l.violator, e.willful_violator)
    )
"""


# An employer is known to use E-Verify on all its jobs once any posting of its carries the
# E-Verify notice ('notice', the stronger word) or states sponsorship for STEM OPT, which only
# an E-Verify employer can give ('stem-opt'). The notices come from the partial index on
# e_verify, the STEM OPT postings from the visa-type link table.
_E_VERIFY_SEEN_SQL = """
    WITH seen AS (
        SELECT j.employer_id,
               CASE WHEN bool_or(j.e_verify) THEN 'notice' ELSE 'stem-opt' END AS seen
        FROM listings_job j
        WHERE j.e_verify
           OR (j.sponsorship = 'stated' AND j.id IN (
                SELECT jv.job_id FROM listings_job_visa_types jv
                JOIN listings_visatype v ON v.id = jv.visatype_id
                WHERE v.code = 'f-1-stem-opt'))
        GROUP BY j.employer_id
    )
    UPDATE listings_employer e SET e_verify_seen = s.seen
    FROM (SELECT e2.id, seen.seen FROM listings_employer e2
          LEFT JOIN seen ON seen.employer_id = e2.id) s
    WHERE e.id = s.id AND e.e_verify_seen IS DISTINCT FROM s.seen
"""


def refresh_e_verify_employers() -> int:
    """Marks each employer whose postings show E-Verify; returns how many changed."""
    with connection.cursor() as cursor:
        cursor.execute(_E_VERIFY_SEEN_SQL)
        changed = cursor.rowcount
    if changed:
        forget_catalog()
    return changed


def refresh_verified_sponsors(today: date | None = None) -> int:
    """Rebuild the evidence summary and set `Job.verified_sponsor` (and the employers' LCA
    flags) from it, set-based, in one transaction. Returns how many jobs changed."""
    fill_normalized_names()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM listings_sponsorevidence")
        cursor.execute(_REBUILD_EVIDENCE_SQL, [LCAFiling.CERTIFIED, history_window_start(today)])
        cursor.execute(_UPDATE_EMPLOYERS_SQL)
        cursor.execute(_UPDATE_JOBS_SQL)
        changed = cursor.rowcount
    refresh_e_verify_employers()
    if changed:
        refresh_listing_counts()
    return changed


def with_evidence(queryset: QuerySet) -> QuerySet:
    """Annotates each job with its employer's most recent certified LCA count for the job's
    SOC code and state (`evidence_lcas`, `evidence_year`), for the card's evidence sentence."""
    evidence = SponsorEvidence.objects.filter(
        employer=OuterRef("employer_id"),
        soc_code=OuterRef("role__soc_code"),
        state=Coalesce(OuterRef("state__code"), Value("")),
    ).order_by("-fiscal_year")
    return queryset.annotate(
        evidence_year=Subquery(evidence.values("fiscal_year")[:1]),
        evidence_lcas=Subquery(evidence.values("certified_lcas")[:1]),
    )
