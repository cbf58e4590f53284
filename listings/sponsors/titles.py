"""What an employer paid, for members: the job titles it filed for in recent fiscal years, per
title, occupation and worksite state, for LCAs and PERM labor certifications alike (how many
were filed and certified, the median and range of the wages certified, and the
prevailing-wage level, I-IV, those wages reach in their own wage area, as a job page computes
it in `wages`), and the median offered and prevailing wages on its LCAs per year."""

from dataclasses import dataclass, field

from django.db import connection

from listings.models import AcwiaWage, DataImport, LCAFiling, PermFiling, PrevailingWage
from listings.models.jobs import PERIODS_PER_YEAR
from listings.sponsors.charts import Chart, grouped_bars
from listings.sponsors.verified import current_fiscal_year, history_window_start

SHOWN = 50  # rows per table; the rest are counted
LEVELS = ("below Level I", "Level I", "Level II", "Level III", "Level IV")

# A city's name as the wage-area refresh keys it (listings.sponsors.flag): upper case, no
# dots or apostrophes, "Saint" as "St".
_CITY_KEY = r"upper(regexp_replace(regexp_replace({}, '[.'']', '', 'g'), '^saint ', 'st ', 'i'))"

# One statement, one JSON document. A filing's wage area is its county's (LCAs give one),
# else the area of our city of that name; its level is how many of Levels I-IV its yearly
# wage reaches there, from the table the employer's jobs use (ACWIA for cap-exempt
# employers). Area and levels are looked up once per occupation and place, a few hundred
# even for the largest employers, then joined to the filings. Wages and levels count
# certified filings only: what the Department of Labor accepted.
_TITLES_SQL = """
    WITH filings AS MATERIALIZED (
        SELECT 'lca' AS kind, fiscal_year, job_title, soc_code, soc_title, worksite_state,
               worksite_city, worksite_county, lower(status) = %(lca)s AS certified,
               wage_annual, pw_annual,
               concat_ws('|', soc_code, worksite_state, worksite_county, worksite_city) AS place
        FROM listings_lcafiling
        WHERE normalized_name = ANY(%(names)s) AND fiscal_year >= %(since)s
        UNION ALL
        SELECT 'perm', fiscal_year, job_title, soc_code, soc_title, worksite_state,
               worksite_city, '', status = ANY(%(perm)s), wage_annual, NULL,
               concat_ws('|', soc_code, worksite_state, '', worksite_city)
        FROM listings_permfiling
        WHERE normalized_name = ANY(%(names)s) AND fiscal_year >= %(since)s
    ),
    city_areas AS MATERIALIZED (
        SELECT DISTINCT ON (s.code, {city_key}) s.code AS state, {city_key} AS key, ca.area_id
        FROM listings_citywagearea ca
        JOIN listings_city c ON c.id = ca.city_id JOIN listings_state s ON s.id = c.state_id
        ORDER BY s.code, {city_key}, c.id
    ),
    places AS MATERIALIZED (
        SELECT p.*, round(w.level1 * k.f) AS y1, round(w.level2 * k.f) AS y2,
               round(w.level3 * k.f) AS y3, round(w.level4 * k.f) AS y4
        FROM (SELECT place, min(soc_code) AS soc_code, min(worksite_state) AS worksite_state,
                     min(worksite_county) AS worksite_county, min(worksite_city) AS worksite_city
              FROM filings GROUP BY place) p
        CROSS JOIN LATERAL (SELECT coalesce(
            (SELECT wc.area_id FROM listings_wagecounty wc
             WHERE wc.state = p.worksite_state AND wc.county_key = p.worksite_county
               AND p.worksite_county <> '' ORDER BY wc.id LIMIT 1),
            (SELECT ca.area_id FROM city_areas ca
             WHERE ca.state = p.worksite_state AND ca.key = {place_city})
        ) AS area_id) a
        LEFT JOIN {wage_table} w ON w.soc_code = p.soc_code AND w.area_id = a.area_id
             AND w.level1 IS NOT NULL AND w.level2 IS NOT NULL AND w.level3 IS NOT NULL
             AND w.level4 IS NOT NULL
        CROSS JOIN LATERAL (SELECT CASE WHEN w.annual THEN 1 ELSE {hours} END AS f) k
    ),
    levelled AS (
        SELECT f.kind, f.job_title, f.soc_code, f.soc_title, f.worksite_state, f.certified,
               f.wage_annual,
               CASE WHEN f.certified AND f.wage_annual IS NOT NULL AND p.y1 IS NOT NULL
                    THEN (f.wage_annual >= p.y1)::int + (f.wage_annual >= p.y2)::int
                       + (f.wage_annual >= p.y3)::int + (f.wage_annual >= p.y4)::int
               END AS level
        FROM filings f JOIN places p USING (place)
    ),
    grouped AS (
        SELECT kind, soc_code, worksite_state AS state,
               mode() WITHIN GROUP (ORDER BY job_title) AS title,
               max(soc_title) AS soc_title,
               count(*) AS filed,
               count(*) FILTER (WHERE certified) AS certified,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY wage_annual)
                   FILTER (WHERE certified) AS median,
               min(wage_annual) FILTER (WHERE certified) AS lowest,
               max(wage_annual) FILTER (WHERE certified) AS highest,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY level) AS level
        FROM levelled
        GROUP BY kind, lower(btrim(job_title)), soc_code, worksite_state
    ),
    ranked AS (
        SELECT *, row_number() OVER (PARTITION BY kind ORDER BY filed DESC, certified DESC,
                                     title, state, soc_code) AS rank,
               count(*) OVER (PARTITION BY kind) AS rows_in_kind
        FROM grouped
    )
    SELECT json_build_object(
        'titles', (SELECT coalesce(json_agg(r ORDER BY r.kind, r.rank), '[]') FROM ranked r
                   WHERE r.rank <= %(shown)s),
        'years', (SELECT coalesce(json_agg(y ORDER BY y.fiscal_year), '[]') FROM (
            SELECT fiscal_year, count(*) AS certified,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY wage_annual) AS offered,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY pw_annual) AS prevailing
            FROM filings WHERE kind = 'lca' AND certified GROUP BY fiscal_year) y)
    )
"""


