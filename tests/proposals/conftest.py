import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def captcha_fixed(settings):
    settings.PROPOSALS = {**settings.PROPOSALS, "CAPTCHA_FIXED_ANSWER": 7}
    return "7"
