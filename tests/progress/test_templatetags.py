"""{% county_rates %} prints exactly what the {% for %} loop it replaced on the dashboard printed."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

LOOP = (
    "{% for c, r in pairs %}{{ c.name }} {{ r }}%{% if not forloop.last %}、{% endif %}{% endfor %}"
    '|{% for c, r in pairs %}<a href="{{ base }}{{ c.pk }}/{{ query }}">{{ c.name }}</a> {{ r }}%'
    "{% if not forloop.last %}、{% endif %}{% endfor %}"
)
TAG = "{% load progress_tags %}{% county_rates pairs %}|{% county_rates pairs base query %}"


def render(source: str, **ctx) -> str:
    return engines["django"].from_string(source).render(ctx)


def county(pk: int, name: str):
    return SimpleNamespace(pk=pk, name=name)


PAIRS = [
    (county(1, "甲县"), D("74.51")),
    (county(2, "<b>乙&县</b>"), D("12.30")),
    (county(1, "甲县"), D("12.3")),  # equal to 12.30 but printed differently
    (county(3, "丙县"), None),
    (county(4, "丁\"县'"), D("1234567.8900")),
    (county(2, "<b>乙&县</b>"), D("0")),
]


@pytest.mark.parametrize("thousands", [False, True])
def test_tag_prints_what_the_loop_printed(settings, thousands):
    settings.USE_THOUSAND_SEPARATOR = thousands
    ctx = {"pairs": PAIRS, "base": "/progress/scorecard/", "query": "?programme=1&month=9"}
    expected = render(LOOP, **ctx)
    assert render(TAG, **ctx) == expected
    assert "&lt;b&gt;乙&amp;县&lt;/b&gt; 12.30%" in expected and "甲县 12.3%" in expected
    assert render("{% load progress_tags %}[{% county_rates empty %}]", empty=[]) == "[]"


def test_tag_follows_localize_off():
    loop = "{% load l10n %}{% localize off %}" + LOOP + "{% endlocalize %}"
    tag = "{% load l10n %}{% localize off %}" + TAG + "{% endlocalize %}"
    ctx = {"pairs": PAIRS, "base": "/b/", "query": ""}
    assert render(tag, **ctx) == render(loop, **ctx)


def test_one_render_mixing_modes_keeps_each_mode():
    """The tag remembers printed values for the whole render: a `localize off` block must not reuse them."""
    ctx = {"pairs": PAIRS, "base": "/b/", "query": ""}
    mixed = "{% load l10n %}" + TAG + "{% localize off %}" + TAG + "{% endlocalize %}"
    loops = "{% load l10n %}" + LOOP + "{% localize off %}" + LOOP + "{% endlocalize %}"
    with translation.override("de"):  # a decimal comma when localised, a point when not
        out = render(mixed, **ctx)
        assert out == render(loops, **ctx)
    assert "甲县 74,51%" in out and "甲县 74.51%" in out
