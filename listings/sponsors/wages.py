"""Prevailing-wage levels I-IV for a job's occupation and wage area, beside its posted salary:
the ACWIA table for cap-exempt employers (universities, their affiliates, research bodies),
the all-industries table for everyone else."""

from dataclasses import dataclass

from django.db import connection

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


def refresh_wage_levels() -> int:
    """Every job's `wage_level` computed again from the wage tables and the city areas, after
    an import changed them (the rows' own changes are the trigger's: migration 0023). Writes
    only the jobs whose level changed; returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL)
        return cursor.rowcount


_LEVEL = (
    "listings_wage_level(j.salary_min, j.salary_max, j.salary_unit, j.city_id, j.role_id,"
    " j.employer_id)"
)
_REFRESH_SQL = f"""
    UPDATE listings_job j SET wage_level = fresh.level
    FROM (SELECT j.id, {_LEVEL} AS level FROM listings_job j
          WHERE j.city_id IS NOT NULL OR j.wage_level IS NOT NULL) fresh
    WHERE fresh.id = j.id AND j.wage_level IS DISTINCT FROM fresh.level
"""
