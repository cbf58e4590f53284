from django.db import migrations

from listings.taxonomy.vocabulary import ROLES, STATES, VISA_TYPES


def load_taxonomy(apps, schema_editor):
    Role = apps.get_model("listings", "Role")
    State = apps.get_model("listings", "State")
    VisaType = apps.get_model("listings", "VisaType")
    for state in STATES:
        State.objects.update_or_create(
            code=state.code, defaults={"name": state.name, "slug": state.slug}
        )
    for role in ROLES:
        Role.objects.update_or_create(
            slug=role.slug,
            defaults={"name": role.name, "soc_code": role.soc_code, "soc_title": role.soc_title},
        )
    for position, visa in enumerate(VISA_TYPES):
        VisaType.objects.update_or_create(
            code=visa.code,
            defaults={"name": visa.name, "description": visa.description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]

    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
