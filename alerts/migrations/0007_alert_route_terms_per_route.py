"""The route filters' job conditions became one per route ("sponsoring" split into E-3, H-1B1
and transfer conditions that read offers limited to some visas; OPT's condition reads what a
posting says to students): the stored conditions of alerts that filter on routes are read
again from their members' profiles."""

from django.db import migrations
from django.utils import timezone


def reread_route_terms(apps, schema_editor):
    from listings.visas import routes
    from listings.visas.profile import Profile

    Alert = apps.get_model("alerts", "Alert")
    VisaProfile = apps.get_model("accounts", "VisaProfile")
    today = timezone.localdate()
    alerts = Alert.objects.filter(routes=True) | Alert.objects.filter(no_lottery=True)
    for user_id in alerts.values_list("user_id", flat=True).distinct():
        row = VisaProfile.objects.filter(user_id=user_id).first()
        mine = Alert.objects.filter(user_id=user_id)
        if row is None:
            mine.filter(routes=True).update(
                route_terms=None, route_terms_later=None, route_terms_change=None
            )
            mine.filter(no_lottery=True).update(no_lottery_terms=None)
            continue
        profile = Profile(
            citizenships=frozenset(row.citizenships),
            status=row.status,
            degree=row.degree,
            stem=row.stem,
            opt_end=row.opt_end,
            counted=row.counted_against_cap,
            experience=row.experience_years or 0,
        )
        terms = routes.terms_over_time(profile, today)
        mine.filter(routes=True).update(
            route_terms=sorted(terms.now),
            route_terms_later=sorted(terms.later),
            route_terms_change=terms.change,
        )
        mine.filter(no_lottery=True).update(
            no_lottery_terms=sorted(routes.no_lottery_terms(profile, today))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_visaprofile_cap_count_and_experience"),
        ("alerts", "0006_alert_employer_has_sponsored"),
    ]

    operations = [migrations.RunPython(reread_route_terms, migrations.RunPython.noop)]
