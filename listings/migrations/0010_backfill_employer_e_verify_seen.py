"""Fills the new nullable `e_verify_seen` from the jobs already stored, in one set-based
statement (the statement of listings.sponsors.verified, as it stood when this was written)."""

from django.db import migrations

BACKFILL_SQL = """
    WITH seen AS (
        SELECT j.employer_id,
               CASE WHEN bool_or(j.e_verify) THEN 'notice' ELSE 'stem-opt' END AS seen
        FROM listings_job j
        WHERE j.e_verify
           OR (j.sponsorship = 'stated' AND j.id IN (
                SELECT jv.job_id FROM listings_job_visa_types jv
                JOIN listings_visatype v ON v.id = jv.visatype_id
                WHERE v.code = 'f-1-stem-opt'))
        GROUP BY j.employer_id
    )
    UPDATE listings_employer e SET e_verify_seen = seen.seen
    FROM seen WHERE seen.employer_id = e.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0009_cap_exempt_reason_e_verify_seen_acwia_wages"),
    ]

    operations = [migrations.RunSQL(BACKFILL_SQL, migrations.RunSQL.noop)]
