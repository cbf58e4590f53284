import os
import secrets
import subprocess
import sys

import pytest

PRODUCTION = {
    "DEBUG": "false",
    "SITE_URL": "https://visa-jobs.example",
    "ALLOWED_HOSTS": "visa-jobs.example",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
}


def production_env() -> dict:
    # The browser tests allow Django's ORM under Playwright's event loop in this process;
    # production never sets that, and check --deploy rightly warns about it.
    env = {**os.environ, **PRODUCTION}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_and_http_only():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["True", "True", "True", "True"]


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("DEBUG", "perhaps", "DEBUG must be true or false, not 'perhaps'"),
        ("PAGES_IN_MEMORY", "-5", "PAGES_IN_MEMORY must be a whole number of 0 or more"),
        ("ADMISSION_SLOTS", "many", "ADMISSION_SLOTS must be a whole number of 1 or more"),
        ("ADMISSION_SLOTS", "0", "ADMISSION_SLOTS must be a whole number of 1 or more"),
        ("ANONYMOUS_PAGES_IN_MEMORY", "100", "ANONYMOUS_PAGES_IN_MEMORY is now called"),
    ],
)
def test_a_bad_setting_fails_at_start_with_a_clear_message(variable, value, message):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**os.environ, variable: value},
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert message in result.stderr


def test_a_web_process_keeps_its_long_lived_objects_out_of_the_collectors_walks():
    """What a web process loads to serve (Django, the apps, the URLconf and its views) is
    frozen before the first request, so no cycle collection under load walks it again."""
    code = (
        "import gc, sys; import jobboard.wsgi; "
        "print(gc.get_freeze_count(), 'listings.pages.views' in sys.modules, len(gc.get_objects()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=production_env(), capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    frozen, views_loaded, still_walked = result.stdout.split()
    assert views_loaded == "True"
    assert int(frozen) > 50_000
    assert int(still_walked) < int(frozen) / 10
