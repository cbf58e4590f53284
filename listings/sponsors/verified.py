"""What public records say an employer has sponsored, kept in step with the imported files,
and the evidence a card shows for it, in three kinds:

- "this role here": certified LCAs for the job's occupation in its state, recently
  (`SponsorEvidence`, `Job.verified_sponsor`, which also lists a job that says nothing);
- "any H-1B": USCIS hub approvals for the employer (`Employer.h1b_approvals` and its year,
  `Job.sponsors_h1b`);
- "green card": certified PERM labor certifications (`Employer.perm_certified` and its year,
  `Job.sponsors_green_card`; `PermEvidence` per occupation, for the visa routes).

The H-1B and PERM figures are those of the latest complete fiscal year that had any, among
the RECORD_YEARS before the current one: a complete year's count is final, and three years
reach past the months each year's files take to be published. One refresh sets all of them
after every import, so the pages' and alerts' filters read precomputed flags."""

from datetime import date

from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from listings.caching import bump_govdata_version
from listings.models import LCAFiling, PermEvidence, PermFiling, SponsorEvidence
from listings.sponsors.names import MATCHED_NAMES_SQL, fill_normalized_names
from listings.taxonomy.catalog import forget_catalog
from listings.taxonomy.counts import refresh_listing_counts

_HISTORY_YEARS = 2  # "the last two fiscal years", counted before the current one
RECORD_YEARS = 3  # complete fiscal years an employer's H-1B and PERM record looks back


def current_fiscal_year(today: date | None = None) -> int:
    """US federal fiscal years start on October 1: FY2026 runs Oct 2025 - Sep 2026."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year


def history_window_start(today: date | None = None) -> int:
    """The oldest fiscal year that still counts as recent history: the current fiscal year
    and the two before it, since a year's filings are only complete once it has ended."""
    return current_fiscal_year(today) - _HISTORY_YEARS


def record_years(today: date | None = None) -> tuple[int, int]:
    """The first and last fiscal year an employer's H-1B and PERM record counts: the
    RECORD_YEARS complete ones before the current fiscal year."""
    current = current_fiscal_year(today)
    return current - RECORD_YEARS, current - 1


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

# One UPDATE for every job whose flags are wrong. Remote jobs (no state) count history in any
# state; the evidence table already holds only the recent fiscal years. The H-1B and green-card
# flags copy the employer's record (set before this runs). A changed flag is a change to the
# job: its cached card (listings.pages.cards) is keyed on updated_at.
_UPDATE_JOBS_SQL = """
    UPDATE listings_job j SET verified_sponsor = v.verified, sponsors_h1b = v.h1b,
        sponsors_green_card = v.green_card, updated_at = now()
    FROM (
        SELECT j2.id, EXISTS (
            SELECT 1 FROM listings_sponsorevidence ev
            WHERE ev.employer_id = j2.employer_id AND ev.soc_code = r.soc_code
              AND ev.state = COALESCE(s.code, '')
        ) AS verified,
        e.h1b_approvals_year IS NOT NULL AS h1b,
        e.perm_certified_year IS NOT NULL AS green_card
        FROM listings_job j2
        JOIN listings_employer e ON e.id = j2.employer_id
        JOIN listings_role r ON r.id = j2.role_id
        LEFT JOIN listings_state s ON s.id = j2.state_id
    ) v
    WHERE v.id = j.id AND (j.verified_sponsor, j.sponsors_h1b, j.sponsors_green_card)
        IS DISTINCT FROM (v.verified, v.h1b, v.green_card)
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


# Each employer's record: its hub approvals (initial and continuing, every state and matched
# name summed) and its certified PERM filings, in the latest year of the window that had any.
_UPDATE_RECORDS_SQL = f"""
    WITH names AS ({MATCHED_NAMES_SQL}),
    hub AS (
        SELECT DISTINCT ON (m.employer_id) m.employer_id, h.fiscal_year,
               sum(h.initial_approvals + h.continuing_approvals) AS approvals
        FROM listings_h1bapproval h JOIN names m ON m.name = h.normalized_name
        WHERE h.fiscal_year BETWEEN %(first)s AND %(last)s
        GROUP BY m.employer_id, h.fiscal_year
        HAVING sum(h.initial_approvals + h.continuing_approvals) > 0
        ORDER BY m.employer_id, h.fiscal_year DESC
    ),
    perm AS (
        SELECT DISTINCT ON (m.employer_id) m.employer_id, p.fiscal_year, count(*) AS certified
        FROM listings_permfiling p JOIN names m ON m.name = p.normalized_name
        WHERE p.status IN %(certified)s AND p.fiscal_year BETWEEN %(first)s AND %(last)s
        GROUP BY m.employer_id, p.fiscal_year
        ORDER BY m.employer_id, p.fiscal_year DESC
    ),
    record AS (
        SELECT e2.id, hub.approvals, hub.fiscal_year AS hub_year,
               perm.certified, perm.fiscal_year AS perm_year
        FROM listings_employer e2
        LEFT JOIN hub ON hub.employer_id = e2.id
        LEFT JOIN perm ON perm.employer_id = e2.id
    )
    UPDATE listings_employer e SET h1b_approvals = r.approvals, h1b_approvals_year = r.hub_year,
        perm_certified = r.certified, perm_certified_year = r.perm_year
    FROM record r
    WHERE r.id = e.id AND (e.h1b_approvals, e.h1b_approvals_year, e.perm_certified,
                           e.perm_certified_year)
        IS DISTINCT FROM (r.approvals, r.hub_year, r.certified, r.perm_year)
