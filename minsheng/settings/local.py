"""Developer / demo settings: `make run`. Same variables as production, friendlier defaults."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")

from .base import *  # noqa: E402,F403
