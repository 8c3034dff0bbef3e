"""Settings for the test suite: the same variables as elsewhere, faster hashing, local media."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="minsheng-test-media-"))

# Each pytest-xdist worker gets its own Redis database for the cache: Django's RedisCache.clear() is FLUSHDB, so a
# test clearing the cache in one worker (every test does, tests/conftest.py) would reset another worker's rate-limit
# counters mid-test. gw0 keeps the given database (scripts/test: TEST_REDIS_CACHE_DB, 15); gw1, gw2 … take the
# databases listed in TEST_REDIS_WORKER_DBS (scripts/test: "13 12 11 10"), or 13, 12 … when it is unset. Set in the
# environment so that a Celery worker started by a test inherits it.
_xdist = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist.startswith("gw") and _xdist[2:].isdecimal() and int(_xdist[2:]) > 0 and os.environ.get("REDIS_URL"):
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    _n = int(_xdist[2:])
    _extra = os.environ.get("TEST_REDIS_WORKER_DBS", "").split()
    if _base.startswith("redis") and _db.isdecimal():
        if _extra and _n > len(_extra):
            raise RuntimeError(f"TEST_REDIS_WORKER_DBS 只列出 {len(_extra)} 个 Redis 库，不够 xdist 进程 {_xdist} 使用")
        os.environ["REDIS_URL"] = f"{_base}/{_extra[_n - 1] if _extra else max(0, 14 - _n)}"

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
