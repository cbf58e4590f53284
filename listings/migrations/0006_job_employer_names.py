"""Keyword search finds employers: each job carries its employer's names (the name and the
aliases government files use) in `employer_names`, which the search vector weights like the
title. Triggers keep the copy in step, whoever writes the rows (importer, seed, admin)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION listings_employer_names(employer bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT e.name || coalesce(' ' || (
        SELECT string_agg(a.name, ' ' ORDER BY a.name)
        FROM listings_employeralias a WHERE a.employer_id = e.id
    ), '')
    FROM listings_employer e WHERE e.id = employer
$$;

CREATE FUNCTION listings_job_employer_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.employer_names := coalesce(listings_employer_names(NEW.employer_id), '');
    RETURN NEW;
END $$;

CREATE TRIGGER job_employer_names BEFORE INSERT OR UPDATE OF employer_id ON listings_job
FOR EACH ROW EXECUTE FUNCTION listings_job_employer_names();

-- One statement per changed employer or alias: renames and aliases are made by hand, rarely.
CREATE FUNCTION listings_employer_names_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_TABLE_NAME = 'listings_employer' THEN
        changed := ARRAY[NEW.id];
    ELSIF TG_OP = 'INSERT' THEN
        changed := ARRAY[NEW.employer_id];
    ELSIF TG_OP = 'DELETE' THEN
        changed := ARRAY[OLD.employer_id];
    ELSE
        changed := ARRAY[OLD.employer_id, NEW.employer_id];
    END IF;
    -- updated_at too: a job's cached card (listings.pages.cards) shows the employer's name.
    UPDATE listings_job j
    SET employer_names = listings_employer_names(j.employer_id), updated_at = now()
    WHERE j.employer_id = ANY(changed);
    RETURN NULL;
END $$;

CREATE TRIGGER employer_names_changed AFTER UPDATE OF name ON listings_employer
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION listings_employer_names_changed();

CREATE TRIGGER employeralias_names_changed
AFTER INSERT OR UPDATE OF name, employer_id OR DELETE ON listings_employeralias
FOR EACH ROW EXECUTE FUNCTION listings_employer_names_changed();
"""

DROP_TRIGGERS = """
DROP TRIGGER employeralias_names_changed ON listings_employeralias;
DROP TRIGGER employer_names_changed ON listings_employer;
DROP TRIGGER job_employer_names ON listings_job;
DROP FUNCTION listings_employer_names_changed();
DROP FUNCTION listings_job_employer_names();
DROP FUNCTION listings_employer_names(bigint);
"""

# One pass over the jobs, before the search vector is added again: each row is then
# rewritten once for the names and once for the vector, not once per employer.
BACKFILL = """
UPDATE listings_job j SET employer_names = names.text
FROM (SELECT e.id, listings_employer_names(e.id) AS text FROM listings_employer e) AS names
WHERE names.id = j.employer_id
"""

search_vector = models.GeneratedField(
    db_persist=True,
    expression=django.contrib.postgres.search.CombinedSearchVector(
        django.contrib.postgres.search.SearchVector(
            "title", "employer_names", config="english", weight="A"
        ),
        "||",
        django.contrib.postgres.search.SearchVector(
            "description_html", config="english", weight="B"
        ),
        django.contrib.postgres.search.SearchConfig("english"),
    ),
    output_field=django.contrib.postgres.search.SearchVectorField(),
)


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0005_job_employment_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="employer_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        # A generated column's expression cannot be altered: drop it and add it again.
        migrations.RemoveIndex(model_name="job", name="job_search_vector"),
        migrations.RemoveField(model_name="job", name="search_vector"),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AddField(model_name="job", name="search_vector", field=search_vector),
        migrations.AddIndex(
            model_name="job",
            index=django.contrib.postgres.indexes.GinIndex(
                models.F("search_vector"), name="job_search_vector"
            ),
        ),
        migrations.AddIndex(
            model_name="job",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector(
                    "title", "employer_names", config="english"
                ),
                name="job_ranked_words",
            ),
        ),
    ]