@dataclass(frozen=True)
class TitleRow:
    title: str
    soc_code: str
    soc_title: str
    state: str
    filed: int
    certified: int
    median: float | None  # yearly wage on certified filings
    lowest: int | None
    highest: int | None
    level: int | None  # 0-4: the level the middle certified filing reaches; None: unknown

    @property
    def level_name(self) -> str:
        return LEVELS[self.level] if self.level is not None else ""


@dataclass(frozen=True)
class WageYear:
    fiscal_year: int
    partial: bool
    certified: int
    offered: float | None  # medians on certified LCAs, dollars a year
    prevailing: float | None


@dataclass
class TitleRows:
    since: int  # the first fiscal year counted
    lca: list[TitleRow] = field(default_factory=list)
    perm: list[TitleRow] = field(default_factory=list)
    lca_total: int = 0  # rows before the table was cut to SHOWN
    perm_total: int = 0
    years: list[WageYear] = field(default_factory=list)  # oldest first
    chart: Chart | None = None

    @classmethod
    def none(cls) -> "TitleRows":
        return cls(since=history_window_start())


def titles_filed(names: list[str], acwia: bool) -> TitleRows:
    """Filings in the same recent fiscal years as the verified-sponsor evidence. `acwia`:
    levels from the ACWIA table (a cap-exempt employer)."""
    with connection.cursor() as cursor:
        cursor.execute(*statement(names, acwia))
        found = cursor.fetchone()[0]
    since, current = history_window_start(), current_fiscal_year()
    result = TitleRows(since)
    for row in found["titles"]:
        kind = row["kind"]
        getattr(result, kind).append(TitleRow(**{f: row[f] for f in TitleRow.__dataclass_fields__}))
        setattr(result, f"{kind}_total", row["rows_in_kind"])
    for row in found["years"]:
        result.years.append(WageYear(partial=row["fiscal_year"] >= current, **row))
    result.chart = _wage_chart(result.years)
    return result


def statement(names: list[str], acwia: bool) -> tuple[str, dict]:
    """The SQL and its parameters (the benchmark explains them too)."""
    sql = _TITLES_SQL.format(
        city_key=_CITY_KEY.format("c.name"),
        place_city=_CITY_KEY.format("p.worksite_city"),
        hours=PERIODS_PER_YEAR["hour"],
        wage_table=(AcwiaWage if acwia else PrevailingWage)._meta.db_table,
    )
    params = {
        "names": names,
        "since": history_window_start(),
        "lca": LCAFiling.CERTIFIED,
        "perm": list(PermFiling.CERTIFIED_STATUSES),
        "shown": SHOWN,
    }
    return sql, params


def _wage_chart(years: list[WageYear]) -> Chart | None:
    rows = [
        (f"FY{y.fiscal_year}", "partial" if y.partial else "",
         [round(y.offered or 0), round(y.prevailing or 0)])
        for y in years
        if y.offered or y.prevailing
    ]  # fmt: skip
    if not rows:
        return None
    return grouped_bars(
        "chart-wages",
        "Median offered and prevailing wages on certified LCAs, by fiscal year",
        "Dollars a year",
        [("Offered", "brand"), ("Prevailing", "muted")],
        rows,
        money=True,
        source=DataImport.Kind.LCA.label,
    )
