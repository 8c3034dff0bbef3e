"""minsheng: the 重点民生实事 platform."""

from .celery import app as celery_app

__all__ = ("celery_app",)
