"""Settings come from the environment; production passes `check --deploy` with no warning."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def test_locale_and_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")},
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "minsheng.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "minsheng.example.cn",
            "DEBUG": "false",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "System check identified no issues" in result.stdout


def test_secret_key_required_when_debug_off():
    result = _manage(
        "check",
        env={"DJANGO_SETTINGS_MODULE": "minsheng.settings.production", "SECRET_KEY": "", "DEBUG": "false"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_defaults():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='minsheng.settings.local';django.setup();"
            "from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        ],
        env={
            k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL")
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"], result.stderr
