"""An employer's sponsorship record as its page shows it: H-1B decisions, LCAs and PERM labor
certifications per fiscal year for everyone, from the yearly counts read with the employer's
own row (`yearly`), and for members the titles it filed for with their wages (`titles`, one
statement over its recent filings, cached per employer under the government-data version)."""

import hashlib
from dataclasses import dataclass, field

from django.db.models import QuerySet

from listings.caching import cached, govdata_version
from listings.models import DataImport, Employer
from listings.sponsors.charts import Chart, grouped_bars
from listings.sponsors.names import government_names
from listings.sponsors.titles import TitleRows, titles_filed
from listings.sponsors.verified import current_fiscal_year
from listings.sponsors.yearly import filing_years

TITLES_SECONDS = 86400  # the key changes with anything the rows depend on
SOURCES = {
    "hub": DataImport.Kind.HUB.label,
    "lca": DataImport.Kind.LCA.label,
    "perm": DataImport.Kind.PERM.label,
}


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
    charts: list[Chart] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.years)


def with_record(employers: QuerySet) -> QuerySet:
    """Employers carrying what `sponsorship_history` reads, on their own rows: their
    government names and their counts per fiscal year."""
    return employers.annotate(government_names=government_names(), filing_years=filing_years())


def sponsorship_history(employer: Employer, full: bool) -> dict:
    """The summary everyone sees; for members (`full`) also the titles filed for, with their
    wages. `employer` comes from `with_record`."""
    history = {
        "summary": summarise(employer.filing_years),
        "full": full,
        "sources": data_sources(),
        "sources_named": SOURCES,
    }
    if full:
        names, acwia = employer.government_names, employer.is_cap_exempt
        # Everything the rows depend on is in the key: the filings (their version), the
        # names an alias adds, and the wage table the levels come from.
        matched = hashlib.md5(",".join(names).encode(), usedforsecurity=False).hexdigest()[:12]
        history["titles"] = cached(
            f"employer-titles:{govdata_version()}:{employer.pk}:{matched}:{acwia}",
            lambda: titles_filed(names, acwia),
            timeout=TITLES_SECONDS,
        )
    else:
        history["titles"] = TitleRows.none()
    return history


def summarise(rows: list[dict]) -> Summary:
    """The summary of an employer's yearly counts (`yearly.filing_years`), oldest first."""
    current = current_fiscal_year()
    years = []
    for row in rows:
        year = Year(row["fiscal_year"], partial=row["fiscal_year"] >= current)
        if row["hub_approved"] is not None:
            year.hub = HubYear(row["hub_approved"], row["hub_initial"], row["hub_denied"])
        if row["lca_filed"] is not None:
            year.lca = LcaYear(row["lca_filed"], row["lca_certified"], row["lca_no_status"])
        if row["perm_decided"] is not None:
            year.perm = PermYear(row["perm_decided"], row["perm_certified"])
        years.append(year)
    latest = {kind: _latest(years, kind) for kind in ("hub", "lca", "perm")}
    return Summary(years, **latest, current_year=current, charts=_charts(years))


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
                source=SOURCES["hub"],
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
                source=f"{SOURCES['lca']} and {SOURCES['perm']}",
            )
        )
    return charts


def data_sources() -> list[DataImport]:
    """The latest import of each kind of file; they change only when an import runs."""

    def latest() -> list[DataImport]:
        return list(DataImport.objects.order_by("kind", "-imported_at").distinct("kind"))

    return cached(f"data-sources:{govdata_version()}", latest, timeout=3600)
