"""Settings of the app served by gunicorn in the fault tests: the test settings + a known CAPTCHA."""

from minsheng.settings.test import *  # noqa: F403
from minsheng.settings.test import PUBLIC_FORMS

PUBLIC_FORMS = {**PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}
