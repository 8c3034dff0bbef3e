"""The demo's units publish (issue 17 §3): 洞口县, 邵东市 and 邵阳市教育局 have 工作动态 with a re-encoded photo,
本地化更新 and 政策文件 on their projects' pages, the office hid one with a reason, two posters were printed (one
posted), so the public timelines are not empty and the 信息公开 estimate is not all zero; load_demo stays
idempotent."""

import datetime as dt
import io
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from progress.demo_publishing import HIDE_REASON
from progress.models import PolicyDocument, PosterPrint, PublicUpdate, PublicUpdatePhoto, UpdateKind
from progress.selectors.disclosure import disclosure_estimates
from projects.models import Programme

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "updates": PublicUpdate.objects.count(),
        "update_history": PublicUpdate.history.count(),
        "photos": PublicUpdatePhoto.objects.count(),
        "policies": PolicyDocument.objects.count(),
        "policy_history": PolicyDocument.history.count(),
        "posters": PosterPrint.objects.count(),
        "poster_history": PosterPrint.history.count(),
        "hidden": PublicUpdate.objects.filter(hidden_at__isnull=False).count(),
    }


def test_units_published_through_the_services(demo):
    by_unit = {}
    for u in PublicUpdate.objects.exclude(unit=None).select_related("unit"):
        by_unit.setdefault(u.unit.name, set()).add(u.kind)
    assert by_unit["洞口县"] == {UpdateKind.NEWS, UpdateKind.LOCAL}
    assert by_unit["邵东市"] == {UpdateKind.NEWS, UpdateKind.LOCAL}
    assert UpdateKind.NEWS in by_unit["邵阳市教育局"]
    docs = PolicyDocument.objects.exclude(unit=None).select_related("unit")
    assert {d.unit.name for d in docs} == {"洞口县", "邵阳市教育局"}
    for doc in docs:
        assert doc.mime == "application/pdf" and doc.file.read(5) == b"%PDF-"
        assert doc.history.get().history_change_reason == "发布"
    photo = PublicUpdatePhoto.objects.filter(update__unit__name="洞口县").first()
    with photo.file.open("rb") as fh, Image.open(io.BytesIO(fh.read())) as img:
        assert img.format == "JPEG" and not img.getexif()  # re-encoded by the service, no EXIF
    hidden = PublicUpdate.objects.get(hidden_at__isnull=False)
    assert hidden.unit.name == "洞口县" and hidden.hidden_reason == HIDE_REASON
    assert hidden.hidden_by.username == "office"


def test_a_visitor_sees_the_units_timeline_and_the_posted_sign(client, demo):
    posted = PosterPrint.objects.get(posted_at__isnull=False)
    assert posted.unit.name == "洞口县" and posted.site and posted.history.count() == 2
    html = client.get(reverse("progress:public_project", args=[posted.project.public_code])).content.decode()
    assert "洞口县召开农村公路提质改造现场推进会" in html and "现场已张贴公示牌" in html
    assert "洞口县交通运输局开展主题党日活动" not in html  # hidden by the office
    assert PosterPrint.objects.get(posted_at__isnull=True).unit.name == "邵东市"


def test_the_disclosure_estimate_counts_the_demo_activity(demo):
    programme = Programme.objects.get(year=2024, organisation__name="邵阳市")
    data = disclosure_estimates(programme=programme, month=9, as_of=dt.date(2024, 10, 1))
    rows = {r.county.name: {c.key: c for c in r.components} for r in data["rows"]}
    assert rows["洞口县"]["publishing"].done == 3  # the hidden item does not count
    assert rows["洞口县"]["posters"].done == 1 and rows["邵东市"]["posters"].done == 1
    assert rows["邵东市"]["publishing"].done == 2
    assert rows["双清区"]["posters"].done == 0


def test_a_second_load_demo_changes_nothing(demo):
    before = _counts()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert _counts() == before
