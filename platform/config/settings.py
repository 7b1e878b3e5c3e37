"""Vireo settings: one module, every value from the environment (django-environ).

SHARED_APPS live in the PUBLIC schema, TENANT_APPS in every office schema; INSTALLED_APPS is
derived from them. Under pytest (or with VIREO_TESTING=1) a few values switch to test mode:
fast password hashing, locmem e-mail, a separate Redis namespace and media folder.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()

TESTING = env.bool("VIREO_TESTING", default="pytest" in sys.modules)
# Off unless asked for: `make run` (and the Makefile's own manage.py steps) set DEBUG=true;
# tests run without it; anywhere else a missing SECRET_KEY then stops start-up.
DEBUG = env.bool("DEBUG", default=False)
# Development and tests get a fixed key; anywhere else a missing SECRET_KEY stops start-up.
SECRET_KEY = (
    env("SECRET_KEY", default="dev-only-insecure-key-" + "x" * 40)
    if DEBUG or TESTING
    else env("SECRET_KEY")
)

# Offices live at <slug>.<PLATFORM_DOMAIN>; the root domain serves the public site.
PLATFORM_DOMAIN = env("PLATFORM_DOMAIN", default="localhost")
PLATFORM_SCHEME = env("PLATFORM_SCHEME", default="http" if DEBUG or TESTING else "https")
# Port appended to generated links in development (http://demo.localhost:8000, or the port
# of RUN_ADDRESS that `make run` serves on) and tests (the browser tests' live server, see
# tests/browser/conftest.py).
if TESTING:
    from config.testing import live_server_port

    LIVE_SERVER_PORT = live_server_port()
RUN_PORT = env("RUN_ADDRESS", default="127.0.0.1:8000").rpartition(":")[2]
PLATFORM_PORT = env(
    "PLATFORM_PORT", default=RUN_PORT if DEBUG else str(LIVE_SERVER_PORT) if TESTING else ""
)
CONSOLE_HOST = f"console.{PLATFORM_DOMAIN}"
# Routing happens in tenants.middleware against the Domain table (custom domains included),
# which answers unknown hosts with a 404 page; Django's host check would only duplicate it.
ALLOWED_HOSTS = ["*"]

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "accounts",
    "common",
    "console",
    "subscriptions",
    "public_site",
    "signup",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "console.admin_config.TwoFactorAdminConfig",  # django.contrib.admin behind 2FA
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "dramatiq_crontab",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "modules.audit",
    "modules.office",
    "modules.clients",  # before portal: it fills the client panel home (portal/home.html)
    "modules.portal",
    "modules.notifications",
    "modules.mail",
    "modules.scanrequests",
    "modules.handover",
    "modules.rooms",
    "modules.billing",
    "modules.invoices",
    "modules.helpdesk",
    "modules.documents",
    "modules.messaging",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Office"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# New offices are cloned from this kept-migrated schema (see tenants.services).
TENANT_BASE_SCHEMA = "t_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# The template first, so that an office cloned during a deploy is never behind.
TENANT_MIGRATION_ORDER = ["-is_template", "id"]
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
CONSOLE_URLCONF = "config.urls_console"
# What a suspended office still serves: sign-in and billing, so that paying lifts it.
# Administration > Subscription, and its address before Administration existed (a redirect).
SUSPENDED_OFFICE_PATHS = ("/accounts/", "/administration/subscription/", "/billing/", "/static/")
ROOT_URLCONF = "config.urls_tenant"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# migrate_schemas skips the schemas already holding every migration (one query for all) and
# migrates the rest; `--executor=multiprocessing` runs them on at most this many connections.
GET_EXECUTOR_FUNCTION = "tenants.migrating.get_executor"
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.int("MIGRATE_PROCESSES", default=2)
TENANT_MULTIPROCESSING_CHUNKS = 1
# The benchmarks' minimal office view (config/bench.py); never on in production.
BENCH_HELLO_VIEW = env.bool("BENCH_HELLO_VIEW", default=False)
# Send SET search_path only when the schema changes, not before every query.
TENANT_LIMIT_SET_CALLS = True

MIDDLEWARE = [
    "common.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.ContentSecurityPolicyMiddleware",  # django-csp's, its policy built once
    "common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.OfficeRoutingMiddleware",
    "common.middleware.RequestLogMiddleware",
    # Control characters in query, form or API JSON text: 400 before any view (common.text).
    "common.middleware.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.MembershipMiddleware",
    # After the membership: platform support access may stand in for one; then billing.
    "console.middleware.SupportAccessMiddleware",
    "subscriptions.middleware.ReadOnlyOfficeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A view that met a database, Redis or storage outage: 503 with a translated sentence.
    "common.middleware.UnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a locked-out sign-in (axes) into its 429 page.
    "axes.middleware.AxesMiddleware",
]

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
                "accounts.context_processors.switcher",
                "subscriptions.context_processors.billing_banner",
                "console.context_processors.support_banner",
            ],
        },
    },
]

# Every form field is rendered by django-crispy-forms with its Bootstrap 5 pack (see the
# "Forms" section of platform/common/README.md).
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1/vireo")}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# The backend django-tenants builds on: Django's, with psycopg's C timestamp loader
# (common/postgresql/base.py).
ORIGINAL_BACKEND = "common.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_vireo")}
# Random reads cost about as much as sequential ones on SSDs and in the page cache. With
# PostgreSQL's default of 4 the planner prefers walking the date index of a million mail
# items (physically in date order) over the (status, date) index of the open tab, 10x slower.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = env(
    "DATABASE_PLANNER_OPTIONS", default="-c random_page_cost=1.1"
)
# Behind PgBouncer in transaction mode (DATABASE_POOL_MODE=transaction): the search path is
# set inside every transaction, never on the session (tenants/postgresql_pooled); no
# server-side cursors or prepared statements; startup options are not passed through the
# pooler, so the planner settings go on the database (ALTER DATABASE ... SET, deploy/README).
DATABASE_POOL_MODE = env("DATABASE_POOL_MODE", default="session")
if DATABASE_POOL_MODE == "transaction":
    DATABASES["default"]["ENGINE"] = "tenants.postgresql_pooled"
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"]["OPTIONS"].pop("options", None)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        # Every key carries the current schema: office A can never read office B's entries.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": "test" if TESTING else "vireo",
    },
    # Sessions are the platform's, not an office's: one cookie serves every office host and
    # the console, so its cached copy must be one key, not one per schema (a sign-out on one
    # host would leave the others' copies signed in).
    "sessions": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "test-sessions" if TESTING else "vireo-sessions",
    },
}

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailBackend"]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.SimilarityValidator"},  # Django's, worded in pl/sk
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_MAX_AGE = 60 * 60 * 24 * 7

# One login for every office subdomain: the session cookie lives on the parent domain.
# Browsers refuse cookies for a domain without a dot ("localhost"), and no cookie can span
# custom domains: there the switcher signs the person in through a one-time hand-off link
# (accounts.handoff).
SESSION_COOKIE_DOMAIN = env(
    "SESSION_COOKIE_DOMAIN", default=PLATFORM_DOMAIN if "." in PLATFORM_DOMAIN else None
)
CSRF_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN
SESSION_COOKIE_NAME = "vireo_session"
CSRF_COOKIE_NAME = "vireo_csrf"
LANGUAGE_COOKIE_NAME = "vireo_language"
LANGUAGE_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PLATFORM_SCHEME == "https"
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS",
    default=[
        f"{PLATFORM_SCHEME}://{PLATFORM_DOMAIN}{':' + PLATFORM_PORT if PLATFORM_PORT else ''}",
        f"{PLATFORM_SCHEME}://*.{PLATFORM_DOMAIN}{':' + PLATFORM_PORT if PLATFORM_PORT else ''}",
    ],
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only behind our own proxy, which sets X-Forwarded-For (common.middleware.client_ip reads
# the hop it added, the last one); without it the header is ignored (anyone can send it).
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HSTS on every https response (SecurityMiddleware); preload is a commitment for the whole
# domain, so it stays off unless the operator asks for it.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# security.W021 says preload is off: it is, on purpose (see above); check --deploy passes.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy (django-csp): scripts only from our own static files (Bootstrap,
# HTMX and js/ are served from /static/, nothing from a CDN, no inline script or handler:
# templates ask for behaviour by data attributes, static/js/vireo.js). Inline style
# attributes stay allowed (layout tweaks in templates; they cannot run code). Images may be
# data:/blob: URLs (signature pads, previews). The API's Swagger page is exempt (its page
# is drf-spectacular's own, with an inline script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        # data: for FullCalendar's stylesheet, which carries its icon font inline (its arrows
        # are Bootstrap's icons here, but the browser fetches the font and logs a refusal).
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],  # as X_FRAME_OPTIONS (CSP wins where both are read)
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
}
# Permissions-Policy: features no page of ours uses are switched off for every page and frame.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LANGUAGE_CODE = "en"
LANGUAGES = [("pl", _("Polish")), ("sk", _("Slovak")), ("en", _("English"))]
# English dates as British ones with a 24-hour clock (config/formats/en): Django's "en" is
# American (month first, a.m./p.m.).
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Warsaw"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served at the site's root by WhiteNoise on every host: /favicon.ico, which browsers ask for
# where no page names an icon (a PDF or an image opened on its own).
WHITENOISE_ROOT = BASE_DIR / "webroot"
# Office files go through Django's Storage API (common.storage), under the prefix <schema>/
# of the default storage: the local filesystem under MEDIA_ROOT, or S3-compatible object
# storage (django-storages) with STORAGE_BACKEND=s3, the default when a bucket is named.
# Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the
# pod's role). Files are served only by permission-checked views that stream them; there is
# deliberately no MEDIA_URL route.
STORAGE_BACKEND = env(
    "STORAGE_BACKEND", default="s3" if env("AWS_STORAGE_BUCKET_NAME", default="") else "filesystem"
)
if STORAGE_BACKEND == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "location": env("AWS_LOCATION", default=""),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "filesystem":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be filesystem or s3, not {STORAGE_BACKEND}")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "common.staticfiles.LocalStaticStorage"
            if DEBUG or TESTING
            else "common.staticfiles.ManifestStaticStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_DIR / ("media-test" if TESTING else "media"))))
# Local working files (uploads being checked, the FTP server's incoming scans): on this
# machine whatever the storage, emptied as files are stored.
SPOOL_ROOT = Path(env("SPOOL_ROOT", default=str(DATA_DIR / ("spool-test" if TESTING else "spool"))))

# In development (DEBUG, `make run`) the platform's e-mails (sign-up checks, invitations,
# password resets, billing notices) go to the local SMTP catcher that the offices'
# notifications reach too (`manage.py mailcatcher` listens on MAILCATCHER_SMTP, which devrun
# sets, else on the web port + 25), so they can be read on the caught-mail page
# (/notifications/dev/mail/); tests use locmem (below).
MAILCATCHER_SMTP = env("MAILCATCHER_SMTP", default=f"127.0.0.1:{int(RUN_PORT) + 25}")
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default=f"smtp://{MAILCATCHER_SMTP}" if DEBUG else "consolemail://"
)
vars().update(EMAIL_CONFIG)
# The platform's e-mails make their first attempt inside the request (common.emails): an SMTP
# server that does not answer must not hold the page longer than this.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Vireo <no-reply@vireo.local>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated calls then get 401 with WWW-Authenticate, not 403.
        "common.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["common.api_permissions.IsOfficeMember"],
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "common.api_schema.OfficeAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Per person (token or session) and, signed out, per client address; a wrong token
    # counts against its address in common.api_auth before it is refused.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
    # The address DRF counts anonymous calls by, as common.middleware.client_ip reads it.
    "NUM_PROXIES": 1 if USE_X_FORWARDED_FOR else 0,
}
API_BAD_TOKEN_LIMIT = (20, 600)  # wrong tokens per client address: (attempts, seconds)
SPECTACULAR_SETTINGS = {
    "TITLE": "Vireo API",
    "DESCRIPTION": "The API of one Vireo office, served on the office's own domain.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["common.api_permissions.IsOfficeMember"],
}

DRAMATIQ_CRONTAB = {"REDIS_URL": REDIS_URL}

# Stripe. STRIPE_API_BASE points at the local fake (subscriptions.devtools.fake_stripe) in
# tests and, when no key is configured, in development.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_dev_only" if DEBUG else "")
STRIPE_API_BASE = env(
    "STRIPE_API_BASE",
    default="http://127.0.0.1:12111"
    if DEBUG and not STRIPE_SECRET_KEY
    else "https://api.stripe.com",
)
# KSeF (Poland's e-invoicing, modules/invoices/ksef.py). In development and tests the local
# fake (modules/invoices/devtools/fake_ksef.py, started by `make run` and by the tests).
KSEF_API_BASE = env(
    "KSEF_API_BASE",
    default="http://127.0.0.1:12112/v2" if DEBUG else "https://api.ksef.mf.gov.pl/v2",
)
# Batch sessions (modules/invoices/batch.py): a run of at least KSEF_BATCH_MIN invoices goes
# in one batch session (at most KSEF_BATCH_MAX_INVOICES), its ZIP split into parts of at most
# KSEF_BATCH_PART_BYTES before encryption (KSeF: 100 MB, 50 parts); a batch left open by a
# dead worker is closed and its invoices sent again after KSEF_BATCH_STALE_MINUTES.
KSEF_BATCH_MIN = env.int("KSEF_BATCH_MIN", default=10)
KSEF_BATCH_MAX_INVOICES = env.int("KSEF_BATCH_MAX_INVOICES", default=10_000)
KSEF_BATCH_PART_BYTES = env.int("KSEF_BATCH_PART_BYTES", default=100_000_000)
KSEF_BATCH_STALE_MINUTES = env.int("KSEF_BATCH_STALE_MINUTES", default=15)
# Where the printed QR code (KOD I) points: the test system's verifier outside production.
KSEF_QR_BASE = env(
    "KSEF_QR_BASE",
    default="https://qr-test.ksef.mf.gov.pl" if DEBUG else "https://qr.ksef.mf.gov.pl",
)
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=0 if TESTING else 2)
SUBSCRIPTION_TRIAL_DAYS = env.int("SUBSCRIPTION_TRIAL_DAYS", default=14)
SUBSCRIPTION_TRIAL_WARNING_DAYS = 3
# Past due: full access for the grace days, then read-only, then suspended.
SUBSCRIPTION_GRACE_DAYS = env.int("SUBSCRIPTION_GRACE_DAYS", default=7)
SUBSCRIPTION_READ_ONLY_DAYS = env.int("SUBSCRIPTION_READ_ONLY_DAYS", default=14)

# Signup: pre-provisioned offices kept ready (tenants.services.office_pool_refill), limits.
OFFICE_POOL_SIZE = env.int("OFFICE_POOL_SIZE", default=0 if TESTING else 3)
SIGNUP_VERIFY_MAX_AGE = 60 * 60 * 48
SIGNUP_RATE_LIMITS = {"ip": (10, 3600), "email": (3, 3600)}  # (attempts, seconds)

# Brute force (README, "Sign-in protection"). Sign-ins (office, console and Django admin
# logins, through authenticate()): django-axes counts failures per (e-mail, client address)
# pair in the database; the 5th failure locks that pair out for 15 minutes (429). The same
# person on another address is not locked out by an attacker, and the address is the
# connection's own (X-Forwarded-For only with USE_X_FORWARDED_FOR, its last hop), so a forged
# header cannot reset the counter.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.middleware.client_ip"
AXES_USERNAME_CALLABLE = "accounts.backends.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Password reset e-mails (per address, per client address) and two-factor codes (wrong
# codes per person before the step refuses every code for the window): (attempts, seconds).
PASSWORD_RESET_RATE_LIMITS = {"ip": (10, 3600), "email": (3, 3600)}
TWO_FACTOR_RATE_LIMIT = (5, 900)
# Super-console: how long "enter office" for support lasts.
SUPPORT_ACCESS_MINUTES = 60

SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production")

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "common.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "vireo": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

if not TESTING:
    from config.sentry import sentry_init

    sentry_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)

# `manage.py devrun` (make run): (name, manage.py arguments). Modules with a process of their
# own (FTP intake, local SMTP catcher...) add it here.
DEVRUN_PROCESSES = [
    ("web", ["runserver", env("RUN_ADDRESS", default="127.0.0.1:8000")]),
    ("worker", ["worker", "--processes", "1", "--threads", "4"]),
    ("scheduler", ["crontab", "--no-heartbeat"]),
    ("mailcatcher", ["mailcatcher"]),
    ("ftp", ["ftpserver"]),  # scanners upload here (modules/mail/ftp)
    ("fake-stripe", ["fake_stripe"]),
    ("fake-ksef", ["fake_ksef"]),  # modules/invoices: KSeF 2.0 on loopback
    ("imap", ["imapserver"]),  # modules/helpdesk: Dovecot for the e-mail intake
]
# Without these, `make run` stops: a helper above that ends is reported and the rest go on.
DEVRUN_ESSENTIAL = {"web", "worker", "scheduler"}
# The helpers' addresses: devrun gives each variable that is not set a free loopback port
# (as devservices does for PostgreSQL and Redis), passes it to every process and prints it,
# so a second `make run` on the machine does not collide with the first.
DEVRUN_ADDRESSES = [
    ("MAILCATCHER_SMTP", "127.0.0.1:{port}"),
    ("MAILCATCHER_SMS", "127.0.0.1:{port}"),
    ("MAIL_FTP_ADDRESS", "127.0.0.1:{port}"),
    ("HELPDESK_IMAP_ADDRESS", "127.0.0.1:{port}"),
]
if DEBUG and not STRIPE_SECRET_KEY:
    DEVRUN_ADDRESSES.append(("STRIPE_API_BASE", "http://127.0.0.1:{port}"))
if DEBUG:
    DEVRUN_ADDRESSES.append(("KSEF_API_BASE", "http://127.0.0.1:{port}/v2"))
# The rooms' public booking link: attempts per IP, and per visitor e-mail or phone.
ROOMS_PUBLIC_RATE_LIMITS = {"ip": (20, 3600), "contact": (5, 3600)}  # (attempts, seconds)
