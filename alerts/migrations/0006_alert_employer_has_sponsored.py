""" "Verified sponsors only" became "Employer has sponsored" with a choice of evidence: an
alert that asked for verified sponsors keeps asking for the same jobs, "this role here", in
its match column and in its query string (what its links and its description read)."""

from urllib.parse import parse_qsl, urlencode

from django.db import migrations, models


def to_sponsored(apps, schema_editor):
    Alert = apps.get_model("alerts", "Alert")
    for alert in Alert.objects.filter(verified_only=True).only("pk", "query"):
        alert.sponsored = "here"
        alert.query = _renamed(alert.query, "verified", ("sponsored", "here"))
        alert.save(update_fields=["sponsored", "query"])


def to_verified(apps, schema_editor):
    Alert = apps.get_model("alerts", "Alert")
    for alert in Alert.objects.exclude(sponsored="").only("pk", "query", "sponsored"):
        # Only "this role here" was there before; the other kinds are dropped.
        alert.verified_only = alert.sponsored == "here"
        alert.query = _renamed(
            alert.query, "sponsored", ("verified", "on") if alert.verified_only else None
        )
        alert.save(update_fields=["verified_only", "query"])


def _renamed(query: str, old: str, new: tuple[str, str] | None) -> str:
    pairs = [(name, value) for name, value in parse_qsl(query) if name != old]
    return urlencode(pairs + ([new] if new else []))


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0005_alert_experience_salary_wage_e_verify"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="sponsored",
            field=models.CharField(
                blank=True,
                choices=[
                    ("here", "This role here"),
                    ("h1b", "Any H-1B"),
                    ("green-card", "A green card"),
                ],
                default="",
                max_length=10,
                verbose_name="employer has sponsored",
            ),
        ),
        migrations.RunPython(to_sponsored, to_verified),
        migrations.RemoveField(model_name="alert", name="verified_only"),
    ]
