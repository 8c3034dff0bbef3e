"""佐证材料 in the same form as the figure: several files at once, typing kept when a file is refused,
deletable while the figure is a draft."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress.models import Evidence, Figure, FigureState
from tests.corpus.generate import EXE, PDF_MIN, png

pytestmark = pytest.mark.django_db


def _url(w):
    return reverse("progress:figure_entry", args=[w["ta"].pk, w["p9"].pk])


def _files(*specs):
    return [SimpleUploadedFile(name, data) for name, data in specs]


def test_several_files_with_the_figure(client, world):
    w = world
    client.force_login(w["clerk_a"])
    r = client.post(_url(w), {"value": "70", "narrative": "新建托位 10 个", "submit": "",
                              "evidence": _files(("验收单.pdf", PDF_MIN), ("现场.png", png(4, 4)))})
    assert r.status_code == 302
    f = Figure.objects.get(target=w["ta"], period=w["p9"])
    assert f.value == D("70") and f.state == FigureState.DRAFT
    assert sorted(Evidence.objects.filter(figure=f).values_list("original_name", flat=True)) == ["现场.png", "验收单.pdf"]


def test_a_refused_file_keeps_the_typing_and_saves_nothing(client, world):
    w = world
    client.force_login(w["clerk_a"])
    r = client.post(_url(w), {"value": "70", "narrative": "新建托位 10 个，已验收", "submit": "on",
                              "evidence": _files(("验收单.pdf", PDF_MIN), ("照片.jpg", EXE))})
    page = r.content.decode()
    assert r.status_code == 400 and 'id="evidence-errors"' in page and "照片.jpg" in page
    assert "新建托位 10 个，已验收" in page and 'value="70"' in page
    assert not Figure.objects.filter(target=w["ta"], period=w["p9"]).exists() and not Evidence.objects.exists()


def test_evidence_deletable_while_draft_only(client, world):
    w = world
    client.force_login(w["clerk_a"])
    client.post(_url(w), {"value": "70", "narrative": "x", "submit": "",
                          "evidence": _files(("a.pdf", PDF_MIN), ("b.pdf", PDF_MIN))})
    a, b = Evidence.objects.order_by("original_name")
    page = client.get(_url(w)).content.decode()
    assert reverse("progress:evidence_delete", args=[a.pk]) in page
    r = client.post(reverse("progress:evidence_delete", args=[a.pk]), follow=True)
    assert "已删除佐证材料“a.pdf”" in r.content.decode()
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["b.pdf"]
    Figure.objects.filter(pk=b.figure_id).update(state=FigureState.SUBMITTED)
    assert reverse("progress:evidence_delete", args=[b.pk]) not in client.get(_url(w)).content.decode()
    r = client.post(reverse("progress:evidence_delete", args=[b.pk]), follow=True)
    assert "佐证材料不能再删除" in r.content.decode() and Evidence.objects.count() == 1
    client.force_login(w["clerk_b"])  # another county cannot even see it
    assert client.post(reverse("progress:evidence_delete", args=[b.pk])).status_code == 404
