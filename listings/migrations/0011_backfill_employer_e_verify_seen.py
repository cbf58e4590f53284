"""Fills the new nullable `e_verify_seen` from the jobs already stored: which employers show
E-Verify is read once into a temporary table (reads only), then employers are updated in
keyset batches, each committed on its own, so no transaction holds row locks for long. The
statement is listings.sponsors.verified's as it stood when this was written."""

from django.db import migrations

BATCH = 5000
SEEN_SQL = """
    CREATE TEMP TABLE IF NOT EXISTS e_verify_backfill AS
    SELECT j.employer_id,
           CASE WHEN bool_or(j.e_verify) THEN 'notice' ELSE 'stem-opt' END AS seen
    FROM listings_job j
    WHERE j.e_verify
       OR (j.sponsorship = 'stated' AND j.id IN (
            SELECT jv.job_id FROM listings_job_visa_types jv
            JOIN listings_visatype v ON v.id = jv.visatype_id
            WHERE v.code = 'f-1-stem-opt'))
    GROUP BY j.employer_id
"""
UPDATE_SQL = """
    UPDATE listings_employer e SET e_verify_seen = b.seen
    FROM e_verify_backfill b
    WHERE b.employer_id = e.id AND e.id > %s AND e.id <= %s
      AND e.e_verify_seen IS DISTINCT FROM b.seen
"""


def backfill(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SEEN_SQL)
        cursor.execute("SELECT coalesce(max(employer_id), 0) FROM e_verify_backfill")
        [last] = cursor.fetchone()
        for start in range(0, last, BATCH):
            cursor.execute(UPDATE_SQL, [start, start + BATCH])
        cursor.execute("DROP TABLE e_verify_backfill")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("listings", "0010_cap_exempt_reason_e_verify_seen_acwia_wages"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
