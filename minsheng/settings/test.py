"""Settings for the test suite: the same variables as elsewhere, faster hashing, local media."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="minsheng-test-media-"))

# Each pytest-xdist worker gets its own Redis database for the cache: Django's RedisCache.clear() is FLUSHDB, so a
# test clearing the cache in one worker (the authorisation matrix does after every request) would reset another
# worker's rate-limit counters mid-test. gw0 keeps the given database (scripts/test: /15, with the Celery broker on
# /14); gw1, gw2 … take 13, 12 … . Set in the environment so that a Celery worker started by a test inherits it.
_xdist = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist.startswith("gw") and _xdist[2:].isdecimal() and int(_xdist[2:]) > 0 and os.environ.get("REDIS_URL"):
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    if _base.startswith("redis") and _db.isdecimal():
        os.environ["REDIS_URL"] = f"{_base}/{max(0, 14 - int(_xdist[2:]))}"

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
