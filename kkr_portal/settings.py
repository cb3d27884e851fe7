"""Settings for KKR Portal, read from the environment.

The embedded default (no environment at all) runs on one laptop: SQLite in ``var/`` and Celery on
kombu's filesystem transport. Production sets DATABASE_URL, CELERY_BROKER_URL and friends; see
docker-compose.yml.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
# A checkout's development settings (written by `make`); the environment always wins over it.
# An installed package or the Docker image has none and reads the environment only.
if (BASE_DIR / ".env").is_file() and (BASE_DIR / "manage.py").is_file():
    environ.Env.read_env(BASE_DIR / ".env")
VAR_DIR = Path(environ.Env().str("KKR_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
)

DEBUG = env("DEBUG")
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY mangler: med DEBUG slået fra starter portalen kun med en hemmelig nøgle fra "
            "miljøet (SECRET_KEY=...). Til udvikling skriver `make run`/`make test` en i .env, "
            "eller sæt DEBUG=1."
        )
    SECRET_KEY = "kkr-portal-insecure-key-for-debug-only"
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How long each class of document stays on the public site, in days after the meeting (0 keeps
# it): the agenda, the annexes (downloads, bundles, their text in search) and the minutes. A
# meeting leaves the public site with its agenda, or with its minutes once they are out; the API
# then lists it as deleted (OParl). Members and the secretariat keep reading everything
# (meetings/visibility.py; README "Offentlighed over tid"). E.g.
# PUBLIC_RETENTION_DAYS=bilag=1461,dagsorden=1461,referat=0
PUBLIC_RETENTION_DAYS = {"dagsorden": 0, "bilag": 0, "referat": 0}
PUBLIC_RETENTION_DAYS |= env.dict("PUBLIC_RETENTION_DAYS", cast={"value": int}, default={})
if set(PUBLIC_RETENTION_DAYS) != {"dagsorden", "bilag", "referat"}:
    raise ImproperlyConfigured("PUBLIC_RETENTION_DAYS kender kun dagsorden, bilag og referat.")

INSTALLED_APPS = [
    "kkr_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_http_compression",
    "django_filters",
    "axes",
    "csp",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "nested_admin",
    "tinymce",
    "meetings",
    "agreements",
    "budgets",
    "search",
    "api",
    "notes",
    "compliance",
    "archive",
    "municipalities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kkr_portal.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, which sends static files precompressed: pages compressed as the client
    # asks (zstd, brotli, gzip; kkr_portal/compression.py on BREACH), then ETag and 304 answers.
    "kkr_portal.compression.PortalCompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kkr_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kkr_portal.urls"
WSGI_APPLICATION = "kkr_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meetings.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "meetings:meeting_list"
LOGOUT_REDIRECT_URL = "meetings:meeting_list"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve static files straight from the apps and static/ (no collectstatic step for a newcomer).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Once `collectstatic` has run with STATIC_HASHED=1 (the web service in docker-compose.yml, the
# load bench), pages name the files by their content hash and whitenoise sends those with
# `immutable` and a year-long max-age; a checkout that never ran it keeps the plain names.
_HASHED_STATIC = not DEBUG and env.bool(
    "STATIC_HASHED", default=(STATIC_ROOT / "staticfiles.json").is_file()
)

# Every file goes through STORAGES, never a local path, so an S3-compatible store can replace the
# disk. "default" holds uploads and rendered PDFs; it has no public URL: files leave only through
# permission-checked views.
MEDIA_ROOT = VAR_DIR / "media"
# With S3_BUCKET set, files live in an S3-compatible store (MinIO, AWS S3 …) through
# django-storages; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or boto3's
# own chain). Objects are private; names are never overwritten, as on disk (a render writes a
# fresh name and the row points only at a complete file); files over 16 MB spill to disk when a
# worker reads them.
S3_BUCKET = env.str("S3_BUCKET", default="")
_FILE_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("DOWNLOADS_SIGNED_SECONDS", default=60),
            "max_memory_size": 16 * 1024 * 1024,
        },
    }
    if S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
)
STORAGES = {
    "default": {
        "BACKEND": env.str("FILE_STORAGE_BACKEND", default=_FILE_STORAGE["BACKEND"]),
        "OPTIONS": env.json("FILE_STORAGE_OPTIONS", default=_FILE_STORAGE["OPTIONS"]),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _HASHED_STATIC
        else "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Downloads (meetings/downloads.py): the portal checks the permission, then the front server sends
# the file. DOWNLOADS_ACCEL_REDIRECT is nginx's internal location (deploy/nginx.conf: /_protected/);
# empty, Django sends the file itself, streamed from the disk or the object store, with Range.
DOWNLOADS_ACCEL_REDIRECT = env.str("DOWNLOADS_ACCEL_REDIRECT", default="")

ANNEX_MAX_BYTES = env.int("ANNEX_MAX_BYTES", default=200 * 1024 * 1024)  # an upload, at most
# The upload check and text extraction read an annex in a child process with these caps, so a
# hostile file is answered within seconds with a Danish message naming the limit. The child is
# forked by a waiting checker (meetings/publishing/checker.py), which ends when idle this long.
ANNEX_MAX_PAGES = env.int("ANNEX_MAX_PAGES", default=3000)
ANNEX_MAX_STREAM_BYTES = env.int("ANNEX_MAX_STREAM_BYTES", default=256 * 1024 * 1024)
ANNEX_MAX_DECODED_BYTES = env.int("ANNEX_MAX_DECODED_BYTES", default=1024 * 1024 * 1024)
ANNEX_MAX_IMAGE_PIXELS = env.int("ANNEX_MAX_IMAGE_PIXELS", default=150_000_000)
ANNEX_CHECK_MEMORY_BYTES = env.int("ANNEX_CHECK_MEMORY_BYTES", default=512 * 1024 * 1024)
ANNEX_CHECK_CPU_SECONDS = env.int("ANNEX_CHECK_CPU_SECONDS", default=8)
ANNEX_CHECKER_IDLE_SECONDS = env.int("ANNEX_CHECKER_IDLE_SECONDS", default=600)
# The worker makes each annex's reader copy under the same caps, with room for large scans.
RENDER_ANNEX_MEMORY_BYTES = env.int("RENDER_ANNEX_MEMORY_BYTES", default=1536 * 1024 * 1024)
RENDER_ANNEX_CPU_SECONDS = env.int("RENDER_ANNEX_CPU_SECONDS", default=120)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# Celery. Embedded default: kombu's filesystem transport, so a laptop needs no Redis.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default=env.str("REDIS_URL", default="filesystem://")
)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": env.int("BROKER_VISIBILITY_TIMEOUT", default=3600)}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# One queue per kind of work, so a long render never waits in front of an e-mail or a text
# extraction. A worker started without -Q consumes every queue named here (docker-compose's
# `worker`, `make run`, the tests); a dedicated one is started with e.g. `-Q mail`.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [
    Queue(name, routing_key=name) for name in ("celery", "render", "text", "mail")
]
CELERY_TASK_ROUTES = {
    "meetings.tasks.render_*": {"queue": "render"},
    "meetings.tasks.prepare_reader_copy": {"queue": "render"},
    "municipalities.tasks.pack_build_task": {"queue": "render"},
    "*ocr*": {"queue": "text"},
    "search.tasks.*": {"queue": "text"},
    "compliance.tasks.*": {"queue": "text"},
    "notes.tasks.*": {"queue": "text"},
    "meetings.tasks.notif*": {"queue": "mail"},
    "municipalities.tasks.followup_mail": {"queue": "mail"},
}
# Celery workers run at this CPU niceness, so readers are served first on a shared machine.
WORKER_NICENESS = env.int("WORKER_NICENESS", default=10)
# A running render job whose worker has not reported for this long is taken to be dead.
RENDER_STALE_SECONDS = env.int("RENDER_STALE_SECONDS", default=600)
# Jobs queued while the broker was down, or whose worker died, are sent again.
CELERY_BEAT_SCHEDULE = {
    "render-jobs-sweep": {"task": "meetings.tasks.render_jobs_sweep", "schedule": 60.0},
    "notifications-sweep": {"task": "meetings.tasks.notifications_sweep", "schedule": 120.0},
    # Files made from deleted meetings' files (cache entries, OCR copies); deletes send it too.
    "derived-files-sweep": {"task": "meetings.tasks.derived_files_sweep", "schedule": 3600.0},
    "search-contracts-budgets": {
        "task": "search.tasks.index_contracts_and_budgets",
        "schedule": 600.0,
    },
    # Reminders of the municipal councils' deadlines; each row is reminded once.
    "followup-mail": {"task": "municipalities.tasks.followup_mail", "schedule": 3600.0},
}
# Municipalities are reminded of a council deadline this many days before it.
FOLLOWUP_REMINDER_DAYS = env.int("FOLLOWUP_REMINDER_DAYS", default=14)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env.str("REDIS_URL")}
        if env.str("REDIS_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SHARED_CACHE = "locmem" not in CACHES["default"]["BACKEND"]
# Reader pages answered from the cache (meetings/frozen.py); only with a cache that every process
# shares, so a page is dropped everywhere the moment a version is published or withdrawn.
FROZEN_PAGES = env.bool("FROZEN_PAGES", default=SHARED_CACHE)
# Sessions read from the cache and written through to the database, so a logged-in reader's page
# costs no session query; only with a shared cache, so a logout ends the session in every process.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if SHARED_CACHE else "db")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# A meeting saved for offline reading stays on a device until this many days after it was held.
OFFLINE_PACKAGE_DAYS = env.int("OFFLINE_PACKAGE_DAYS", default=14)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kkr-portal@kkr-nordjylland.dk")

TINYMCE_DEFAULT_CONFIG = {
    "license_key": "gpl",
    "height": 320,
    "width": "100%",
    "menubar": False,
    "language": "da",
    "plugins": "lists link table autolink",
    "toolbar": "undo redo | bold italic superscript subscript | bullist numlist | link | table",
    "table_default_attributes": {},
    "table_default_styles": {},
    "paste_data_images": False,
    "promotion": False,
    "branding": False,
    "entity_encoding": "raw",
}

# Login throttling (kkr_portal/throttling.py): five wrong passwords for one user name from one
# address lock it for an hour; thirty from one address lock the address. Behind a reverse proxy,
# list the proxy's address (or network) in TRUSTED_PROXIES, or every client shares its address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_FAILURE_LIMIT_PER_USER = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_FAILURE_LIMIT = "kkr_portal.throttling.failure_limit"
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "kkr_portal.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "kkr_portal.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True

# Content Security Policy: no inline or foreign scripts anywhere. Inline styles are allowed
# because the admin's rich-text editor sets them on the text it edits.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Production hardening: HTTPS only, unless DEBUG or explicitly turned off (HTTPS=0) for plain
# development or for a proxy that terminates TLS and redirects itself. Behind such a proxy, say
# which header carries the scheme (SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto); it is trusted
# only when configured, since a client could otherwise send it.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _proxy_header:
    _name, _, _value = _proxy_header.partition(":")
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _name.strip().upper().replace("-", "_"),
        _value.strip() or "https",
    )
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "celery": {"level": "INFO"},
    },
}

# meetings ships django-nested-admin's template library under its own name, with a stable sort
# (meetings/templatetags/nested_admin.py); the duplicate name is deliberate.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]
