"""Fictional government records for the demo's fictional employers: LCA filings, PERM labor
certifications, USCIS hub counts and FLAG wage levels for every demo occupation, state and city.

They go into the same tables real imports fill, and the same refreshes turn them into the
verified-sponsor evidence, the employers' flags and the cities' wage areas, so every claim
the demo shows (a verified badge, wage levels, cap-exempt and other flags) has records behind
it. Deterministic: they depend on the demo data and today's fiscal year only.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from listings.caching import bump_govdata_version
from listings.demo.employers import (
    DEFAULT_NAICS,
    EMPLOYERS,
    H1B_DEPENDENT,
    NAICS,
    NEVER_SPONSORED,
    NO_GREEN_CARDS,
    WILLFUL_VIOLATOR,
)
from listings.demo.places import CITIES, PAY_FACTORS
from listings.demo.roles import SALARY_RANGES, TITLES
from listings.models import (
    AcwiaWage,
    DataImport,
    H1BApproval,
    LCAFiling,
    PermFiling,
    PrevailingWage,
    Role,
    WageArea,
    WageCounty,
)
from listings.models.jobs import PERIODS_PER_YEAR
from listings.sponsors.flag import county_key, refresh_city_areas
from listings.sponsors.names import normalize_employer_name
from listings.sponsors.verified import current_fiscal_year, refresh_verified_sponsors
from listings.sponsors.yearly import refresh_filing_years

SOURCE_NAME = "Fictional demo records (seed_demo)"
AREA_PREFIX = "DEMO-"  # real OEWS area codes are digits only
HISTORY_YEARS = 5  # fiscal years of filings; the last three count as recent history
# Where each wage level sits between the bottom and the middle of an occupation's pay
# range: demo salaries are drawn over that span, so they reach every level and a few none.
LEVEL_STEPS = (0.05, 0.3, 0.55, 0.8)
LEVELS = ("I", "II", "III", "IV")
OTHER_CITY_PAY = 0.95  # a state's smaller cities pay a little less than its biggest
ACWIA_SHARE = 0.8  # the ACWIA table (cap-exempt employers) sits below the all-industries one


@dataclass(frozen=True)
class Occupation:
    soc_code: str
    soc_title: str
    titles: tuple[str, ...]
    low: float  # bottom of the yearly pay range
    mid: float  # middle of the yearly pay range


def occupations(roles: list[Role]) -> list[Occupation]:
    """One per SOC code of the roles, with the pay span of the roles that share it."""
    by_soc: dict[str, list[Role]] = {}
    for role in sorted(roles, key=lambda r: r.slug):
        by_soc.setdefault(role.soc_code, []).append(role)
    result = []
    for soc, group in sorted(by_soc.items()):
        ranges = [SALARY_RANGES.get(r.slug, (80_000, 160_000)) for r in group]
        titles = tuple(t for r in group for t in TITLES.get(r.slug, [r.name])[:2])
        low = min(low for low, _ in ranges)
        mid = sum((low + high) / 2 for low, high in ranges) / len(ranges)
        result.append(Occupation(soc, group[0].soc_title or group[0].name, titles, low, mid))
    return result


def yearly_levels(occupation: Occupation, state: str, city_index: int) -> list[int]:
    factor = PAY_FACTORS.get(state, 1.0) * (OTHER_CITY_PAY if city_index else 1.0)
    span = occupation.mid - occupation.low
    return [round((occupation.low + span * step) * factor) for step in LEVEL_STEPS]


def filers() -> list[str]:
    never = set(NEVER_SPONSORED)
    return [name for name, _ in EMPLOYERS if name not in never]


def filed_name(name: str) -> str:
    """How a government file spells the employer: upper case, often with a legal suffix,
    which name matching removes again."""
    if "University" in name or "Institute" in name:
        return name.upper()
    return f"{name.upper()} {'LLC' if len(name) % 2 else 'INC.'}"


@transaction.atomic
def write_demo_records(roles: list[Role], state_codes: list[str]) -> int:
    """Replace the demo's government records and refresh what is derived from them;
    returns how many LCA filings were written."""
    delete_demo_records()
    occupations_ = occupations(roles)
    areas = write_wage_areas(occupations_, state_codes)
    filings = lca_filings(occupations_, state_codes, areas)
    LCAFiling.objects.bulk_create(filings, batch_size=5000)
    hub = H1BApproval.objects.bulk_create(hub_counts(filings), batch_size=5000)
    perm = PermFiling.objects.bulk_create(perm_filings(filings), batch_size=5000)
    years = (min(f.fiscal_year for f in filings), max(f.fiscal_year for f in filings))
    written = {
        DataImport.Kind.LCA: (len(filings), years),
        DataImport.Kind.HUB: (len(hub), years),
        DataImport.Kind.PERM: (len(perm), years),
        DataImport.Kind.WAGES: (PrevailingWage.objects.filter(area__in=areas.values()).count(),
                                (None, None)),
    }  # fmt: skip
    for kind, (rows, (first, last)) in written.items():
        DataImport.objects.create(
            kind=kind, file_name=SOURCE_NAME, rows=rows, skipped=0, first_year=first,
            last_year=last,
        )  # fmt: skip
    refresh_city_areas()
    refresh_filing_years()
    refresh_verified_sponsors()
    # Pages cache what they computed from the records these replace.
    transaction.on_commit(bump_govdata_version)
    return len(filings)


def delete_demo_records() -> None:
    names = [normalize_employer_name(name) for name, _ in EMPLOYERS]
    LCAFiling.objects.filter(normalized_name__in=names).delete()
    H1BApproval.objects.filter(normalized_name__in=names).delete()
    PermFiling.objects.filter(normalized_name__in=names).delete()
    WageArea.objects.filter(code__startswith=AREA_PREFIX).delete()
    DataImport.objects.filter(file_name=SOURCE_NAME).delete()


def write_wage_areas(
    occupations_: list[Occupation], state_codes: list[str]
) -> dict[tuple[str, str], WageArea]:
    """One wage area per demo city (its county row carries the city's name, so the city
    finds it), with Level I-IV hourly wages for every occupation in both FLAG tables: the
    all-industries one and the lower ACWIA one that cap-exempt employers use."""
    areas, counties, wages, acwia = {}, [], [], []
    hours = PERIODS_PER_YEAR["hour"]
    for state in state_codes:
        for index, city in enumerate(CITIES.get(state, [])):
            code = f"{AREA_PREFIX}{state}{index}"
            areas[state, city] = WageArea(code=code, name=f"{city}, {state}", state=state)
    WageArea.objects.bulk_create(areas.values())
    for (state, city), area in areas.items():
        counties.append(
            WageCounty(state=state, county=city, county_key=county_key(city), area=area)
        )
        index = CITIES[state].index(city)
        for occupation in occupations_:
            soc = occupation.soc_code
            levels = [round(level / hours, 2) for level in yearly_levels(occupation, state, index)]
            wages.append(PrevailingWage(area=area, soc_code=soc, **levelled(levels)))
            lower = [round(level * ACWIA_SHARE, 2) for level in levels]
            acwia.append(AcwiaWage(area=area, soc_code=soc, **levelled(lower)))
    WageCounty.objects.bulk_create(counties, ignore_conflicts=True)
    PrevailingWage.objects.bulk_create(wages, batch_size=5000)
    AcwiaWage.objects.bulk_create(acwia, batch_size=5000)
    return areas


def levelled(levels: list[float]) -> dict[str, float]:
    return {f"level{number}": wage for number, wage in enumerate(levels, start=1)}


def lca_filings(
    occupations_: list[Occupation], state_codes: list[str], areas: dict
) -> list[LCAFiling]:
    """Every (occupation, state) pair has one filing employer, dealt round-robin, with a few
    certified filings in each recent fiscal year (and some older history)."""
    names, current = filers(), current_fiscal_year()
    pairs = [(occ, state) for state in state_codes for occ in occupations_]
    filings: list[LCAFiling] = []
    for number, (occupation, state) in enumerate(pairs):
        rng = random.Random(f"demo-lca-{occupation.soc_code}-{state}")
        employer = names[number % len(names)]
        for year in range(current - HISTORY_YEARS + 1, current + 1):
            if year < current - 2 and rng.random() < 0.5:
                continue
            for status in statuses(rng):
                city_index = rng.randrange(len(CITIES[state]))
                filings.append(
                    filing(rng, len(filings), employer, occupation, state, city_index, year, status)
                )
    return filings


def statuses(rng: random.Random) -> list[str]:
    found = ["Certified"] * rng.randint(1, 3)
    if rng.random() < 0.2:
        found.append("Certified - Withdrawn")
    if rng.random() < 0.08:
        found.append("Denied")
    return found


def filing(
    rng: random.Random,
    serial: int,
    employer: str,
    occupation: Occupation,
    state: str,
    city_index: int,
    year: int,
    status: str,
) -> LCAFiling:
    city = CITIES[state][city_index]
    decided = decision_date(rng, year)
    level = rng.choice((1, 2, 2, 3, 3, 4))
    prevailing = yearly_levels(occupation, state, city_index)[level - 1]
    offered = round(prevailing * rng.uniform(1.0, 1.25), -3)
    filed_as = filed_name(employer)
    return LCAFiling(
        case_number=f"I-200-{decided:%y%j}-{serial:06d}", status=status, visa_class="H-1B",
        fiscal_year=year, decision_date=decided, employer_name=filed_as,
        normalized_name=normalize_employer_name(filed_as),
        naics=NAICS.get(employer, DEFAULT_NAICS),
        soc_code=occupation.soc_code, soc_title=occupation.soc_title,
        job_title=rng.choice(occupation.titles), worksite_city=city.upper(),
        worksite_county=county_key(city), worksite_state=state, wage_from=offered,
        wage_unit="Year", wage_annual=offered, prevailing_wage=prevailing, pw_unit="Year",
        pw_annual=prevailing, pw_level=LEVELS[level - 1],
        h1b_dependent=employer in H1B_DEPENDENT,
        willful_violator=employer in WILLFUL_VIOLATOR,
    )  # fmt: skip


def decision_date(rng: random.Random, fiscal_year: int) -> date:
    """A day in the fiscal year (October to September), never after today."""
    start = date(fiscal_year - 1, 10, 1)
    days = min(364, (timezone.localdate() - start).days)
    return start + timedelta(days=rng.randrange(max(days, 0) + 1))


def hub_counts(filings: list[LCAFiling]) -> list[H1BApproval]:
    """USCIS first decisions per employer and fiscal year, by the state where it filed most:
    about one new petition for every two certified LCAs, and a few denials."""
    certified = Counter((f.employer_name, f.fiscal_year) for f in filings if f.is_certified)
    home = Counter((f.employer_name, f.worksite_state) for f in filings)
    states = {}
    for (name, state), count in sorted(home.items()):
        if count > states.get(name, ("", 0))[1]:
            states[name] = (state, count)
    rows = []
    for (name, year), count in sorted(certified.items()):
        rng = random.Random(f"demo-hub-{name}-{year}")
        rows.append(
            H1BApproval(
                normalized_name=normalize_employer_name(name),
                employer_name=name,
                fiscal_year=year,
                state=states[name][0],
                initial_approvals=max(1, count // 2),
                continuing_approvals=count // 3,
                initial_denials=rng.randint(0, 2),
                continuing_denials=rng.randint(0, 1),
            )  # fmt: skip
        )
    return rows


def perm_filings(filings: list[LCAFiling]) -> list[PermFiling]:
    """Green-card labor certifications: one for about every fourth certified LCA, for the
    same employer, occupation and worksite, decided the same day; most certified. Employers
    in NO_GREEN_CARDS file none."""
    none = {filed_name(name) for name in NO_GREEN_CARDS}
    certified = [f for f in filings if f.is_certified and f.employer_name not in none]
    rows = []
    for serial, lca in enumerate(certified[::4]):
        rng = random.Random(f"demo-perm-{lca.case_number}")
        status = rng.choice(("Certified",) * 6 + ("Certified - Expired", "Denied"))
        rows.append(
            PermFiling(
                case_number=f"G-100-{lca.decision_date:%y%j}-{serial:06d}",
                status=status,
                fiscal_year=lca.fiscal_year,
                decision_date=lca.decision_date,
                employer_name=lca.employer_name,
                normalized_name=lca.normalized_name,
                naics=lca.naics,
                soc_code=lca.soc_code,
                soc_title=lca.soc_title,
                job_title=lca.job_title,
                worksite_city=lca.worksite_city,
                worksite_state=lca.worksite_state,
                wage_from=lca.wage_from,
                wage_unit="Year",
                wage_annual=lca.wage_annual,
                pw_level=lca.pw_level,
            )  # fmt: skip
        )
    return rows
