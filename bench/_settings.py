"""Settings of the app served by gunicorn in the wrk bench and the soak (DJANGO_SETTINGS_MODULE=_settings,
PYTHONPATH=<repo>:<repo>/bench): the test settings (MD5 password hashing, DEBUG off) with the proposals
CAPTCHA's answer fixed, so a load generator can answer it — the check itself still runs, single-use, from the
session. The public form's rate limit is raised through the environment (PROPOSALS_SUBMIT_PER_HOUR) by the
scripts that start the server; nothing here is used in production.
"""

import os

from minsheng.settings.test import *  # noqa: F403
from minsheng.settings.test import PUBLIC_FORMS

PUBLIC_FORMS = {**PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}

# Experiment only (SOAK_GC_AFTER_TASK=1): a full garbage collection after every Celery task, to show what the
# fix proposed in docs/benchmarks.md ("负载与浸泡") does to the worker's memory. Off by default.
if os.environ.get("SOAK_GC_AFTER_TASK") == "1":
    import gc

    from celery.signals import task_postrun

    task_postrun.connect(lambda **_: gc.collect(), weak=False)
