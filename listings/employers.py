"""Matching employers between job feeds and government files, and keeping each job's
`verified_sponsor` flag in step with the imported filings."""

import re
import unicodedata
from datetime import date

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from listings.charts import grouped_bars
from listings.models import (
    DataImport,
    Employer,
    EmployerAlias,
    H1BApproval,
    LCAFiling,
    SponsorEvidence,
)

# Legal-form words dropped from the end of a name, so "EQUIFAX INC." = "Equifax".
_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "lp",
    "llp",
    "pc",
    "pllc",
    "plc",
}
# "Foothill Health Center D/B/A Foothill Clinic" is the legal name, then a trade name; the
# government files and most feeds agree on the legal name. Truncated files cut "D/B/A FOOTH".
_DBA = re.compile(r"\s(?:d\s*/\s*b\s*/\s*a|d\.?\s?b\.?\s?a\.?|doing business as)(?:\s|$).*", re.I)
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_HISTORY_YEARS = 2  # "the last two fiscal years", counted before the current one


def normalize_employer_name(name: str) -> str:
    """Lower-case ASCII words without punctuation, trade names or legal-form suffixes."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    text = _DBA.sub("", f" {text.strip()}").strip()
    text = text.lower().replace("&", " and ").replace(".", "").replace("'", "")
    words = _NOT_WORD.sub(" ", text).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    if words == ["null"]:
        return ""
    return " ".join(words)[:300]


def current_fiscal_year(today: date | None = None) -> int:
    """US federal fiscal years start on October 1: FY2026 runs Oct 2025 - Sep 2026."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year


def history_window_start(today: date | None = None) -> int:
    """The oldest fiscal year that still counts as recent history: the current fiscal year
    and the two before it, since a year's filings are only complete once it has ended."""
    return current_fiscal_year(today) - _HISTORY_YEARS


# Every (employer, government name) pair that matches: an employer's own normalised name,
# unless an alias sends that name elsewhere, plus every alias pointing at the employer.
MATCHED_NAMES_SQL = """
    SELECT e.id AS employer_id, e.normalized_name AS name
    FROM listings_employer e
    WHERE e.normalized_name <> ''
      AND NOT EXISTS (
        SELECT 1 FROM listings_employeralias a WHERE a.normalized_name = e.normalized_name
      )
    UNION
    SELECT a.employer_id, a.normalized_name
    FROM listings_employeralias a
    WHERE a.employer_id IS NOT NULL
"""


def matched_names(employer: Employer) -> list[str]:
    """The government names that belong to one employer, in one query."""
    aliases = EmployerAlias.objects.filter(employer=employer) | EmployerAlias.objects.filter(
        normalized_name=employer.normalized_name
    )
    rows = list(aliases.values_list("normalized_name", "employer_id"))
    names = {name for name, owner in rows if owner == employer.pk}
    if employer.normalized_name and not any(n == employer.normalized_name for n, _ in rows):
        names.add(employer.normalized_name)
    return sorted(names)


def fill_normalized_names() -> int:
    """Employers created without a normalised name (by a feed import or the admin) get one."""
    missing = list(Employer.objects.filter(normalized_name="").only("pk", "name"))
    for employer in missing:
        employer.normalized_name = normalize_employer_name(employer.name)
    Employer.objects.bulk_update(missing, ["normalized_name"], batch_size=1000)
    return len(missing)


_REBUILD_EVIDENCE_SQL = f"""
    WITH names AS ({MATCHED_NAMES_SQL}),
    certified AS (
        SELECT m.employer_id, f.soc_code, f.worksite_state, f.fiscal_year
        FROM listings_lcafiling f JOIN names m ON m.name = f.normalized_name
        WHERE lower(f.status) = 'certified' AND f.soc_code <> '' AND f.fiscal_year >= %s
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
# state; the evidence table already holds only the recent fiscal years.
_UPDATE_JOBS_SQL = """
    UPDATE listings_job j SET verified_sponsor = v.verified
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


def refresh_verified_sponsors(today: date | None = None) -> int:
    """Rebuild the evidence summary and set `Job.verified_sponsor` (and the employers' LCA
    flags) from it, set-based, in one transaction. Returns how many jobs changed."""
    fill_normalized_names()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM listings_sponsorevidence")
        cursor.execute(_REBUILD_EVIDENCE_SQL, [history_window_start(today)])
        cursor.execute(_UPDATE_EMPLOYERS_SQL)
        cursor.execute(_UPDATE_JOBS_SQL)
        changed = cursor.rowcount
    if changed:
        from listings.counts import refresh_listing_counts

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


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def sponsorship_history(employer: Employer, full: bool) -> dict:
    """What the employer page shows: hub approvals and LCA filings per fiscal year, and for
    signed-in visitors the charts, the filings by occupation and state, and the wages."""
    names = matched_names(employer)
    hub = list(
        H1BApproval.objects.filter(normalized_name__in=names)
        .values("fiscal_year")
        .annotate(
            approvals=Sum("initial_approvals") + Sum("continuing_approvals"),
            denials=Sum("initial_denials") + Sum("continuing_denials"),
            initial=Sum("initial_approvals"),
        )
        .order_by("fiscal_year")
    )
    certified = Q(status__iexact="certified")
    lca = list(
        LCAFiling.objects.filter(normalized_name__in=names)
        .values("fiscal_year")
        .annotate(
            filings=Count("pk"),
            certified=Count("pk", filter=certified),
            no_status=Count("pk", filter=Q(status="")),
            offered=Median("wage_annual"),
            prevailing=Median("pw_annual"),
        )
        .order_by("fiscal_year")
    )
    sources = DataImport.objects.order_by("kind", "-imported_at").distinct("kind")
    history = {"names": names, "hub": hub, "lca": lca, "full": full, "sources": list(sources)}
    if not full:
        return history
    history["occupations"] = list(
        LCAFiling.objects.filter(normalized_name__in=names)
        .values("soc_code", "worksite_state")
        .annotate(
            filings=Count("pk"), certified=Count("pk", filter=certified), title=Max("soc_title")
        )
        .order_by("-filings", "soc_code", "worksite_state")[:25]
    )
    history["charts"] = [
        grouped_bars(
            "H-1B petitions decided, by fiscal year",
            ["Approvals", "Denials"],
            [(f"FY{r['fiscal_year']}", [r["approvals"], r["denials"]]) for r in hub],
        ),
        grouped_bars(
            "Median offered wage against median prevailing wage on LCAs ($ a year)",
            ["Offered", "Prevailing"],
            [
                (f"FY{r['fiscal_year']}", [round(r["offered"] or 0), round(r["prevailing"] or 0)])
                for r in lca
                if r["offered"] or r["prevailing"]
            ],
        ),
    ]
    return history
