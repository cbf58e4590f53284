"""An employer's sponsorship record as its page shows it: H-1B decisions, LCAs and PERM labor
certifications per fiscal year for everyone, and for members the titles it filed for with
their wages (`titles`). Each part is one set-based statement over the filings of the
employer's government names, cached per employer under the government-data version."""

from dataclasses import dataclass, field

from django.db import connection
from django.utils.dateparse import parse_datetime

from listings.caching import cached, govdata_version
from listings.models import DataImport, Employer, LCAFiling, PermFiling
from listings.sponsors.charts import Chart, grouped_bars
from listings.sponsors.titles import TitleRows, titles_filed
from listings.sponsors.verified import current_fiscal_year

HISTORY_SECONDS = 3600  # an import changes the version; an alias edit shows within this
SOURCES = {
    "hub": DataImport.Kind.HUB.label,
    "lca": DataImport.Kind.LCA.label,
    "perm": DataImport.Kind.PERM.label,
}

# The three records per fiscal year, and the files they came from, in one statement: the
# page has a query budget. Each branch reads its table through the index that leads with
# normalized_name; the names come as values, so the plan fits how many filings they have.
_SUMMARY_SQL = """
    SELECT json_build_object(
        'years', (SELECT coalesce(json_agg(y), '[]') FROM (
            SELECT 'hub' AS kind, fiscal_year, sum(initial_approvals + continuing_approvals) AS a,
                   sum(initial_approvals) AS b, sum(initial_denials + continuing_denials) AS c
            FROM listings_h1bapproval WHERE normalized_name = ANY(%(names)s)
            GROUP BY fiscal_year
            UNION ALL
            SELECT 'lca', fiscal_year, count(*), count(*) FILTER (WHERE lower(status) = %(lca)s),
                   count(*) FILTER (WHERE status = '')
            FROM listings_lcafiling WHERE normalized_name = ANY(%(names)s)
            GROUP BY fiscal_year
            UNION ALL
            SELECT 'perm', fiscal_year, count(*), count(*) FILTER (WHERE status = ANY(%(perm)s)),
                   0
            FROM listings_permfiling WHERE normalized_name = ANY(%(names)s)
            GROUP BY fiscal_year) y),
        'sources', (SELECT coalesce(json_agg(d ORDER BY d.kind), '[]') FROM (
            SELECT DISTINCT ON (kind) kind, file_name, imported_at, rows, skipped, first_year,
                   last_year
            FROM listings_dataimport ORDER BY kind, imported_at DESC) d)
    )
"""


@dataclass(frozen=True)
class HubYear:
    approved: int
    initial: int  # approvals for new employment
    denied: int


@dataclass(frozen=True)
class LcaYear:
    filed: int
    certified: int
    no_status: int  # rows whose file gave no status


@dataclass(frozen=True)
class PermYear:
    decided: int
    certified: int


@dataclass
class Year:
    """One fiscal year of the three records; `partial` while the year is still running."""

    fiscal_year: int
    partial: bool
    hub: HubYear | None = None
    lca: LcaYear | None = None
    perm: PermYear | None = None


@dataclass(frozen=True)
class Latest:
    """What the summary leads with for one record: its last complete fiscal year, and the
    running year so far. Either may be missing."""

    complete: Year | None
    running: Year | None

    def __bool__(self) -> bool:
        return bool(self.complete or self.running)


@dataclass
class Summary:
    years: list[Year]  # oldest first
    hub: Latest
    lca: Latest
    perm: Latest
    current_year: int
    sources: list[DataImport] = field(default_factory=list)  # the latest file of each kind
    charts: list[Chart] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.years)


def sponsorship_history(employer: Employer, names: list[str], full: bool) -> dict:
    """The summary everyone sees; for members (`full`) also the titles filed for, with their
    wages. `names`: the employer's government names (`names.government_names`)."""
    version = govdata_version()
    summary = cached(
        f"employer-summary:{version}:{employer.pk}",
        lambda: summarise(names),
        timeout=HISTORY_SECONDS,
    )
    history = {"summary": summary, "full": full, "sources_named": SOURCES}
    if full:
        acwia = employer.is_cap_exempt  # which wage table the levels come from
        history["titles"] = cached(
            f"employer-titles:{version}:{employer.pk}:{acwia}",
            lambda: titles_filed(names, acwia),
            timeout=HISTORY_SECONDS,
        )
    else:
        history["titles"] = TitleRows.none()
    return history


def summarise(names: list[str]) -> Summary:
    params = {
        "names": names,
        "lca": LCAFiling.CERTIFIED,
        "perm": list(PermFiling.CERTIFIED_STATUSES),
    }
    with connection.cursor() as cursor:
        cursor.execute(_SUMMARY_SQL, params)
        found = cursor.fetchone()[0]
    current = current_fiscal_year()
    years: dict[int, Year] = {}
    for row in found["years"]:
        fiscal_year, counts = row["fiscal_year"], (row["a"], row["b"], row["c"])
        year = years.setdefault(fiscal_year, Year(fiscal_year, partial=fiscal_year >= current))
        if row["kind"] == "hub":
            year.hub = HubYear(*counts)
        elif row["kind"] == "lca":
            year.lca = LcaYear(*counts)
        else:
            year.perm = PermYear(*counts[:2])
    ordered = [years[y] for y in sorted(years)]
    latest = {kind: _latest(ordered, kind) for kind in ("hub", "lca", "perm")}
    sources = [
        DataImport(**{**row, "imported_at": parse_datetime(row["imported_at"])})
        for row in found["sources"]
    ]
    return Summary(
        ordered, **latest, current_year=current, sources=sources, charts=_charts(ordered)
    )


def _latest(years: list[Year], kind: str) -> Latest:
    having = [year for year in years if getattr(year, kind) is not None]
    complete = [year for year in having if not year.partial]
    running = [year for year in having if year.partial]
    return Latest(complete[-1] if complete else None, running[-1] if running else None)


def _charts(years: list[Year]) -> list[Chart]:
    def label(year: Year) -> tuple[str, str]:
        return f"FY{year.fiscal_year}", "partial" if year.partial else ""

    hub = [year for year in years if year.hub]
    filed = [year for year in years if year.lca or year.perm]
    charts = []
    if hub:
        charts.append(
            grouped_bars(
                "chart-hub",
                "H-1B petitions decided by USCIS, by fiscal year",
                "Petitions",
                [("Approved", "brand"), ("Denied", "no")],
                [(*label(y), [y.hub.approved, y.hub.denied]) for y in hub],
            )
        )
    if filed:
        charts.append(
            grouped_bars(
                "chart-certified",
                "Applications certified by the Department of Labor, by fiscal year",
                "Certified applications",
                [("LCAs", "brand"), ("PERM", "ok")],
                [
                    (
                        *label(y),
                        [y.lca.certified if y.lca else 0, y.perm.certified if y.perm else 0],
                    )
                    for y in filed
                ],
            )
        )
    return charts
