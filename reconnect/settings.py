"""Settings for Reconnect: one file, every deploy-time knob read from the environment.

With no variables set it runs for development (DEBUG on, SQLite beside the code).
In production set at least DJANGO_DEBUG=0, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import zlib
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from reconnect.lib.datakeys import parse_data_keys

BASE_DIR = Path(__file__).resolve().parent.parent


_DEV_SECRET_KEY = "dev-only-not-secret-reconnect-key-do-not-use-in-production-0123456789"  # noqa: S105 - published; refused when DEBUG is off
_TRUE_WORDS = ("1", "true", "yes", "on")
_FALSE_WORDS = ("0", "false", "no", "off")


def envbool(name: str, default: bool) -> bool:
    """A yes/no variable; a value it cannot read stops the start rather than guess "off"."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE_WORDS:
        return True
    if value in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: "
        f"use one of {', '.join(_TRUE_WORDS)} or {', '.join(_FALSE_WORDS)}."
    )


def envint(name: str, default: int, *, low: int, high: int) -> int:
    """A whole number from `low` to `high`, in the ASCII digits 0-9 and nothing else.

    "1_0", "-5", "٣", " 5" and "5.0" are all refused, as Python's int() would read some of
    them as numbers nobody meant; anything it cannot read stops the start.
    """
    value = os.environ.get(name, "")
    if not value:
        return default
    # Compared by length first, so a value of thousands of digits is never converted.
    digits = value.lstrip("0") or "0"
    if (
        not (value.isascii() and value.isdigit())
        or len(digits) > len(str(high))
        or not low <= int(digits) <= high
    ):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a whole number from {low} to {high}: "
            f"write it with the digits 0-9 only, such as {default}."
        )
    return int(digits)


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def envloglevel(name: str, default: str) -> str:
    """One of Python's five level names, in any case (`warning` or `WARNING`)."""
    value = os.environ.get(name, "")
    if not value:
        return default
    if value.upper() not in _LOG_LEVELS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a log level: use one of {', '.join(_LOG_LEVELS)}."
        )
    return value.upper()


_SECRET_FILE_LIMIT = 64 * 1024


def envsecret(name: str) -> str:
    """A secret from the variable `name`, or from the file that `name`_FILE points at.

    A file keeps secrets out of the process environment (Docker and systemd credentials,
    Kubernetes secrets). Line breaks at the end, which editors and `echo` add, are dropped;
    a file that cannot be read, is empty, holds more than one line (or a NUL) or is larger
    than 64 KiB stops the start, and so does setting both variables.
    """
    path = os.environ.get(f"{name}_FILE", "")
    if not path:
        return os.environ.get(name, "")
    if os.environ.get(name):
        raise ImproperlyConfigured(f"Both {name} and {name}_FILE are set: set only one of them.")
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read(_SECRET_FILE_LIMIT + 1)
    except (OSError, UnicodeDecodeError) as error:
        reason = (
            (error.strerror or str(error)).lower()
            if isinstance(error, OSError)
            else "it is not UTF-8 text"
        )
        raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {reason}.") from None
    if len(text) > _SECRET_FILE_LIMIT:
        raise ImproperlyConfigured(
            f"{name}_FILE={path!r} is larger than 64 KiB: it should hold only the secret."
        )
    secret = text.rstrip("\r\n")
    if not secret:
        raise ImproperlyConfigured(f"{name}_FILE={path!r} is empty: write the secret in it.")
    if any(c in secret for c in "\r\n\0"):
        raise ImproperlyConfigured(
            f"{name}_FILE={path!r} holds more than one line: it should hold only the secret, "
            "on one line."
        )
    return secret


