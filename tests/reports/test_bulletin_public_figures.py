"""Issue 17 §3/§4: the 通报's 二、主要工作举措 quotes, from the platform's real states, the average reply time of the
意见建议, the units with opinions past their deadline, and what the units published on the project pages (withdrawn
and hidden items left out)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from minsheng.accounts.models import Organisation
from progress.models import PolicyDocument, PublicOpinion, PublicUpdate, UpdateKind
from projects.models import Project
from reports import compose
from reports.snapshot import bulletin_snapshot_build

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2024, 10, 9)


def _opinion(project, unit, *, days_to_reply=None, due=None):
    op = PublicOpinion.objects.create(project=project, content="意见", unit=unit, reply_due=due)
    submitted = timezone.make_aware(dt.datetime(2024, 9, 1, 9, 0))
    fields = {"submitted_at": submitted}
    if days_to_reply is not None:
        fields.update(
            state=PublicOpinion.State.HANDLED,
            reply="已处理",
            replied_at=submitted + dt.timedelta(days=days_to_reply),
        )
    PublicOpinion.objects.filter(pk=op.pk).update(**fields)


def test_the_bulletin_quotes_reply_time_overdue_units_and_published_items(programme):
    project = Project.objects.filter(matter__programme=programme).order_by("pk").first()
    dongkou = Organisation.objects.get(name="洞口县", kind=Organisation.Kind.COUNTY)
    shaoyang_county = Organisation.objects.get(name="邵阳县", kind=Organisation.Kind.COUNTY)
    PublicOpinion.objects.filter(project__matter__programme=programme).delete()  # only this test's opinions
    PublicUpdate.objects.filter(project__matter__programme=programme).delete()
    PolicyDocument.objects.filter(project__matter__programme=programme).delete()
    _opinion(project, dongkou, days_to_reply=2)
    _opinion(project, dongkou, days_to_reply=4)
    _opinion(project, shaoyang_county, due=dt.date(2024, 9, 8))  # past its deadline on AS_OF
    _opinion(project, shaoyang_county, due=dt.date(2024, 10, 20))  # still within its deadline
    day = dt.date(2024, 6, 1)
    for kind, hidden in ((UpdateKind.LOCAL, None), (UpdateKind.NEWS, None), (UpdateKind.NEWS, timezone.now())):
        PublicUpdate.objects.create(
            project=project, title="动态", body="内容", kind=kind, unit=dongkou, published_on=day, hidden_at=hidden
        )
    PublicUpdate.objects.create(  # after September: not in a 1-9 月 通报
        project=project, title="十月动态", body="内容", kind=UpdateKind.NEWS, unit=dongkou,
        published_on=dt.date(2024, 10, 2),
    )  # fmt: skip
    PolicyDocument.objects.create(project=project, title="实施方案", unit=dongkou, published_on=day)

    snap = bulletin_snapshot_build(programme=programme, month=9, scope=programme.organisation, as_of=AS_OF)

    ops = snap["opinions"]
    assert (ops["received"], ops["handled"], ops["rate"]) == (4, 2, "50")
    assert Decimal(ops["avg_days"]) == Decimal("3")
    assert ops["overdue"] == 1 and ops["overdue_units"] == [{"unit": "邵阳县", "n": 1}]
    assert snap["published"] == {"policy": 1, "local": 1, "news": 1}
    text = compose.default_measures(snap)
    assert "全市吸纳群众意见建议 4 条，意见建议处理率 50%，平均答复用时 3 天。" in text
    assert "逾期未答复 1 条（邵阳县 1 条）" in text
    assert "发布政策文件 1 个、本地化更新 1 条、工作动态 1 条。" in text


def test_nothing_published_and_nothing_overdue_adds_no_sentence(programme):
    PublicOpinion.objects.filter(project__matter__programme=programme).delete()
    PublicUpdate.objects.filter(project__matter__programme=programme).delete()
    PolicyDocument.objects.filter(project__matter__programme=programme).delete()
    snap = bulletin_snapshot_build(programme=programme, month=9, scope=programme.organisation, as_of=AS_OF)
    text = compose.default_measures(snap)
    assert "意见建议" not in text and "逾期未答复" not in text and "发布政策文件" not in text
