"""Entry, evidence, review and the permission table (county / department / office / public)."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress import services
from progress.models import Evidence, Figure, FigureState, FigureTransition

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def entry(t, p):
    return reverse("progress:figure_entry", args=[t.pk, p.pk])


def test_clerk_fills_submits_and_uploads(client, world):
    w = world
    client.force_login(w["clerk_a"])
    r = client.post(entry(w["ta"], w["p9"]), {"value": "80", "narrative": "进展顺利", "submit": "on"})
    assert r.status_code == 302
    fig = Figure.objects.get(target=w["ta"], period=w["p9"])
    assert fig.state == FigureState.SUBMITTED and fig.value == D("80")
    r = client.post(
        reverse("progress:evidence_upload", args=[fig.pk]), {"file": SimpleUploadedFile("照片.pdf", PDF)}
    )
    assert r.status_code == 302 and fig.evidence.count() == 1
    page = client.get(entry(w["ta"], w["p9"])).content.decode()
    assert "照片.pdf" in page and "按序时推进" in page
    # a submitted figure cannot be changed by the county any more
    assert client.post(entry(w["ta"], w["p9"]), {"value": "90"}).status_code == 403


def test_fall_without_reason_shows_error(client, world):
    w = world
    client.force_login(w["clerk_a"])
    r = client.post(entry(w["ta"], w["p9"]), {"value": "50"})
    assert r.status_code == 200
    assert services.ERR_FALL_NEEDS_REASON.format(previous="60") in r.content.decode()
    assert not Figure.objects.filter(period=w["p9"], target=w["ta"]).exists()


def test_office_deducts_with_history(client, world):
    w = world
    client.force_login(w["office"])
    url = reverse("progress:figure_review", args=[w["fb"].pk])
    client.post(url, {"action": "deduct", "verified_value": "70", "comment": "佐证材料不足"})
    fb = Figure.objects.get(pk=w["fb"].pk)
    assert fb.state == FigureState.DEDUCTED and fb.verified_value == D("70")
    t = FigureTransition.objects.get(figure=fb, to_state=FigureState.DEDUCTED)
    assert (t.old_value, t.new_value, t.comment, t.actor) == (D("80"), D("70"), "佐证材料不足", w["office"])
    assert "佐证材料不足" in client.get(entry(w["tb"], w["p9"])).content.decode()


def test_county_cannot_review(client, world):
    client.force_login(world["clerk_b"])
    r = client.post(reverse("progress:figure_review", args=[world["fb"].pk]), {"action": "verify"})
    assert r.status_code == 403


def test_other_county_gets_404_on_figure_evidence_and_export(client, world):
    w = world
    ev = services.evidence_add(figure=w["fb"], actor=w["clerk_b"], uploaded=SimpleUploadedFile("b.pdf", PDF))
    client.force_login(w["clerk_a"])
    assert client.get(entry(w["tb"], w["p9"])).status_code == 404
    assert client.get(reverse("progress:evidence_download", args=[ev.pk])).status_code == 404
    assert (
        client.post(
            reverse("progress:evidence_upload", args=[w["fb"].pk]), {"file": SimpleUploadedFile("x.pdf", PDF)}
        ).status_code
        == 404
    )
    url = reverse("progress:sheet_download", args=[w["p9"].pk])
    assert client.get(f"{url}?county={w['b'].pk}").status_code == 404
    assert client.get(reverse("progress:scorecard", args=[w["b"].pk])).status_code == 403
    assert client.get(reverse("progress:dashboard")).status_code == 403
    # their own county works
    client.force_login(w["clerk_b"])
    r = client.get(reverse("progress:evidence_download", args=[ev.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert Evidence.objects.count() == 1


def test_department_reads_its_projects_only(client, world):
    w = world
    client.force_login(w["dept"])
    assert client.get(entry(w["tb"], w["p9"])).status_code == 200
    assert client.get(reverse("progress:dashboard")).status_code == 200
    client.force_login(w["other_dept"])
    assert client.get(entry(w["tb"], w["p9"])).status_code == 404


def test_public_cannot_reach_staff_pages(client, world):
    assert client.get(reverse("progress:dashboard")).status_code == 302
    assert client.get(entry(world["tb"], world["p9"])).status_code == 302


def test_dashboard_query_count_does_not_grow(client, world, django_assert_max_num_queries, settings):
    from tests.factories import CountyFactory, IndicatorTargetFactory

    from .factories import FigureFactory

    settings.PROGRESS_ROLLUP_CACHE_SECONDS = 0  # measure the computing path, not the cached one
    w = world
    client.force_login(w["office"])
    url = reverse("progress:dashboard") + f"?programme={w['programme'].pk}&month=9"
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    for i in range(15):
        c = CountyFactory(name=f"新县{i}")
        for ind in (w["ind"], w["ind2"]):
            t = IndicatorTargetFactory(indicator=ind, county=c, target=D("10"))
            FigureFactory(target=t, period=w["p9"], value=D(i), state=FigureState.SUBMITTED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_dashboard_cache_is_renewed_by_services(client, world, django_assert_max_num_queries):
    """The cached level sections are keyed by the change stamp that every figure service renews."""
    w = world
    client.force_login(w["office"])
    url = reverse("progress:dashboard") + f"?programme={w['programme'].pk}&month=9"
    with django_assert_max_num_queries(30) as cold:
        first = client.get(url).content.decode()
    with django_assert_max_num_queries(len(cold.captured_queries) - 4):  # the roll-up queries are skipped
        again = client.get(url).content.decode()
    section = slice(first.index('<section class="card mb-3"'), first.index('id="sub-h"'))
    assert again[section] == first[section]
    assert "已报送 1/2" in first
    f = services.figure_save(target=w["ta"], period=w["p9"], actor=w["clerk_a"], value=D("90"))
    services.figure_submit(figure=f, actor=w["clerk_a"])
    assert 'city-share">2/2<' in client.get(url).content.decode()
    services.figure_deduct(figure=f, actor=w["office"], verified_value=D("10"), reason="据实核减")
    assert "据实核减" in client.get(url).content.decode()  # 环比下降 with the reason, straight away


def test_pages_default_to_the_latest_month_with_accepted_figures(rf, world):
    from progress.views.common import pick_month

    w = world
    assert pick_month(rf.get("/"), w["programme"]) == 8  # month 9 has a submitted figure only
    assert pick_month(rf.get("/?month=3"), w["programme"]) == 3
    services.figure_verify(figure=w["fb"], actor=w["office"])
    assert pick_month(rf.get("/"), w["programme"]) == 9
    Figure.objects.filter(period__programme=w["programme"]).update(state=FigureState.SUBMITTED)
    assert pick_month(rf.get("/"), w["programme"]) == 9  # no accepted figure: the latest period