def secret_key_problem(key: str) -> str:
    """Why `key` is too weak to sign sessions and reset links with, or "" if it is fine.

    A key must be long and look random: at least 16 different characters, an entropy
    estimated from how often each occurs of 200 bits or more, and no repeats that make it
    compress ("passwordpassword…", "abc…xyzabc…xyz"). A random 50-character key passes all.
    """
    if key == _DEV_SECRET_KEY or key.startswith("django-insecure-"):
        return "it is a development key, published with the code"
    if len(key) < 50:
        return "it is shorter than 50 characters"
    counts = [key.count(c) for c in set(key)]
    bits = -sum(n * math.log2(n / len(key)) for n in counts)
    if len(counts) < 16 or bits < 200 or len(zlib.compress(key.encode(), 9)) < len(key):
        return "it has too few different characters, or repeats itself"
    return ""


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envurl(name: str, default: str) -> str:
    """A web address (http or https, with a host); anything else stops the start."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    parts = urlsplit(value)
    unsafe = any(c in value for c in "\"'<> ")
    if parts.scheme not in ("http", "https") or not parts.netloc or unsafe:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a web address: use one such as "
            "https://www.bbc.co.uk/weather."
        )
    return value


DEBUG = envbool("DJANGO_DEBUG", True)

SECRET_KEY = envsecret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set when DJANGO_DEBUG is "
            "off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (problem := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak ({problem}). Use 50 or more random characters: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

# The deployer's data keys, newest first: the first wraps each account's own key, every
# one of them unwraps (reconnect/lib/sealing.py). Losing them loses every journal they
# wrap: keep them apart from the backups. In development (DEBUG on, nothing set), the file
# `make run` writes (.dev-data-keys) and a development key published with the code.
_DEV_DATA_KEY = "ZGV2LW9ubHktZGF0YS1rZXktbm90LXNlY3JldC0wMDA"
_data_keys_text = envsecret("DJANGO_DATA_KEYS")
if _data_keys_text:
    DATA_KEYS = parse_data_keys(
        _data_keys_text,
        "DJANGO_DATA_KEYS_FILE" if os.environ.get("DJANGO_DATA_KEYS_FILE") else "DJANGO_DATA_KEYS",
    )
    if not DEBUG and parse_data_keys(_DEV_DATA_KEY)[0] in DATA_KEYS:
        raise ImproperlyConfigured(
            "DJANGO_DATA_KEYS holds the development key, published with the code: make a key "
            "of your own with `python manage.py new_data_key`."
        )
elif not DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_DATA_KEYS (or DJANGO_DATA_KEYS_FILE) must be set when DJANGO_DEBUG is off: it "
        "holds the key that seals every journal. Make one with `python manage.py "
        "new_data_key`, and keep it safe and apart from the backups (docs/deployment.md)."
    )
else:
    _dev_file = BASE_DIR / ".dev-data-keys"
    DATA_KEYS = [
        *(parse_data_keys(_dev_file.read_text(), str(_dev_file)) if _dev_file.exists() else []),
        *parse_data_keys(_DEV_DATA_KEY),
    ]

# A journal locked with its owner's password (reconnect/accounts/lock.py): Argon2id's costs
# for the key that password wraps, the cost of one password hash at sign-in. Each wrapping
# keeps the costs it was made with, so changing these changes only new ones.
JOURNAL_LOCK_KDF = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
# The cookie that holds the key to this device's copy of an open locked journal's key.
JOURNAL_KEY_COOKIE = "journalkey"

# How many reverse proxies of the deployment's own stand in front of the app (nginx, Caddy,
# a load balancer). 0, the default, trusts no forwarded header: the client is REMOTE_ADDR
# and X-Forwarded-For / X-Forwarded-Proto are ignored, since anyone can send them. With N,
# the client is the Nth address from the right of X-Forwarded-For (the one the outermost
# proxy saw) and X-Forwarded-Proto is believed. Set it only when every request comes
# through those proxies.
TRUSTED_PROXIES = envint("DJANGO_TRUSTED_PROXIES", 0, low=0, high=10)

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The project's rooms (reconnect/), then the apps. The accounts come first: their
    # ready() makes Django's generic classes subscriptable before any admin.py loads.
    "reconnect.accounts",
    "reconnect.lib",
    "reconnect.ops",
    "advice",
    "journal",
    "journal.readiness",
    "journal.insights",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before anything reads the signed-in user: the user comes with their sealed answers,
    # which a locked journal opens only with the key this offers.
    "reconnect.accounts.middleware.JournalKeyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reconnect.lib.middleware.BodySizeMiddleware",
    "reconnect.lib.middleware.UserLanguageMiddleware",
    "reconnect.lib.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "reconnect.lib.middleware.IdleSignOutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "reconnect.lib.middleware.PrivacyHeadersMiddleware",
    "reconnect.lib.middleware.DiscreetDeviceMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reconnect.urls"
# Widget templates are looked up like any other template, so templates/ can hold some.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "reconnect.wsgi.application"

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
                "reconnect.lib.context_processors.care",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url reads through DATABASE_URL.
DATABASE_URL = envsecret("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    if DATABASE_URL
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        "CONN_MAX_AGE": 600,
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every SQLite database gets the same tuning, from the default or from a sqlite:// URL.
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on
        # busy_timeout instead of failing with "database is locked" mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=10000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "reconnect.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Django's checks, with our own words for them (reconnect/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "reconnect.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "reconnect.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "reconnect.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "reconnect.accounts.passwords.NumericPasswordValidator"},
    {"NAME": "reconnect.accounts.passwords.GuessabilityValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "reconnect.accounts.backends.ModelBackend",
    # Kept so sessions signed in before reconnect.accounts.backends existed stay signed in.
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failures for one username from one address lock that pair out for
# 15 minutes, which then lift by themselves. Trying again during the lockout does not
# extend it, so nobody can keep a real user locked out for good. An address with 10
# failures over any usernames is locked out too (reconnect.accounts.lockout), so one address cannot
# try a password on many accounts; a completed password reset lifts an account's lockout.
AXES_HANDLER = "reconnect.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "reconnect.lib.clients.client_address"
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "reconnect.accounts.lockout.lockout_response"  # says when the pause lifts
AXES_DISABLE_ACCESS_LOG = True  # keep no log of successful logins
AXES_VERBOSE = False

# No cache: pages are fast because they do little work, and nobody's records or pages
# made from them are kept between requests (see docs/performance.md). Django still wants
# a backend configured; this one keeps nothing.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "welcome"
# Sessions in the database, each marked with its user, so deleting an account ends its
# sessions everywhere (reconnect.accounts.sessions). Messages live in the session, not a cookie.
SESSION_ENGINE = "reconnect.accounts.sessions"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Sign-ups from one address in an hour; more are refused with a kind 429 page. At least 1:
# 0 would refuse every sign-up.
SIGNUP_LIMIT_PER_HOUR = envint("DJANGO_SIGNUP_LIMIT_PER_HOUR", 5, low=1, high=10_000)
# Tries at signing up from one address in an hour, failed ones included: a failed try says
# whether a username is taken, so trying many names is limited too (reconnect.lib.throttle).
SIGNUP_TRIES_PER_HOUR = envint("DJANGO_SIGNUP_TRIES_PER_HOUR", 20, low=1, high=10_000)
# Password-reset mails: per client asking; per address asked for by one client, so a
# stranger's asks spend the stranger's allowance and never the owner's; and a ceiling per
# address over all clients, so no one address is flooded. Past any, nothing is sent and
# the page reads the same.
RESET_MAILS_PER_CLIENT_PER_HOUR = 10
RESET_MAILS_PER_ADDRESS_AND_CLIENT_PER_HOUR = 3
RESET_MAILS_PER_ADDRESS_PER_DAY = 10
# Where the quick exit goes (a button, and Shift pressed three times): an ordinary page
# that says nothing about this app. The page it leaves is replaced in the history.
QUICK_EXIT_URL = envurl("DJANGO_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14


def totp_issuer(device: Any) -> str:
    """What an authenticator app lists the account as: in discreet mode, plain "Notes"."""
    from django.utils.translation import gettext

    return gettext("Notes") if device.user.discreet else "Reconnect"


# Two-factor sign-in (optional, per account; reconnect/two_factor.py). After a wrong code
# the next in the same sign-in is only checked 1, 2, 4... seconds later, on top of the
# login lockout, which counts wrong codes as failed logins for the username and address.
# Codes are kept out of the failed-login records.
OTP_TOTP_ISSUER = totp_issuer
# django-otp's own throttle is per device, so anyone who knows the password could keep
# the owner's right code out by sending wrong ones: it is off, and the slow-down belongs to
# each sign-in instead (reconnect/two_factor.py), with a bucket of guesses per account for
# browsers that have not signed in to it before.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
TWO_FACTOR_CODES_PER_HOUR = 10
# Tries to open a locked journal (/accounts/unlock/) an hour, per account: each one costs an
# Argon2id hash, and a password tried there must not escape the sign-in's lockout.
UNLOCK_TRIES_PER_HOUR = 10
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Background work (imports, photos, mail) on Django's tasks API through its backport,
# django-tasks, with the database backend from django-tasks-db: `manage.py db_worker` runs
# what the web processes queue. DJANGO_TASKS_BACKEND=rq queues on Redis instead
# (DJANGO_REDIS_URL), through django-tasks-rq, for `manage.py rqworker` (the `rq` extra).
# DJANGO_TASKS_BACKEND=immediate runs each task inside the request that queues it (the tests
# do; never for production: long work is back on the request path).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = os.environ.get("DJANGO_TASKS_BACKEND", "database").strip().lower()
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND={_task_backend!r}: use one of {', '.join(_TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}
if _task_backend == "rq":
    # The URL may hold Redis's password: DJANGO_REDIS_URL_FILE keeps it out of the environment.
    _redis_url = envsecret("DJANGO_REDIS_URL")
    if not _redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "DJANGO_TASKS_BACKEND=rq needs DJANGO_REDIS_URL (or DJANGO_REDIS_URL_FILE): "
            "redis://host:6379/0, rediss://… or unix://…"
        )
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # A task running longer than this is stopped and fails (RQ's job timeout).
    RQ_QUEUES = {
        "default": {
            "URL": _redis_url,
            "DEFAULT_TIMEOUT": envint("DJANGO_RQ_JOB_TIMEOUT", 3600, low=60, high=86_400),
        }
    }
    # `manage.py rqworker default` needs no options: the job class runs Django's tasks, the
    # worker class beats like db_worker and puts back the jobs of a worker that died
    # (reconnect/ops/rqworker.py).
    RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "reconnect.ops.rqworker.Worker"}
# Under RQ: a job whose worker has not said it is alive for this long is taken as abandoned
# (its worker died) and queued again, once or twice, for another worker.
RQ_ABANDONED_SECONDS = envint("DJANGO_RQ_ABANDONED_SECONDS", 90, low=3, high=3600)
# /healthz/worker answers 503, and the database queue puts a worker's running tasks back,
# when no worker has written its heartbeat for this long. A worker
# beats every 10 s from a thread of its own, also while it runs a long import; a beat can
# wait up to SQLite's 10 s busy timeout behind someone's write. 60 s is six missed beats:
# never a false alarm from one slow write, and a stopped worker shows within a minute.
WORKER_HEARTBEAT_SECONDS = 10
WORKER_STALE_SECONDS = envint("DJANGO_WORKER_STALE_SECONDS", 60, low=20, high=86_400)
# Where `make serve` has gunicorn write its pid; `restore` refuses while it names a live
# process (reconnect/serving.py).
GUNICORN_PID_FILE = os.environ.get("DJANGO_GUNICORN_PID_FILE", str(BASE_DIR / "gunicorn.pid"))

# English and Spanish. A visitor gets the browser's Accept-Language (or the switcher's
# cookie); a signed-in person's own choice in Settings wins over both
# (reconnect.lib.middleware.UserLanguageMiddleware). Catalogues live in locale/, compiled by
# `make messages`; dates and numbers follow the language's formats (reconnect/formats/).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["reconnect.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
# Photos in journal entries. Served only to their owner by journal.views.photo, never by
# whitenoise or the web server: keep MEDIA_ROOT outside STATIC_ROOT and any public folder.
# Several app servers need a shared store: DJANGO_S3_BUCKET puts photos in an
# S3-compatible bucket through django-storages. Objects are private (no ACL, no public
# URL); the app reads them with its own credentials and serves each to its owner alone.
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/journal/photos/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "reconnect.lib.storage.SealedS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3.
            "default_acl": None,  # the bucket's own (private) policy; never public-read
            "querystring_auth": True,  # any URL made is signed, never a public address
            "file_overwrite": False,
            "location": os.environ.get("DJANGO_S3_PREFIX", ""),
        },
    }
    if S3_BUCKET
    else {"BACKEND": "reconnect.lib.storage.SealedFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: SMTP when EMAIL_HOST is set. Without it, development prints mail to the console;
# production sends none (a reset link in the server log would open the account), says so
# on the password-reset page, and logs only that a mail could not be sent.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "reconnect.lib.mail.NotSetUpBackend"
EMAIL_PORT = envint("EMAIL_PORT", 587, low=1, high=65535)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Reconnect <reconnect@localhost>")
# Mail to someone in discreet mode: by default the same address without its name, as a
# sender's name is what an inbox shows. An address that itself says nothing is better.
DISCREET_FROM_EMAIL = os.environ.get(
    "DJANGO_DISCREET_FROM_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1] or DEFAULT_FROM_EMAIL
)

# Security headers. The content security policy allows nothing from another host and no
# inline script or style: every page must work with files from /static/ alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS is on whenever DEBUG is off; DJANGO_HTTPS=0 turns it off for a plain-HTTP
# local try-out of the production settings (never on a public host).
HTTPS = envbool("DJANGO_HTTPS", not DEBUG)
# X-Forwarded-Proto says whether the client used HTTPS, but only a proxy of one's own may
# say so: it is believed only with DJANGO_TRUSTED_PROXIES above 0.
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Read whether or not HTTPS is on, so a value that cannot be read always stops the start.
SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
# Up to two years, the longest max-age browsers and the preload list ask for. 0 tells
# browsers to forget an earlier HSTS header: the way back from HSTS (not from preload).
HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31_536_000, low=0, high=63_072_000)
# Preload asks browser makers to ship the host in their lists as HTTPS-only, subdomains
# included, for every user, before any first visit. Leaving the lists takes months of
# browser releases, so it is off unless the deployment asks for it (README, Configuration).
HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)
if HSTS_PRELOAD and not HTTPS:
    raise ImproperlyConfigured(
        "DJANGO_HSTS_PRELOAD=1 needs HTTPS: it cannot be used with DJANGO_HTTPS=0."
    )
if HSTS_PRELOAD and HSTS_SECONDS < 31_536_000:
    raise ImproperlyConfigured(
        f"DJANGO_HSTS_PRELOAD=1 needs DJANGO_HSTS_SECONDS of at least 31536000 (a year), "
        f"as the preload lists require; it is {HSTS_SECONDS}."
    )
if not HSTS_PRELOAD:
    # Django's deploy check asks for preload; leaving it off is this project's choice.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Every cookie is same-site (Lax: a link from elsewhere still arrives signed in) and,
# but for CSRF's (Django reads it from the form, not script), out of script's reach; the
# two-factor "known browser" cookie is set the same way (reconnect/accounts/two_factor.py).
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
if HTTPS:
    SECURE_SSL_REDIRECT = SSL_REDIRECT
    SECURE_HSTS_SECONDS = HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = HSTS_PRELOAD
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for this host, on path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    JOURNAL_KEY_COOKIE = "__Host-journalkey"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # The language switcher's cookie too: every cookie is sent over HTTPS only.
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_NAME = "__Host-language"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Every log line passes through a filter that hides the calendar feed's secret address.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secrets": {"()": "reconnect.lib.logs.HideSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secrets"]}},
    "root": {"handlers": ["console"], "level": envloglevel("DJANGO_LOG_LEVEL", "WARNING")},
    # libvips warns once per strip of a damaged photo; the photo's state says it failed.
    "loggers": {"pyvips": {"level": "ERROR"}},
}
