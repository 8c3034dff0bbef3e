"""The figure form applies the sheet's plausibility checks as warnings to confirm, says in Chinese what is
wrong with a number as people type it, and shows numbers as people write them."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from progress.models import Figure, FigureState

pytestmark = pytest.mark.django_db


def _url(w, key="ta"):
    return reverse("progress:figure_entry", args=[w[key].pk, w["p9"].pk])


def _post(client, w, key="ta", **data):
    client.force_login(w["clerk_a"])
    return client.post(_url(w, key), {"submit": "on", "narrative": "进展顺利", **data})


def test_over_three_times_target_is_a_warning_to_confirm(client, world):
    w = world
    r = _post(client, w, key="ta2", value="400")
    page = r.content.decode()
    assert r.status_code == 200 and 'id="plausibility"' in page
    assert "累计完成超过年度目标的 3 倍，请核实。" in page and 'value="400"' in page  # the typing is kept
    assert not Figure.objects.filter(target=w["ta2"], period=w["p9"]).exists()
    r = _post(client, w, key="ta2", value="400", confirm_plausible="1")
    assert r.status_code == 302
    assert Figure.objects.get(target=w["ta2"], period=w["p9"]).state == FigureState.SUBMITTED


def test_jump_above_n_times_last_month_is_a_warning(client, world):
    w = world  # 甲县 新增托位: August verified 60, target 100
    page = _post(client, w, value="250").content.decode()
    assert "是上月核定值（60）的 3 倍以上" in page
    assert not Figure.objects.filter(target=w["ta"], period=w["p9"]).exists()
    assert _post(client, w, value="90").status_code == 302  # plausible: saved at once


@pytest.mark.parametrize(("typed", "message"), [
    ("1,234", "请只填数字，不要带逗号、%或“约”。"),
    ("约300", "请只填数字，不要带逗号、%或“约”。"),
    ("12345678901234567", "数字过长：整数部分最多 12 位，小数最多 4 位。"),
    ("12.5", "单位为“个”，请填写整数（当前为 12.5）。"),
])
def test_numbers_as_typed_get_chinese_messages(client, world, typed, message):
    page = _post(client, world, value=typed).content.decode()
    assert message in page and "确认总共不超过" not in page and "输入一个数字" not in page


def test_numbers_display_as_people_write_them(client, world):
    w = world
    ind = w["ind2"]
    ind.unit = "公里"
    ind.save()
    Figure.objects.create(target=w["ta2"], period=w["p9"], value=D("9.4"), planned_investment=D("47849.83"),
                          completed_investment=D("1000"), state=FigureState.SUBMITTED)
    client.force_login(w["clerk_a"])
    page = client.get(_url(w, "ta2")).content.decode()
    assert "9.4 公里" in page and "47,849.83 万元" in page and "1,000 万元" in page
    assert "9.4000" not in page and "47849.8300" not in page
    client.force_login(w["office"])
    card = client.get(reverse("progress:scorecard", args=[w["a"].pk]) + "?month=9").content.decode()
    assert "—%" not in card
    assert "已报未审 9.4（不计入）" in card


def test_form_shows_stored_numbers_without_trailing_zeros(client, world):
    w = world
    Figure.objects.create(target=w["ta2"], period=w["p9"], value=D("9.4"), planned_investment=D("100"),
                          state=FigureState.DRAFT)
    Figure.objects.filter(target=w["ta2"], period=w["p9"]).update(value=D("9.4000"))
    client.force_login(w["clerk_a"])
    page = client.get(_url(w, "ta2")).content.decode()
    assert 'value="9.4"' in page and 'value="100"' in page and "9.4000" not in page
