from django.db import migrations

# A job's search vector (about 1.4 KB) was moved out of its row by PostgreSQL's TOAST, as
# the row's largest value: every row a search tested cost a lookup in the TOAST table's
# index and a read of its page, about ten times the test itself. Kept in the row, the
# description (which listing pages never read) goes out instead. A catalog change, taking
# effect for rows written from now on: 0023's backfill writes every row once, in batches.
INLINE = "ALTER TABLE listings_job ALTER COLUMN search_vector SET STORAGE MAIN"
OUT_OF_LINE = "ALTER TABLE listings_job ALTER COLUMN search_vector SET STORAGE EXTENDED"


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0021_filing_years"),
    ]

    operations = [migrations.RunSQL(INLINE, OUT_OF_LINE)]
