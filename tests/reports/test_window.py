"""旬简报 and 季总结: their titles, periods and the data window they quote (changes inside the window)."""

from datetime import date, datetime

from django.utils import timezone

from progress.models import Figure
from reports.models import Kind
from reports.services import summary_generate
from reports.window import quarter_window, tenday_window


def test_windows():
    assert tenday_window(2024, 9, 2) == (
        date(2024, 9, 11),
        date(2024, 9, 20),
        "9 月中旬（9 月 11 日至 20 日）",
    )
    assert tenday_window(2024, 2, 3)[1] == date(2024, 2, 29)
    assert quarter_window(2024, 9) == (
        date(2024, 7, 1),
        date(2024, 9, 30),
        "第三季度（7 月 1 日至 9 月 30 日）",
    )


def test_tenday_and_quarter_quote_their_window(demo, programme, office):
    city = programme.organisation
    brief, _ = summary_generate(
        kind=Kind.TENDAY, programme=programme, scope=city, month=9, dekad=2, actor=office
    )
    assert brief.period == "T09-2"
    assert brief.title.startswith("全市2024年9月中旬") and brief.title.endswith("工作简报")
    assert (
        brief.snapshot["window"]["start"] == "2024-09-11" and brief.snapshot["window"]["end"] == "2024-09-20"
    )
    assert "无新报送或更新的进度数据" in brief.sections["intro"]

    # Two figures changed inside the ten days (one submitted, one verified there), one just outside.
    figs = list(Figure.objects.select_related("target__county", "target__indicator")[:3])
    inside = timezone.make_aware(datetime(2024, 9, 15, 10))
    Figure.objects.filter(pk=figs[0].pk).update(updated_at=inside, submitted_at=inside)
    Figure.objects.filter(pk=figs[1].pk).update(updated_at=inside, verified_at=inside)
    Figure.objects.filter(pk=figs[2].pk).update(updated_at=timezone.make_aware(datetime(2024, 9, 21, 9)))
    brief, _ = summary_generate(
        kind=Kind.TENDAY, programme=programme, scope=city, month=9, dekad=2, actor=office
    )
    w = brief.snapshot["window"]
    assert (w["changed"], w["submitted"], w["verified"]) == (2, 1, 1)
    assert "9 月中旬（9 月 11 日至 20 日），全市共更新进度数据 2 条" in brief.sections["intro"]
    assert f"{figs[0].target.county.name}“{figs[0].target.indicator.name}”" in brief.sections["intro"]

    quarter, _ = summary_generate(kind=Kind.QUARTERLY, programme=programme, scope=city, month=9, actor=office)
    assert quarter.period == "Q3" and "第三季度" in quarter.title and quarter.title.endswith("工作总结")
    assert quarter.snapshot["window"]["changed"] == 3  # the quarter includes 21 September
    assert quarter.sections["intro"].startswith("第三季度（7 月 1 日至 9 月 30 日）")
