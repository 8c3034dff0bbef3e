"""Annex 进展情况 says what the data says per unit: no averaged percentage under one unit's name (⑰), and
indicators that agree are combined in one sentence as seed 003 writes ⑱."""

from reports import compose


def _rows(city_bulletin) -> dict:
    return {
        r["project"]: r["progress"]
        for lv in city_bulletin.snapshot["levels"]
        for r in compose.annex_rows(lv, is_city=True)
    }


def test_broadcast_lists_each_unit_not_an_average(city_bulletin):
    row = _rows(city_bulletin)["市县两级应急广播建设工程"]
    assert "全市 5 个单位中，市本级进度 60%；双清区、大祥区进度 90%；北塔区、邵东市进度 100%。" in row
    assert "形象进度 88%" not in row and "88%" not in row
    assert "其中，市本级未达序时，进度为 60%。" in row


def test_agreeing_indicators_are_combined(city_bulletin):
    row = _rows(city_bulletin)["数字政务提质增效惠民工程"]
    assert row.endswith("4 个指标进度均为 75%，整体按序时推进。"), row
    assert row.count("75%") == 1
