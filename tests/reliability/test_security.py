"""`check --deploy` is clean with the full production environment (PostgreSQL, Redis cache and broker,
SMTP), and the production settings carry the 等保 session / lock-out / password values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "minsheng.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DEBUG": "false",
    "ALLOWED_HOSTS": "minsheng.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://minsheng.example.gov.cn",
    "DATABASE_URL": "postgres://minsheng:secret@db.invalid:5432/minsheng",
    "REDIS_URL": "redis://redis.invalid:6379/1",
    "CELERY_BROKER_URL": "redis://redis.invalid:6379/0",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.cn:587",
}


def _run(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run([sys.executable, "-c", code], env={**env, **PRODUCTION}, capture_output=True,
                          text=True, timeout=120, cwd=settings.BASE_DIR)


def test_check_deploy_clean_with_full_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **PRODUCTION},
        capture_output=True, text=True, timeout=120, cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_security_values():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SESSION_IDLE_TIMEOUT <= 1800, s.AXES_FAILURE_LIMIT <= 5, s.AXES_ENABLE_ACCESS_FAILURE_LOG, "
        "s.AUDIT_RETENTION_DAYS >= 180, s.CACHES['default']['BACKEND'].endswith('ResilientRedisCache'), "
        "s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] > 660)"
    )
    result = _run(code)
    assert result.stdout.split() == ["True"] * 10, result.stdout + result.stderr
