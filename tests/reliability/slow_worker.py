"""`python -m tests.reliability.slow_worker worker …`: a real Celery worker for the kill test.

Test-only instrumentation, set by environment variables: RELIABILITY_SLOW_SECONDS slows each bulletin
draft down (so the worker can be killed in the middle of a run), RELIABILITY_MARKER gets one line
"<pid> <scope id>" whenever a draft starts, RELIABILITY_TODAY pins the date the scheduled task sees.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date


def _instrument() -> None:
    import django

    django.setup()
    from reports import tasks

    slow = float(os.environ.get("RELIABILITY_SLOW_SECONDS") or 0)
    marker = os.environ.get("RELIABILITY_MARKER")
    today = os.environ.get("RELIABILITY_TODAY")
    original = tasks.summary_generate

    def summary_generate(**kwargs):
        if marker:
            with open(marker, "a") as fh:
                fh.write(f"{os.getpid()} {kwargs['scope'].pk}\n")
        if slow:
            time.sleep(slow)
        return original(**kwargs)

    tasks.summary_generate = summary_generate
    if today:
        pinned = date.fromisoformat(today)

        class _Zone:
            def __getattr__(self, name):
                from django.utils import timezone

                return getattr(timezone, name)

            @staticmethod
            def localdate(*args, **kwargs):
                return pinned

        tasks.timezone = _Zone()


def main() -> None:
    _instrument()
    from minsheng.celery import app

    app.worker_main(sys.argv[1:])


if __name__ == "__main__":
    main()
