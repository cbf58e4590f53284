"""Alerts saved for "Verified sponsors only" keep asking for the same jobs once the filter
became "Employer has sponsored": this role here, in the match column and the query string."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("alerts", "0005_alert_experience_salary_wage_e_verify")]
AFTER = [("alerts", "0006_alert_employer_has_sponsored")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


# Migrations run outside the test's transaction. Serialized like the worker's tests, so the
# flush afterwards leaves their saved rows (content types) for them to restore.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_alerts_for_verified_sponsors_ask_for_this_role_here():
    try:
        apps = migrate(BEFORE)
        user = apps.get_model("accounts", "User").objects.create(email="old@example.com")
        alerts = apps.get_model("alerts", "Alert").objects
        verified = alerts.create(
            user=user, query="role=data-scientist&verified=on&e_verify=on", verified_only=True
        )
        plain = alerts.create(user=user, query="role=data-scientist")

        alerts = migrate(AFTER).get_model("alerts", "Alert").objects
        assert alerts.get(pk=verified.pk).sponsored == "here"
        assert alerts.get(pk=verified.pk).query == "role=data-scientist&e_verify=on&sponsored=here"
        assert (alerts.get(pk=plain.pk).sponsored, alerts.get(pk=plain.pk).query) == (
            "",
            "role=data-scientist",
        )

        alerts = migrate(BEFORE).get_model("alerts", "Alert").objects  # and back
        assert alerts.get(pk=verified.pk).verified_only is True
        assert alerts.get(pk=verified.pk).query == "role=data-scientist&e_verify=on&verified=on"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
