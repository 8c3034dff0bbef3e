"""Settings of the app served by gunicorn in the wrk bench and the soak (DJANGO_SETTINGS_MODULE=_settings,
PYTHONPATH=<repo>:<repo>/bench): the test settings (MD5 password hashing, DEBUG off) with the proposals
CAPTCHA's answer fixed, so a load generator can answer it — the check itself still runs, single-use, from the
session. The public form's rate limit is raised through the environment (PROPOSALS_SUBMIT_PER_HOUR) by the
scripts that start the server; nothing here is used in production.
"""

from minsheng.settings.test import *  # noqa: F403
from minsheng.settings.test import PROPOSALS

PROPOSALS = {**PROPOSALS, "CAPTCHA_FIXED_ANSWER": 7}
