"""Certified LCAs per employer, counted straight from DOL disclosure files without importing
them: how an operator checks that the employers behind the feeds (or the starter list) file
for the roles this site lists, before or after registering them."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from listings.models import Employer, EmployerAlias, LCAFiling
from listings.sponsors.lca import COLUMNS, open_rows, parse_row
from listings.sponsors.names import MATCHED_NAMES_SQL, normalize_employer_name
from listings.sponsors.tables import BadFile, RowError, open_path

# The roles we list are computer and mathematical occupations (SOC major group 15) and
# architecture and engineering occupations (17).
ROLE_SOC_GROUPS = ("15-", "17-")
_AT = {name: index for index, name in enumerate(COLUMNS)}


@dataclass
class Filings:
    """What the files say: the fiscal years they decide cases in, and per employer name the
    certified filings of the year asked for, in our roles and in all occupations."""

    fiscal_year: int | None = None
    years: set[int] = field(default_factory=set)
    rows: int = 0
    unreadable: int = 0
    in_roles: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    in_all: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def count(self, names: Iterable[str]) -> tuple[int, int]:
        names = set(names)
        return sum(self.in_roles[n] for n in names), sum(self.in_all[n] for n in names)


def count_certified(paths: list[str], names: set[str], fiscal_year: int | None) -> Filings:
    """Reads every file once. A case in two files (quarters overlap at their edges) counts
    once, as decided last; only the rows of `names` are kept. Without a `fiscal_year`, the
    latest year the files decide cases in. Raises BadFile for a file that cannot be read."""
    filings = Filings()
    cases: dict[str, tuple[date, str, str, int, str]] = {}
    for path in paths:
        for values in _parsed(path, filings):
            filings.years.add(values[_AT["fiscal_year"]])
            name = values[_AT["normalized_name"]]
            if name not in names:
                continue
            case = values[_AT["case_number"]]
            decided = values[_AT["decision_date"]] or date.min
            if case not in cases or decided >= cases[case][0]:
                status = values[_AT["status"]]
                year = values[_AT["fiscal_year"]]
                cases[case] = (decided, name, status, year, values[_AT["soc_code"]])
    filings.fiscal_year = fiscal_year or max(filings.years, default=None)
    for _, name, status, year, soc in cases.values():
        if year == filings.fiscal_year and status.lower() == LCAFiling.CERTIFIED:
            filings.in_all[name] += 1
            if soc.startswith(ROLE_SOC_GROUPS):
                filings.in_roles[name] += 1
    return filings


def _parsed(path: str, filings: Filings) -> Iterator[tuple]:
    raw, size = open_path(path)
    with raw:
        try:
            _, columns, rows, _ = open_rows(raw, size)
            for _, row in rows:
                filings.rows += 1
                try:
                    yield parse_row(row, columns)
                except RowError:
                    filings.unreadable += 1
        except BadFile as error:
            raise BadFile(f"{path}: {error}") from None


def government_names(employer_names: Iterable[str]) -> dict[str, set[str]]:
    """Each name's normalised spellings in government files, as the employer pages match
    them: the employer's own, and the admin's aliases (an alias that points nowhere matches
    nothing). Three queries, however many names."""
    keys = {name: normalize_employer_name(name) for name in employer_names}
    aliased = dict(
        EmployerAlias.objects.filter(normalized_name__in=keys.values()).values_list(
            "normalized_name", "employer_id"
        )
    )
    owners: dict[str, set[int]] = defaultdict(set)
    for key, owner in Employer.objects.filter(normalized_name__in=keys.values()).values_list(
        "normalized_name", "pk"
    ):
        if key not in aliased:
            owners[key].add(owner)
    for key, owner in aliased.items():
        if owner is not None:
            owners[key].add(owner)
    matched: dict[int, set[str]] = defaultdict(set)
    ids = sorted({owner for group in owners.values() for owner in group})
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT employer_id, name FROM ({MATCHED_NAMES_SQL}) AS m "
                "WHERE employer_id = ANY(%s)",
                [ids],
            )
            for owner, government_name in cursor.fetchall():
                matched[owner].add(government_name)
    result = {}
    for name, key in keys.items():
        if key in aliased and aliased[key] is None:
            result[name] = set()
        elif owners.get(key):
            result[name] = set().union(*(matched[owner] for owner in owners[key]))
        else:
            result[name] = {key} if key else set()
    return result
