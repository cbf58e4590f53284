"""Each job's prevailing-wage level (0 to 4: the levels of its city's wage area, for its
occupation, that its posted salary reaches), kept on the row so the "minimum wage level"
filter is a column test: as a subquery per job it cost a dozen milliseconds per thousand jobs
a search looked at. A trigger sets it whenever a job is written with the columns it depends
on (importer, seed, admin); an employer's cap-exempt flag (which picks the ACWIA table) and a
role's occupation code refresh their jobs; the wage imports refresh every job
(listings.sponsors.wages.refresh_wage_levels)."""

from django.db import migrations, models

# job_wages() (listings.sponsors.wages) in SQL: NULL where the job page shows no wage block.
FUNCTIONS = """
CREATE FUNCTION listings_wage_level(
    pay_min integer, pay_max integer, pay_unit text, job_city bigint, job_role bigint,
    job_employer bigint
) RETURNS smallint
LANGUAGE sql STABLE AS $$
    SELECT (CASE WHEN w.level1 IS NULL OR w.level2 IS NULL OR w.level3 IS NULL
                   OR w.level4 IS NULL OR s.yearly IS NULL THEN NULL
            ELSE (s.yearly >= round(w.level1 * k.f))::int + (s.yearly >= round(w.level2 * k.f))::int
               + (s.yearly >= round(w.level3 * k.f))::int + (s.yearly >= round(w.level4 * k.f))::int
            END)::smallint
    FROM listings_citywagearea c
    JOIN listings_role r ON r.id = job_role
    JOIN listings_employer e ON e.id = job_employer
    CROSS JOIN LATERAL (
        SELECT level1, level2, level3, level4, annual FROM listings_acwiawage
        WHERE e.cap_exempt AND area_id = c.area_id AND soc_code = r.soc_code
        UNION ALL
        SELECT level1, level2, level3, level4, annual FROM listings_prevailingwage
        WHERE NOT e.cap_exempt AND area_id = c.area_id AND soc_code = r.soc_code
    ) w
    CROSS JOIN LATERAL (SELECT CASE WHEN w.annual THEN 1 ELSE 2080 END AS f) k
    CROSS JOIN LATERAL (
        SELECT COALESCE(NULLIF(pay_min, 0), pay_max) * CASE pay_unit
            WHEN 'year' THEN 1 WHEN 'month' THEN 12 WHEN 'week' THEN 52 WHEN 'day' THEN 260
            WHEN 'hour' THEN 2080 END AS yearly
    ) s
    WHERE c.city_id = job_city
    LIMIT 1
$$;

CREATE FUNCTION listings_job_wage_level() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.wage_level := listings_wage_level(NEW.salary_min, NEW.salary_max, NEW.salary_unit,
                                          NEW.city_id, NEW.role_id, NEW.employer_id);
    RETURN NEW;
END $$;

CREATE TRIGGER job_wage_level
BEFORE INSERT OR UPDATE OF salary_min, salary_max, salary_unit, city_id, role_id, employer_id
ON listings_job FOR EACH ROW EXECUTE FUNCTION listings_job_wage_level();

-- An employer made cap-exempt (or no longer) is measured against the other table; a role
-- given another occupation code, against other wages. Both are changed by hand, rarely.
CREATE FUNCTION listings_wage_level_inputs_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE listings_job j
    SET wage_level = listings_wage_level(j.salary_min, j.salary_max, j.salary_unit, j.city_id,
                                         j.role_id, j.employer_id)
    WHERE (CASE WHEN TG_TABLE_NAME = 'listings_employer' THEN j.employer_id ELSE j.role_id END)
          = NEW.id
      AND j.city_id IS NOT NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER employer_wage_level AFTER UPDATE OF cap_exempt ON listings_employer
FOR EACH ROW WHEN (OLD.cap_exempt IS DISTINCT FROM NEW.cap_exempt)
EXECUTE FUNCTION listings_wage_level_inputs_changed();

CREATE TRIGGER role_wage_level AFTER UPDATE OF soc_code ON listings_role
FOR EACH ROW WHEN (OLD.soc_code IS DISTINCT FROM NEW.soc_code)
EXECUTE FUNCTION listings_wage_level_inputs_changed();
"""

DROP_FUNCTIONS = """
DROP TRIGGER role_wage_level ON listings_role;
DROP TRIGGER employer_wage_level ON listings_employer;
DROP TRIGGER job_wage_level ON listings_job;
DROP FUNCTION listings_wage_level_inputs_changed();
DROP FUNCTION listings_job_wage_level();
DROP FUNCTION listings_wage_level(integer, integer, text, bigint, bigint, bigint);
"""

BATCH = 5000


def fill_levels(apps, schema_editor):
    """Every job written once, in id ranges committed one by one, so a large table is never
    locked for long. Writing the row also moves its search vector into it (0022)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM listings_job")
        last, after = cursor.fetchone()[0], 0
        while after < last:
            cursor.execute(
                "UPDATE listings_job SET wage_level = listings_wage_level(salary_min,"
                " salary_max, salary_unit, city_id, role_id, employer_id)"
                " WHERE id > %s AND id <= %s",
                [after, after + BATCH],
            )
            after += BATCH


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("listings", "0022_job_search_vector_inline"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="wage_level",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunPython(fill_levels, migrations.RunPython.noop),
    ]
