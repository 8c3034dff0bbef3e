"""Per-indicator counting options (持续性指标; counted as the level it is tracked under) reproduce seed 003's
市定 counts: 4 已完成 / 9 按序时 / 1 未达序时 (the plain rule gives 7 / 6 / 1)."""

from projects.models import Indicator
from reports import compose
from reports.services import document_generate


def _city(snapshot):
    return next(lv for lv in snapshot["levels"] if lv["level"] == "city")


def test_seed_counts_with_the_options(city_bulletin):
    c = _city(city_bulletin.snapshot)["counts"]
    assert (c["done"], c["on_track"], c["behind"]) == (4, 9, 1)
    text = compose.progress_paragraphs(city_bulletin.snapshot)[1]["text"]
    assert "14 个指标中，4 个指标已完成全年目标任务，9 个指标按序时推进" in text
    assert "失业人员再就业为持续性指标" in text and "汇总规则" in text


def test_plain_rule_without_the_options(programme, office, media):
    from datetime import date

    Indicator.objects.update(is_continuing=False, counted_as_tracked=False)
    doc = document_generate(
        programme=programme, scope=programme.organisation, month=9, actor=office, as_of=date(2024, 10, 9)
    )
    c = _city(doc.snapshot)["counts"]
    assert (c["done"], c["on_track"], c["behind"]) == (7, 6, 1)
    assert "汇总规则" not in compose.progress_paragraphs(doc.snapshot)[1]["text"]