"""

# Certified PERM filings per employer and occupation, in the latest year of the window that
# had any: rows added, changed and dropped in one statement, which returns how many.
_UPDATE_PERM_EVIDENCE_SQL = f"""
    WITH names AS ({MATCHED_NAMES_SQL}),
    wanted AS (
        SELECT DISTINCT ON (m.employer_id, p.soc_code) m.employer_id, p.soc_code,
               p.fiscal_year, count(*) AS certified
        FROM listings_permfiling p JOIN names m ON m.name = p.normalized_name
        WHERE p.status IN %(certified)s AND p.soc_code <> ''
          AND p.fiscal_year BETWEEN %(first)s AND %(last)s
        GROUP BY m.employer_id, p.soc_code, p.fiscal_year
        ORDER BY m.employer_id, p.soc_code, p.fiscal_year DESC
    ),
    gone AS (
        DELETE FROM listings_permevidence ev
        WHERE NOT EXISTS (
            SELECT 1 FROM wanted w
            WHERE w.employer_id = ev.employer_id AND w.soc_code = ev.soc_code
        )
        RETURNING 1
    ),
    put AS (
        INSERT INTO listings_permevidence AS ev (employer_id, soc_code, fiscal_year,
                                                 certified_perms)
        SELECT employer_id, soc_code, fiscal_year, certified FROM wanted
        ON CONFLICT (employer_id, soc_code) DO UPDATE
            SET fiscal_year = EXCLUDED.fiscal_year, certified_perms = EXCLUDED.certified_perms
            WHERE (ev.fiscal_year, ev.certified_perms)
                IS DISTINCT FROM (EXCLUDED.fiscal_year, EXCLUDED.certified_perms)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM gone) + (SELECT count(*) FROM put)
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
    """Rebuild the evidence summaries, the employers' LCA flags and records, and each job's
    three flags from them, set-based, in one transaction. Returns how many jobs changed.
    A changed employer record changes what cards say without changing the job rows, so it
    moves the government-data version the cards are cached under."""
    fill_normalized_names()
    first, last = record_years(today)
    window = {"first": first, "last": last, "certified": PermFiling.CERTIFIED_STATUSES}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM listings_sponsorevidence")
        cursor.execute(_REBUILD_EVIDENCE_SQL, [LCAFiling.CERTIFIED, history_window_start(today)])
        cursor.execute(_UPDATE_EMPLOYERS_SQL)
        cursor.execute(_UPDATE_RECORDS_SQL, window)
        records = cursor.rowcount
        cursor.execute(_UPDATE_PERM_EVIDENCE_SQL, window)
        records += cursor.fetchone()[0]
        cursor.execute(_UPDATE_JOBS_SQL)
        changed = cursor.rowcount
        if records:
            transaction.on_commit(bump_govdata_version)
    refresh_e_verify_employers()
    if changed:
        refresh_listing_counts()
    return changed


def with_evidence(queryset: QuerySet) -> QuerySet:
    """Annotates each job with its employer's most recent certified LCA count for the job's
    SOC code and state (`evidence_lcas`, `evidence_year`), for the card's "sponsored this
    role here", and its certified PERM filings for the job's SOC code (`occupation_perms`,
    `occupation_perm_year`), for the visa routes. Subqueries of the page's one query: the
    H-1B and green-card badges read the employer's columns, which the card query joins."""
    evidence = SponsorEvidence.objects.filter(
        employer=OuterRef("employer_id"),
        soc_code=OuterRef("role__soc_code"),
        state=Coalesce(OuterRef("state__code"), Value("")),
    ).order_by("-fiscal_year")
    perms = PermEvidence.objects.filter(
        employer=OuterRef("employer_id"), soc_code=OuterRef("role__soc_code")
    )
    return queryset.annotate(
        evidence_year=Subquery(evidence.values("fiscal_year")[:1]),
        evidence_lcas=Subquery(evidence.values("certified_lcas")[:1]),
        occupation_perm_year=Subquery(perms.values("fiscal_year")[:1]),
        occupation_perms=Subquery(perms.values("certified_perms")[:1]),
    )
