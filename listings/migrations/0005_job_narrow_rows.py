from django.db import migrations


class Migration(migrations.Migration):
    """Descriptions and their search vectors move out of the job rows (into TOAST storage)
    once a row passes 128 bytes, so scans that filter jobs read a sixth of the pages; only
    the job page, which shows the description, fetches it."""

    dependencies = [("listings", "0004_ingestion_and_sponsorship_data")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE listings_job SET (toast_tuple_target = 128)",
            "ALTER TABLE listings_job RESET (toast_tuple_target)",
        ),
    ]
