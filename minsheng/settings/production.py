"""Production: DEBUG off, SECRET_KEY required, HTTPS hardening. All values still come from env."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("生产配置不能开启 DEBUG")
if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("生产环境的 SECRET_KEY 至少需要 50 个字符")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Posters printed from production go on site: their QR code must open the public address.
MINSHENG["POSTER_REQUIRE_PUBLIC_SITE_URL"] = env.bool("POSTER_REQUIRE_PUBLIC_SITE_URL", default=True)  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405
