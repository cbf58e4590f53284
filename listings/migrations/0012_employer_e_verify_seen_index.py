from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("listings", "0011_backfill_employer_e_verify_seen"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="employer",
            index=models.Index(
                models.F("e_verify_seen"),
                condition=models.Q(("e_verify_seen__isnull", False)),
                name="employer_e_verify_seen",
            ),
        ),
    ]
