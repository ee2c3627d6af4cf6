"""Writeathon settings: one module, every value from the environment.

Three modes, chosen by ``WRITEATHON_MODE``:

* ``production`` (the default): refuses to start without a real ``SECRET_KEY``.
* ``demo``: what ``writeathon demo`` runs; SQLite and mail files in the data directory.
* ``test``: what the test suite runs.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.FileAwareEnv()

MODE: str = env.str("WRITEATHON_MODE", default="production")
if MODE not in {"production", "demo", "test"}:
    raise ImproperlyConfigured("WRITEATHON_MODE must be one of production, demo, test.")

DATA_DIR = Path(env.str("WRITEATHON_DATA_DIR", default="./writeathon-data")).resolve()

DEBUG: bool = env.bool("DEBUG", default=False)

_INSECURE_MARKERS = ("insecure", "changeme", "change-me", "secret")
SECRET_KEY: str = env.str("SECRET_KEY", default="")
if MODE == "production":
    if len(SECRET_KEY) < 50 or any(m in SECRET_KEY.lower() for m in _INSECURE_MARKERS):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a long random value (50+ characters) in production. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
elif not SECRET_KEY:
    SECRET_KEY = f"writeathon-{MODE}-only-key-not-for-production-use"

ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS",
    default=[] if MODE == "production" else ["127.0.0.1", "localhost", "testserver"],
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute base URL for links in emails; when unset, the request's own host is used.
SITE_URL: str = env.str("WRITEATHON_SITE_URL", default="").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "writeathon.core",
    "writeathon.campaigns",
    "writeathon.supporters",
    "writeathon.actions",
    "writeathon.reporting",
    "writeathon.events",
    "writeathon.delivery",
    "writeathon.abuse",
    "writeathon.moderation",
    "writeathon.sections",
    "writeathon.partners",
    # The partner API's documentation page, served from the package's own static files.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # /api/: the partner API's call log, ETags and problem+json for unknown paths.
    "writeathon.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "writeathon.core.staff_session.StaffSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "writeathon.core.second_factor.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A view that meets a database outage answers 503, and a public form comes back filled in.
    "writeathon.core.database_outage.DatabaseOutageMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "writeathon.urls"
WSGI_APPLICATION = "writeathon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
_sqlite_default = f"sqlite:///{DATA_DIR / 'writeathon.sqlite3'}"
DATABASES: dict[str, dict[str, Any]] = {"default": env.db("DATABASE_URL", default=_sqlite_default)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while pages read; IMMEDIATE avoids lock upgrades that
    # fail with "database is locked" when the web process and the worker write at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (counters, rate limits) -----------------------------------------------------------
REDIS_URL: str = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            # Django's RedisCache, keeping one client per pool (writeathon/core/redis_cache.py).
            "BACKEND": "writeathon.core.redis_cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="writeathon"),
            # A cache that hangs must not hang pages: fail fast and fall back to the database.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Seconds a campaign or case page rendered for anonymous visitors is served again from the
# cache (with each visitor's own CSRF token and form stamp put back); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=10)

# --- Background work --------------------------------------------------------------------------
TASKS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Email ------------------------------------------------------------------------------------
MAIL_DIR = DATA_DIR / "mail"
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif MODE == "test":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    # Without a mail server each message becomes an .eml file that staff can open in the site.
    EMAIL_BACKEND = "writeathon.core.mail.EmlFileBackend"
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Writeathon <noreply@example.org>")
SERVER_EMAIL: str = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Each step of an SMTP exchange gives up after this long. A letter's whole exchange is about 18
# steps (writeathon.delivery.timing), which DELIVERY_LEASE_SECONDS must outlast.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=15.0)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
]
FORMAT_MODULE_PATH = ["writeathon.formats"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "writeathon_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
# Outside production, files are served from the package itself and nothing is collected.
STATIC_ROOT: Path | None = (
    Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static"))) if MODE == "production" else None
)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if MODE == "production"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = MODE != "production"
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 3600

# --- Security ---------------------------------------------------------------------------------
CSRF_FAILURE_VIEW = "writeathon.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_secure_default = MODE == "production"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=_secure_default)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: every form carries its token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Plain-HTTP requests are redirected to HTTPS in production. Turn it off only when TLS ends at
# a proxy that redirects itself and the application cannot tell (no BEHIND_TLS_PROXY).
# /healthz answers over plain HTTP too, for health checks sent straight to the application.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_secure_default)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Browsers remember to use HTTPS only: one year in production; 0 turns it off.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if _secure_default else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Asking browsers to ship the domain as HTTPS-only is a lasting commitment for the whole
# domain, for its owner to make: off unless asked, and Django's reminder about it silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS: list[str] = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

LOGIN_URL = "admin:login"

# Content-Security-Policy (django-csp): only this site's own scripts, styles and images run,
# and no page can be framed. No inline script, style attribute or event handler anywhere.
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Failed staff sign-ins (django-axes): after STAFF_LOGIN_FAILURE_LIMIT failures for one username
# from one address, that pair is locked out for STAFF_LOGIN_LOCKOUT_MINUTES; so is an address
# after STAFF_LOGIN_FAILURE_LIMIT_PER_ADDRESS failures across usernames (password spraying),
# and a username after STAFF_LOGIN_FAILURE_LIMIT_PER_USERNAME failures across addresses.
AUTHENTICATION_BACKENDS = [
    "writeathon.core.login_lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The rights of the role given with a staff member's section (writeathon.sections.roles).
    "writeathon.sections.roles.RolePermissionBackend",
]
AXES_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
STAFF_LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("STAFF_LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=20)
STAFF_LOGIN_FAILURE_LIMIT_PER_USERNAME = env.int(
    "STAFF_LOGIN_FAILURE_LIMIT_PER_USERNAME", default=20
)
_lockout_minutes = env.int("STAFF_LOGIN_LOCKOUT_MINUTES", default=30)
if (
    min(
        AXES_FAILURE_LIMIT,
        STAFF_LOGIN_FAILURE_LIMIT_PER_ADDRESS,
        STAFF_LOGIN_FAILURE_LIMIT_PER_USERNAME,
        _lockout_minutes,
    )
    < 1
):
    raise ImproperlyConfigured(
        "STAFF_LOGIN_FAILURE_LIMIT, STAFF_LOGIN_FAILURE_LIMIT_PER_ADDRESS, "
        "STAFF_LOGIN_FAILURE_LIMIT_PER_USERNAME and STAFF_LOGIN_LOCKOUT_MINUTES must be at least 1."
    )
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes)
# Each with its own limit (writeathon.core.login_lockout.LoginLockoutHandler).
AXES_HANDLER = "writeathon.core.login_lockout.LoginLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
# An IPv6 client by its network (IPV6_CLIENT_PREFIX), as the form limits count it.
AXES_CLIENT_IP_CALLABLE = "writeathon.core.client_ip.client_key"
AXES_LOCKOUT_CALLABLE = "writeathon.core.login_lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True

# A staff session ends this long after sign-in, however busy (writeathon.core.staff_session);
# other sessions keep Django's two weeks.
STAFF_SESSION_SECONDS = env.int("STAFF_SESSION_SECONDS", default=8 * 3600)
if STAFF_SESSION_SECONDS < 60:
    raise ImproperlyConfigured("STAFF_SESSION_SECONDS must be at least 60.")

# A second factor (an authenticator app's code) for every staff page; off in demo and tests.
STAFF_REQUIRE_2FA: bool = env.bool("STAFF_REQUIRE_2FA", default=MODE == "production")
OTP_TOTP_ISSUER: str = env.str("OTP_TOTP_ISSUER", default="Writeathon")
# An account sets up its authenticator only through a one-time link from an administrator
# (a password alone must not choose the second factor); the link works this many hours.
STAFF_ENROLMENT_LINK_HOURS = env.int("STAFF_ENROLMENT_LINK_HOURS", default=24)
if STAFF_ENROLMENT_LINK_HOURS < 1:
    raise ImproperlyConfigured("STAFF_ENROLMENT_LINK_HOURS must be at least 1.")

# --- Client IP ---------------------------------------------------------------------------------
# Rate limits and login lockouts count per client address (writeathon.core.client_ip).
# Behind a reverse proxy, name the header it sets (e.g. "X-Forwarded-For"); empty means the
# site faces the internet and REMOTE_ADDR is the client. Set it only behind a proxy: a client
# could otherwise write the header itself.
TRUSTED_PROXY_HEADER: str = env.str("TRUSTED_PROXY_HEADER", default="").strip()
# Addresses of our own proxies, skipped when reading the header from the right (for chains of
# proxies); e.g. "10.0.0.0/8,192.168.1.5".
TRUSTED_PROXY_NETWORKS: list[str] = env.list("TRUSTED_PROXY_NETWORKS", default=[])
for _network in TRUSTED_PROXY_NETWORKS:
    try:
        ipaddress.ip_network(_network.strip(), strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXY_NETWORKS: {_error}") from None
# An IPv6 client is counted by the network of this prefix length, not by its full address:
# one home, phone or server is given a whole /64 and can rotate through it at will.
IPV6_CLIENT_PREFIX = env.int("IPV6_CLIENT_PREFIX", default=64)
if not 32 <= IPV6_CLIENT_PREFIX <= 128:
    raise ImproperlyConfigured("IPV6_CLIENT_PREFIX must be between 32 and 128.")

# --- Abuse resistance (writeathon.abuse; docs/operations.md#abuse-resistance) -------------------
_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rates(name: str, default: str) -> list[tuple[int, int]]:
    """Limits like "60/m,500/h" as (requests, window seconds) pairs; "" or "off" for none."""
    value = env.str(name, default=default).strip().lower()
    if value in {"", "off"}:
        return []
    rates: list[tuple[int, int]] = []
    for part in value.split(","):
        count, _slash, unit = part.strip().partition("/")
        if not count.isdigit() or int(count) < 1 or unit not in _RATE_UNITS:
            raise ImproperlyConfigured(f'{name}: "{part}" is not like "60/m" (unit s, m, h or d).')
        rates.append((int(count), _RATE_UNITS[unit]))
    return rates


# Every public form POST from one client address, all forms together. Generous: a school's
# computer room or a mobile operator puts many people behind one address (an event's network
# can be allow-listed at /staff/abuse/).
RATE_LIMIT_FORM_PER_IP = _rates("RATE_LIMIT_FORM_PER_IP", "60/m,500/h")
# Submissions naming one email address (after normalisation), per form: tight.
RATE_LIMIT_FORM_PER_EMAIL = _rates("RATE_LIMIT_FORM_PER_EMAIL", "20/h,60/d")
# Text messages from one phone number to the SMS webhook (STOP always goes through).
RATE_LIMIT_SMS_PER_NUMBER = _rates("RATE_LIMIT_SMS_PER_NUMBER", "10/h,40/d")
# Where the counters live: "cache" (Redis, shared by every process) or "database" (the
# embedded default: LocMemCache is per process and would multiply the limits).
RATE_LIMIT_STORE: str = env.str("RATE_LIMIT_STORE", default="cache" if REDIS_URL else "database")
if RATE_LIMIT_STORE not in {"cache", "database"}:
    raise ImproperlyConfigured("RATE_LIMIT_STORE must be cache or database.")
# A form sent sooner than this after its page was shown is shown again (bots are fast).
FORM_MIN_SECONDS = env.float("FORM_MIN_SECONDS", default=3.0)
# A form older than this is shown again to be sent anew.
FORM_MAX_AGE_SECONDS = env.int("FORM_MAX_AGE_SECONDS", default=12 * 3600)
# Hourly traffic per address and email domain (personal data) is kept this long.
ABUSE_TRAFFIC_KEEP_DAYS = env.int("ABUSE_TRAFFIC_KEEP_DAYS", default=7)

# --- Writeathon ---------------------------------------------------------------------------------
# How long a confirmation link stays valid.
CONFIRMATION_MAX_AGE_SECONDS = env.int("CONFIRMATION_MAX_AGE_SECONDS", default=7 * 24 * 3600)
# How long /counter.json and the counters on pages may be served from cache.
COUNTER_CACHE_SECONDS = env.int("COUNTER_CACHE_SECONDS", default=5)
# Shards per case counter: spreads concurrent increments over rows at a peak.
TALLY_SHARDS = 16

# --- Write-a-thon reports (writeathon.events.reports) -------------------------------------------
# Hosts may report and correct until the end (UTC) of the campaign's last day plus this many days.
EVENT_REPORT_GRACE_DAYS = env.int("EVENT_REPORT_GRACE_DAYS", default=31)
# Actions one person can plausibly write in an hour at an event; a report beyond attendees x
# hours (at least one) x this is held for staff. Staff may set another ratio per campaign.
EVENT_ACTIONS_PER_ATTENDEE_HOUR = env.int("EVENT_ACTIONS_PER_ATTENDEE_HOUR", default=6)

# --- Privacy (writeathon.usecases.privacy) ------------------------------------------------------
# Message text (letters, solidarity messages, notices) is deleted this many days after the
# last delivery of the action; the counts stay.
MESSAGE_RETENTION_DAYS = env.int("MESSAGE_RETENTION_DAYS", default=90)
# Supporters with no activity for this many days are erased; their actions still count.
SUPPORTER_RETENTION_DAYS = env.int("SUPPORTER_RETENTION_DAYS", default=3 * 365)

# --- Moderation (writeathon.moderation) -------------------------------------------------------
# Near-duplicate messages from one source (client address or email) are compared over this
# many hours; beyond MODERATION_FLOOD_LIMIT of them, the rest are held for a moderator.
MODERATION_FLOOD_WINDOW_HOURS = env.int("MODERATION_FLOOD_WINDOW_HOURS", default=24)
MODERATION_FLOOD_LIMIT = env.int("MODERATION_FLOOD_LIMIT", default=5)
# How alike two messages must be (0-100, rapidfuzz) to count as near-duplicates.
MODERATION_FLOOD_SIMILARITY = env.int("MODERATION_FLOOD_SIMILARITY", default=90)
# How alike a message must be to the campaign's sample letter to count as the sample.
MODERATION_SAMPLE_SIMILARITY = env.int("MODERATION_SAMPLE_SIMILARITY", default=85)
# More word lists (<language>.txt, the format of moderation/wordlists/), added to those shipped.
MODERATION_WORDLISTS_DIR: str = env.str("MODERATION_WORDLISTS_DIR", default="")

# --- Write-a-thons (writeathon.events) ---------------------------------------------------------
# A host's first event waits for staff approval; once approved, a host's events need none.
# Off: every event whose title and description pass screening is listed at once.
EVENTS_REVIEW_NEW_HOSTS = env.bool("EVENTS_REVIEW_NEW_HOSTS", default=True)

# --- Delivery (the outbox) ---------------------------------------------------------------------
# Message-IDs end in this domain: a resend of a delivery carries the same ID.
MESSAGE_ID_DOMAIN: str = env.str(
    "MESSAGE_ID_DOMAIN", default=urlsplit(SITE_URL).hostname or "writeathon.localhost"
)
# Letters to officials come from the campaign's address, with the supporter in Reply-To.
DELIVERY_FROM_EMAIL: str = env.str("DELIVERY_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
DELIVERY_BATCH_SIZE = env.int("DELIVERY_BATCH_SIZE", default=20)
# A worker that dies while sending loses its claim after this long; another takes over. It must
# outlast the longest exchange with a mail server or gateway (checked at start).
DELIVERY_LEASE_SECONDS = env.int("DELIVERY_LEASE_SECONDS", default=300)
DELIVERY_MAX_ATTEMPTS = env.int("DELIVERY_MAX_ATTEMPTS", default=12)
DELIVERY_POLL_SECONDS = env.float("DELIVERY_POLL_SECONDS", default=1.0)
# The attempt log of delivered messages is kept this long, for staff.
DELIVERY_ATTEMPTS_KEEP_DAYS = env.int("DELIVERY_ATTEMPTS_KEEP_DAYS", default=90)
# Daily digests to officials who asked for them are composed at this hour (UTC).
DELIVERY_DIGEST_HOUR = env.int("DELIVERY_DIGEST_HOUR", default=7)
# A row whose worker stopped while holding it this many times in a row (a message that
# crashes its worker) is parked for staff instead of being taken again.
DELIVERY_MAX_RECLAIMS = env.int("DELIVERY_MAX_RECLAIMS", default=5)
# How long a worker keeps trying to write a result when the database goes away (a restart)
# before it gives up the batch; it gives its rows back as soon as the database returns.
DELIVERY_RECORD_RETRY_SECONDS = env.float("DELIVERY_RECORD_RETRY_SECONDS", default=30.0)
# The bearer token that opens /metrics to the operators' monitoring; unset, /metrics is 404.
METRICS_TOKEN: str = env.str("METRICS_TOKEN", default="")
# Files with personal data (print runs), outside MEDIA_ROOT and served to staff only.
PRIVATE_FILES_DIR = Path(env.str("PRIVATE_FILES_DIR", default=str(DATA_DIR / "private")))
# Files written by the local fax and SMS channels when no gateway is configured.
OUTBOX_DIR = DATA_DIR / "outbox"
PDF_CACHE_DIR = Path(env.str("PDF_CACHE_DIR", default=str(DATA_DIR / "pdf-cache")))
FAX_GATEWAY_URL: str = env.str("FAX_GATEWAY_URL", default="")
FAX_GATEWAY_TOKEN: str = env.str("FAX_GATEWAY_TOKEN", default="")
# One call at a time per destination number, at most this many a minute.
FAX_CALLS_PER_MINUTE = env.float("FAX_CALLS_PER_MINUTE", default=2.0)
SMS_GATEWAY_URL: str = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN: str = env.str("SMS_GATEWAY_TOKEN", default="")
# Shared with the SMS gateway: signs the inbound webhook's requests.
SMS_WEBHOOK_SECRET: str = env.str("SMS_WEBHOOK_SECRET", default="")
SMS_FROM_NUMBER: str = env.str("SMS_FROM_NUMBER", default="")
GATEWAY_TIMEOUT_SECONDS = env.float("GATEWAY_TIMEOUT_SECONDS", default=20.0)
TWEET_INTENT_URL: str = env.str("TWEET_INTENT_URL", default="https://twitter.com/intent/tweet")
DELIVERY_TRANSPORTS: dict[str, str] = {
    "email": "writeathon.delivery.channels.email.EmailTransport",
    "fax": (
        "writeathon.delivery.channels.fax.GatewayFaxTransport"
        if FAX_GATEWAY_URL
        else "writeathon.delivery.channels.fax.FileFaxTransport"
    ),
    "sms": (
        "writeathon.delivery.channels.sms.GatewaySmsTransport"
        if SMS_GATEWAY_URL
        else "writeathon.delivery.channels.sms.FileSmsTransport"
    ),
    "webhook": "writeathon.delivery.channels.webhook.WebhookTransport",
}
# Calls a minute one partner API token may make (0: no limit).
API_RATE_PER_MINUTE = env.int("API_RATE_PER_MINUTE", default=120)
# How long a partner's webhook endpoint may take to answer one event.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        # django-axes logs every sign-in at INFO; failures and lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}
