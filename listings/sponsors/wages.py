"""Prevailing-wage levels I-IV for a job's occupation and wage area, beside its posted salary:
the ACWIA table for cap-exempt employers (universities, their affiliates, research bodies),
the all-industries table for everyone else."""

from dataclasses import dataclass

from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from listings.models import AcwiaWage, Job, PrevailingWage
from listings.models.jobs import PERIODS_PER_YEAR

WAGE_SEARCH_URL = "https://flag.dol.gov/wage-data/wage-search"
LEVELS = ("I", "II", "III", "IV")


@dataclass
class WageBlock:
    area: str
    levels: list[int]  # yearly, Level I..IV
    salary: int | None  # the posted salary's lower bound, yearly
    level: int  # 0: below Level I; 1..4: the highest level the salary reaches
    acwia: bool = False  # the ACWIA table: a cap-exempt employer, so no lottery entries


def job_wages(job: Job) -> WageBlock | None:
    """Levels I-IV for the job's SOC code in its city's wage area, beside its salary."""
    if not job.city_id:
        return None
    acwia = job.employer.is_cap_exempt
    wage = (
        (AcwiaWage if acwia else PrevailingWage)
        .objects.select_related("area")
        .filter(soc_code=job.role.soc_code, area__cities__city_id=job.city_id)
        .first()
    )
    if wage is None:
        return None
    levels = wage.annual_levels()
    if any(level is None for level in levels):
        return None
    salary = _yearly(job)
    reached = sum(1 for level in levels if salary is not None and salary >= level)
    return WageBlock(wage.area.name or wage.area.code, levels, salary, reached, acwia)


def _yearly(job: Job) -> int | None:
    amount = job.salary_min or job.salary_max
    if not amount or job.salary_unit not in PERIODS_PER_YEAR:
        return None
    return amount * PERIODS_PER_YEAR[job.salary_unit]


_YEARLY_SQL = "COALESCE(NULLIF(j.salary_min, 0), j.salary_max) * CASE j.salary_unit {} END".format(
    " ".join(f"WHEN '{unit}' THEN {n}" for unit, n in PERIODS_PER_YEAR.items())
)
# job_wages()'s `level` in SQL, for the search filter and alert matching: the levels its
# posted salary reaches in its city's wage area (0 below Level I), from the ACWIA table for a
# cap-exempt employer as job_wages reads it, or NULL when job_wages would show no block (no
# city, no wages for the occupation there, a level missing).
_LEVELS = "level1, level2, level3, level4, annual"
_LEVEL_SQL = f"""(
    SELECT CASE WHEN w.level1 IS NULL OR w.level2 IS NULL OR w.level3 IS NULL
                  OR w.level4 IS NULL OR s.yearly IS NULL THEN NULL
           ELSE (s.yearly >= round(w.level1 * k.f))::int + (s.yearly >= round(w.level2 * k.f))::int
              + (s.yearly >= round(w.level3 * k.f))::int + (s.yearly >= round(w.level4 * k.f))::int
           END
    FROM listings_job j
    JOIN listings_citywagearea c ON c.city_id = j.city_id
    JOIN listings_role r ON r.id = j.role_id
    JOIN listings_employer e ON e.id = j.employer_id
    CROSS JOIN LATERAL (
        SELECT {_LEVELS} FROM listings_acwiawage
        WHERE e.cap_exempt AND area_id = c.area_id AND soc_code = r.soc_code
        UNION ALL
        SELECT {_LEVELS} FROM listings_prevailingwage
        WHERE NOT e.cap_exempt AND area_id = c.area_id AND soc_code = r.soc_code
    ) w
    CROSS JOIN LATERAL (SELECT CASE WHEN w.annual THEN 1 ELSE {PERIODS_PER_YEAR["hour"]} END AS f) k
    CROSS JOIN LATERAL (SELECT {_YEARLY_SQL} AS yearly) s
    WHERE j.id = "listings_job"."id"
    LIMIT 1
)"""


def wage_level() -> RawSQL:
    """Each job's wage level (0-4, or NULL) as an expression over listings_job."""
    return RawSQL(_LEVEL_SQL, (), output_field=IntegerField())
