"""Settings for the job board, read top to bottom; production differs only by environment."""

import os
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from jobboard.deadlines import server_options

# Paths
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


# Environment readers: small and strict, so a typo fails at start-up rather than in a request.
def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_seconds(name: str, default: float) -> float:
    value = env(name) or str(default)
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 86400:
        raise ImproperlyConfigured(f"{name} must be a number of seconds above 0, not {value!r}")
    return seconds


def env_count(name: str, default: int, least: int = 0) -> int:
    """A whole number of at least `least`, or a start that says what is wrong."""
    value = env(name) or str(default)
    try:
        count = int(value)
    except ValueError:
        count = least - 1
    if count < least:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of {least} or more, not {value!r}"
        )
    return count


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def email_settings(url: str) -> dict:
    """Reads EMAIL_URL: smtp://user:password@host:port or smtps://... (implicit TLS);
    `?starttls=1` asks for STARTTLS on a plain smtp:// connection."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured("EMAIL_URL must start with smtp:// or smtps://")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("starttls", ["0"])[0] in ("1", "true"),
        "EMAIL_TIMEOUT": 20,
    }


# Core
DEBUG = env_bool("DEBUG", False)
# The fallback key is for a laptop only; `manage.py check --deploy` flags it in production.
SECRET_KEY = env("SECRET_KEY", "django-insecure-local-development-key-set-SECRET_KEY")
# `make run` binds HOST (jobboard/devserver.py); one address there is a name the site answers to.
_BOUND = env("HOST") if env("HOST") not in ("", "0.0.0.0", "::") else ""
_BOUND = f"[{_BOUND}]" if ":" in _BOUND else _BOUND
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"localhost,127.0.0.1,[::1],testserver,{_BOUND}")
# `make run` exports the address it serves on; PORT keeps links right for anything else.
SITE_URL = env("SITE_URL", f"http://127.0.0.1:{env('PORT', '8000')}").rstrip("/")
# The name the site signs its pages and emails with.
SITE_NAME = env("SITE_NAME", "SponsorBoard")
# Longer request paths get our 414 page (jobboard.limits): twice what gunicorn allows by
# default, so a long but honest search still works, and no page of ours needs this much.
MAX_URI_LENGTH = 16384
ROOT_URLCONF = "jobboard.urls"
WSGI_APPLICATION = "jobboard.wsgi.application"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour: a bare "example.com" is https

# Apps and middleware
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "accounts",
    "listings",
    "alerts",
]

MIDDLEWARE = [
    "jobboard.limits.uri_length_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "listings.admission.admission_middleware",
    "jobboard.deadlines.deadline_middleware",
    "jobboard.policy.StaticCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.visa_profile_middleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jobboard.throttling.ThrottleMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "listings.context_processors.sponsorship_states",
                "jobboard.csrf.context_processor",  # replaces Django's own csrf_token
                "listings.pages.assembled.context",  # its CSRF slot wins over both
            ],
        },
    },
]

# Database: PostgreSQL only, everywhere (make run / make test start an embedded one).
if not env("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set: start the site with `make run` or the tests with `make test`, "
        "which start an embedded PostgreSQL, or point DATABASE_URL at a server."
    )
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}
# A restarted server leaves dead pooled connections: a request checks a connection that sat
# idle for a second or met an error before using it (jobboard.postgres, which spares the check
# on a connection in steady use), and a server that is down fails a connect within seconds
# (`?connect_timeout=` in DATABASE_URL overrides), so pages answer 503 instead of hanging and
# recover on their own.
DATABASES["default"]["ENGINE"] = "jobboard.postgres"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
# Deadlines (jobboard/deadlines.py). A web request waits on PostgreSQL at most
# DB_STATEMENT_TIMEOUT seconds, and at most DB_LOCK_TIMEOUT for a lock (a migration's), then
# answers our 503; workers and management commands get the longer DB_WORKER_* limits.
# jobboard.wsgi marks a web process (JOBBOARD_WEB=1) before settings are read.
DB_STATEMENT_TIMEOUT = env_seconds("DB_STATEMENT_TIMEOUT", 3)
DB_LOCK_TIMEOUT = env_seconds("DB_LOCK_TIMEOUT", 1)
DB_WORKER_STATEMENT_TIMEOUT = env_seconds("DB_WORKER_STATEMENT_TIMEOUT", 1800)
DB_WORKER_LOCK_TIMEOUT = env_seconds("DB_WORKER_LOCK_TIMEOUT", 60)
WEB_PROCESS = env_bool("JOBBOARD_WEB", False)
# Web statements are short and planned for a LIMIT, yet PostgreSQL compiles (JIT) any plan
# whose estimated cost passes jit_above_cost, as a capped count over a million jobs does:
# 30 to 70 ms of compiling for a statement that runs in a few. Workers' long statements keep it.
WEB_SERVER_OPTIONS = "-c jit=off"
DATABASES["default"]["OPTIONS"]["options"] = " ".join(
    part
    for part in (
        DATABASES["default"]["OPTIONS"].get("options", ""),
        server_options(DB_STATEMENT_TIMEOUT, DB_LOCK_TIMEOUT) + " " + WEB_SERVER_OPTIONS
        if WEB_PROCESS
        else server_options(DB_WORKER_STATEMENT_TIMEOUT, DB_WORKER_LOCK_TIMEOUT),
    )
    if part
)

# Redis: cache, rate limits, a cache of sessions and the Celery broker; never a single point
# of failure. Every call on the request path gives up after REDIS_TIMEOUT; the first failure
# opens a circuit breaker (listings.failover) so, for REDIS_BREAKER_COOLDOWN seconds, the
# cache answers from each process's memory and enqueueing skips the broker. Sessions live in
# PostgreSQL (cached_db) and are cached for a minute at most with no in-memory fallback, so a
# sign-out made while Redis was away reaches every process within a minute.
REDIS_URL = env("REDIS_URL")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is not set: use `make run` / `make test` or set it.")
REDIS_TIMEOUT = float(env("REDIS_TIMEOUT", "0.05"))
REDIS_BREAKER_COOLDOWN = float(env("REDIS_BREAKER_COOLDOWN", "1"))
_REDIS_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
    "BREAKER_COOLDOWN": REDIS_BREAKER_COOLDOWN,
}
CACHES = {
    "default": {
        "BACKEND": "listings.failover.FailoverRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "jobboard",
        "TIMEOUT": 300,
        "OPTIONS": _REDIS_OPTIONS,
    },
    "sessions": {
        "BACKEND": "listings.failover.FailoverRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "jobboard-session",
        "OPTIONS": {**_REDIS_OPTIONS, "MAX_TIMEOUT": 60, "FALLBACK_MAX_ENTRIES": 0},
    },
}
SESSION_ENGINE = "accounts.sessions"  # Django's cached_db, bringing the member along
SESSION_CACHE_ALIAS = "sessions"

# Auth: django-allauth, sign-in by email, verified by a link before the first login.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.MemberBackend",  # new sessions: the member and their visa profile at once
    "django.contrib.auth.backends.ModelBackend",  # sessions signed in before it
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory verification is what lets sign-up hide whether an address is registered: both
# cases answer "check your inbox", and the owner of a known address gets a notice instead.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# The admin login counts under "login" and "login_failed" too (jobboard.throttling), and
# every refusal is a 429 with Retry-After.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",  # key: the email tried, so per account
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "10/m/ip,3/5m/key",
    "confirm_email": "1/3m/key",
    "create_alert": "10/m/user,60/h/user",  # alerts/views.py; the 20-alert cap is separate
    "report_outcome": "20/h/user",  # accounts/views.py: what members heard back
    "delete_account": "10/h/user",  # accounts/views.py: each try checks the password
}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Email: SMTP from EMAIL_URL in production; otherwise files under var/mail/ to read locally.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <alerts@localhost>")
# The address account emails give for questions: the sender's own unless set, so it is a
# mailbox wherever the site can send mail at all.
CONTACT_EMAIL = env("CONTACT_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1])
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_URL"):
    globals().update(email_settings(env("EMAIL_URL")))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# Celery: the broker carries wake-ups only; what is due lives in PostgreSQL.
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Registered feeds (listings.ingest.feeds). A run that would expire more than this share of a
# feed's open jobs (and more than the floor: small boards close a few roles at a time) is
# refused until an operator confirms it.
FEED_REFRESH_SECONDS = 3600
FEED_MASS_EXPIRY_SHARE = 0.3
FEED_MASS_EXPIRY_FLOOR = 5
# Each refresh tries this many times on a network error or a 5xx, waiting the backoff,
# doubled each time, in between; each try waits at most the timeout for the server.
FEED_FETCH_ATTEMPTS = 3
FEED_FETCH_BACKOFF = 2.0
FEED_FETCH_TIMEOUT = 30.0
# After this many failed refreshes in a row a feed is paused until an operator resumes it;
# after this many days without a successful refresh its jobs say when they were last seen.
FEED_PAUSE_AFTER_FAILURES = 24
FEED_STALE_DAYS = 3

CELERY_BEAT_SCHEDULE = {
    "refresh-listing-counts": {
        "task": "listings.tasks.refresh_listing_counts",
        "schedule": 300.0,
    },
    "refresh-verified-sponsors": {
        "task": "listings.tasks.refresh_verified_sponsors",
        "schedule": 3600.0,
    },
    "refresh-feeds": {
        "task": "listings.tasks.refresh_feeds",
        "schedule": float(FEED_REFRESH_SECONDS),
    },
    "expire-jobs": {
        "task": "listings.tasks.expire_jobs",
        "schedule": 3600.0,
    },
    # Re-judges stored jobs once a deploy ships a new sponsorship classifier version.
    "reclassify-jobs": {
        "task": "listings.tasks.reclassify_jobs",
        "schedule": 600.0,
    },
    # Instant alerts go out within a few minutes of a job arriving: match, then send.
    "match-alerts": {"task": "alerts.tasks.match_new_jobs", "schedule": 60.0},
    "send-alert-digests": {"task": "alerts.tasks.send_digests", "schedule": 60.0},
}

# Static files
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Security and CSP: no inline script or style anywhere, so the policy needs no nonces.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG and SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_count("SECURE_HSTS_SECONDS", 0)
# Only sent once SECURE_HSTS_SECONDS is set: the site's subdomains are HTTPS-only too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Admission control (listings/admission.py), per web process: pages render on at most
# ADMISSION_SLOTS threads at once; up to ADMISSION_QUEUE more wait, each at most ADMISSION_WAIT
# seconds, then answer 503. gunicorn's threads (WEB_THREADS) must outnumber slots and queue,
# so that cached pages always find a free thread. README, "Web processes", gives the sizing.
ADMISSION_SLOTS = env_count("ADMISSION_SLOTS", 8, least=1)
ADMISSION_QUEUE = env_count("ADMISSION_QUEUE", 32)
ADMISSION_WAIT = env_seconds("ADMISSION_WAIT", 2)

# Listings
ANONYMOUS_JOB_LIMIT = 5
ANONYMOUS_PAGE_CACHE_SECONDS = env_count("ANONYMOUS_PAGE_CACHE_SECONDS", 120)
# How many cached pages (anonymous pages whole, about 40 KB each; the parts of member pages,
# about 90 KB) each web process also keeps in memory, no longer than they are good for in
# Redis (listings.caching.RecentPages).
PAGES_IN_MEMORY = env_count("PAGES_IN_MEMORY", 200)
if "ANONYMOUS_PAGES_IN_MEMORY" in os.environ:
    raise ImproperlyConfigured("ANONYMOUS_PAGES_IN_MEMORY is now called PAGES_IN_MEMORY")
PAGE_SIZE = 25
COUNT_CAP = 1000

# Alerts
ALERTS_MAX_PER_USER = 20
ALERTS_SEND_BATCH = env_count("ALERTS_SEND_BATCH", 100, least=1)  # digests per SMTP connection
# A worker's claim on a batch of digests older than this is taken to be a dead worker's.
ALERTS_CLAIM_SECONDS = env_count("ALERTS_CLAIM_SECONDS", 600, least=1)
ALERTS_UNSUBSCRIBE_EMAIL = env(
    "ALERTS_UNSUBSCRIBE_EMAIL", f"unsubscribe@{urlsplit(SITE_URL).hostname or 'localhost'}"
)

# Logging: to stderr, where gunicorn and celery collect it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The embedded PostgreSQL's wrapper narrates every pg_ctl call at INFO.
        "pgserver": {"level": "WARNING"},
    },
}
