"""Settings shared by every environment. Everything that varies comes from environment variables.

Defaults give the embedded set-up: SQLite, Celery tasks run eagerly in-process, console e-mail. `make run`
(scripts/serve) adds a real Celery worker with beat on kombu's filesystem transport (CELERY_BROKER_URL=filesystem://).
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not DEBUG and not SECRET_KEY:
    raise ImproperlyConfigured("DEBUG 关闭时必须通过环境变量 SECRET_KEY 提供密钥")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "minsheng.common.errors.csrf_failure"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Reverse proxies (addresses or CIDR networks, e.g. "10.0.0.0/8,172.16.0.0/12") whose X-Forwarded-For is believed.
# Empty: the header is ignored and REMOTE_ADDR is the client (minsheng/common/netaddr.py). Behind nginx, list
# nginx's address here, or every citizen shares one rate-limit bucket and one log-in address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "simple_history",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "minsheng.accounts",
    "minsheng.common",
    "projects",
    "candidates",
    "proposals",
    "progress",
    "observers",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "minsheng.common.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "minsheng.common.errors.MethodNotAllowedMiddleware",
    "minsheng.accounts.middleware.IdleTimeoutMiddleware",
    "minsheng.accounts.middleware.FirstLoginPasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "minsheng.urls"
WSGI_APPLICATION = "minsheng.wsgi.application"

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
                "minsheng.common.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Test databases are UTF-8 whatever the server's default (the text is Chinese).
    DATABASES["default"].setdefault("TEST", {}).update({"CHARSET": "UTF8", "TEMPLATE": "template0"})
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A Redis outage degrades the cache (misses) instead of failing requests: see minsheng/common/cache.py.
    CACHES = {
        "default": {
            "BACKEND": "minsheng.common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "minsheng.accounts.backends.OfficeRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "minsheng.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Lock-out (等保: 5 failures lock for 15 minutes), counted per (user name, client address): an attacker can
# lock an account only for the address they attack from, never for its owner elsewhere. A county office
# behind one NAT address is not locked as a whole by one clerk's typos either. Password spraying (many user
# names from one address) is stopped by AXES_ADDRESS_FAILURE_LIMIT failures per address within the cool-off
# (minsheng/accounts/lockout.py). The address is the client's behind TRUSTED_PROXIES (one helper for all).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "minsheng.accounts.lockout.AddressAwareHandler"
AXES_CLIENT_IP_CALLABLE = "minsheng.common.netaddr.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Log-in audit (等保): AccessLog keeps every successful log-in, AccessFailureLog every failure (user,
# address, time); kept AUDIT_RETENTION_DAYS (never under 180, minsheng/common/audit.py).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)

# Sessions: a signed-in user is signed out after 30 idle minutes (IdleTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- I18N -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env("STATICFILES_STORAGE", default="whitenoise.storage.CompressedStaticFilesStorage")
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="民生实事平台 <noreply@minsheng.local>")

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker child that has grown past this (KiB) is replaced after its task: a backstop for PDF rendering.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=600_000)
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis transport: a task whose worker died without acking comes back after visibility_timeout; it must
# exceed the longest task (660 s) and retry countdown (≤ 600 s), else a running task is delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800)}
if CELERY_BROKER_URL.startswith("filesystem:"):
    # `make run` (scripts/serve): kombu's filesystem transport, a directory of message files under the project
    # (.queue/, git-ignored). Chosen over the SQLAlchemy/SQLite transport because it needs no extra package and
    # does not add writers to db.sqlite3, which the web server, the worker and beat already share. Producer and
    # consumer read and write the same folder: one queue for the demo's one worker.
    _queue_dir = Path(env("CELERY_QUEUE_DIR", default=str(BASE_DIR / ".queue")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "messages"),
        "data_folder_out": str(_queue_dir / "messages"),
        "control_folder": str(_queue_dir / "control"),
    }
# Enqueueing from a web request must not hang when the broker is down (minsheng.common.queue).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Beat reads the schedule from the database only (minsheng/common/beat.py), so the office's edits survive restarts.
CELERY_BEAT_SCHEDULER = "minsheng.common.beat:DeclaredScheduleScheduler"
# The one place the schedule is declared. `manage.py migrate` copies it into django-celery-beat's tables
# (minsheng.common.schedules.schedule_sync): new entries are created, entries nobody edited follow this
# declaration, an entry the office changed on the 定时任务 page (or in the admin) is left as the office set it.
# Each entry: "task", "schedule" (a crontab), "description" (Chinese: what the office reads on the page), and
# "per_office": True for work each 专班办公室 runs for its own level (reminders, opening the month, drafting 通报):
# such a job has one entry per office, each the office's to time and stop, plus the instance's entry for levels
# without an office of their own; its task takes job/office_root (minsheng.common.schedules.office_share).
# The other jobs keep the instance running and are the system administrator's.
# Apps add their entries here as they gain scheduled work.
CELERY_BEAT_SCHEDULE: dict = {
    "notifications-retry-unsent-email": {
        "description": "补发未能发出的站内通知邮件",
        "task": "minsheng.common.tasks.notification_email_retry_unsent",
        "schedule": crontab(minute="*/15"),
    },
    "audit-purge-expired": {  # log-in audit older than AUDIT_RETENTION_DAYS (≥ 180 days)
        "description": "清理超过保存期限的登录审计记录",
        "task": "minsheng.common.tasks.audit_purge_expired_task",
        "schedule": crontab(day_of_month="1", hour="3", minute="30"),
    },
    "observers-duty-reminder": {  # 25th of each month: observers still short of this month's 四个一
        "description": "提醒本月“四个一”尚未完成的观察员",
        "task": "observers.tasks.duty_remind_month",
        "schedule": crontab(day_of_month="25", hour="9", minute="0"),
        "per_office": True,
    },
    "observers-term-expiry": {  # daily; each observer (and the office) told once, 30 days before the term ends
        "description": "观察员聘期 30 天内届满时提醒本人和专班办公室（每个聘期一次）",
        "task": "observers.tasks.term_expiry_notify",
        "schedule": crontab(hour="9", minute="10"),
        "per_office": True,
    },
    "observers-handoffs-overdue": {  # daily; units and observers told once that a hand-off is overdue
        "description": "逾期未整改的交办单提醒责任单位和观察员（每单一次）",
        "task": "observers.tasks.handoffs_overdue_remind",
        "schedule": crontab(hour="9", minute="5"),
        "per_office": True,
    },
    "progress-deadline-reminders": {  # daily; counties with unsubmitted figures: 2 days before, on the day, after
        "description": "提醒尚未报送的县市区：截止前 2 天、截止当天、逾期后",
        "task": "progress.tasks.progress_deadline_reminders",
        "schedule": crontab(hour="9", minute="0"),
        "per_office": True,
    },
    "progress-open-month": {  # 1st of each month, 00:10: opens the month's reporting period (idempotent)
        "description": "开启当月月度调度填报",
        "task": "progress.tasks.progress_open_month",
        "schedule": crontab(day_of_month="1", hour="0", minute="10"),
        "per_office": True,
    },
    "reports-bulletins-monthly": {  # last month's 通报 drafts, city + counties (day: REPORTS_BULLETIN_DAY)
        "description": "生成上月通报草稿（本级及下辖各地）",
        "task": "reports.tasks.bulletins_monthly",
        "schedule": crontab(day_of_month=env("REPORTS_BULLETIN_DAY", default="6"), hour="8", minute="0"),
        "per_office": True,
    },
    "reports-render-requeue": {  # renderings that could not be queued (broker down) or were lost
        "description": "重新排队未能生成的公文 PDF",
        "task": "reports.tasks.documents_render_requeue",
        "schedule": crontab(minute="*/5"),
    },
    "reports-briefs-tenday": {
        "description": "起草上一旬的旬简报（本级及下辖各地）",
        "task": "reports.tasks.briefs_tenday",
        "schedule": crontab(day_of_month="1,11,21", hour="8", minute="30"),
        "per_office": True,
    },
    "sessions-clear-expired": {  # daily; every cookieless visit to a public form starts a session
        "description": "清理过期的会话",
        "task": "minsheng.common.tasks.session_clear_expired_task",
        "schedule": crontab(hour="4", minute="20"),
    },
    "reports-summaries-quarterly": {
        "description": "起草上一季度的季总结（本级及下辖各地）",
        "task": "reports.tasks.summaries_quarterly",
        "schedule": crontab(month_of_year="1,4,7,10", day_of_month="8", hour="8", minute="0"),
        "per_office": True,
    },
}

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# --- Security (everything switches on with DEBUG off) -----------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (minsheng/common/csp.py): no inline script, no eval, styles by nonce.
CSP_ENABLED = env.bool("CSP_ENABLED", default=True)
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
CSP_EXTRA = env("CSP_EXTRA", default="")

# --- Product ----------------------------------------------------------------------------------
MINSHENG = {
    "CITY_NAME": env("MINSHENG_CITY_NAME", default="邵阳市"),
    "PLATFORM_NAME": env("MINSHENG_PLATFORM_NAME", default="重点民生实事管理平台"),
    "UPLOAD_MAX_BYTES": env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024),
    # A printed QR poster must open the public site: refuse to print while SITE_URL is unset or local
    # (progress/qr.py poster_print_refusal). On in production by default; a developer's machine may print.
    "POSTER_REQUIRE_PUBLIC_SITE_URL": env.bool("POSTER_REQUIRE_PUBLIC_SITE_URL", default=False),
}
# Year-end 满意度测评: a project is 满意 when its 满意 votes are more than this share of the deputies who
# took part (超过半数 = 0.5); candidates/tally.py grades it.
SATISFACTION_PASS_SHARE = env.float("SATISFACTION_PASS_SHARE", default=0.5)
# Anonymous forms (minsheng/common/abuse.py): accepted writes per subject per window (seconds). The subject is
# the client's address, or the project for "opinion_project"; status look-ups count every look-up.
# CAPTCHA_FIXED_ANSWER is for tests only.
PUBLIC_FORMS = {
    "RATE_LIMITS": {
        "proposal": (env.int("PROPOSALS_SUBMIT_PER_HOUR", default=10), 3600),
        "status": (30, 3600),
        "rating": (env.int("RATINGS_PER_HOUR", default=10), 3600),
        "opinion": (env.int("OPINIONS_PER_HOUR", default=10), 3600),
        "opinion_project": (env.int("OPINIONS_PER_PROJECT_PER_HOUR", default=60), 3600),
    },
    "CAPTCHA_FIXED_ANSWER": None,
}
