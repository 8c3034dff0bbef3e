"""Issue 17 part 3: counties and departments publish 工作动态 (with photos), 本地化更新 and 政策文件 on the pages
of their projects; photos lose their EXIF; the office hides an item with a reason the unit sees; the public
timeline shows the publishing unit, newest first, in a constant number of queries; counts per unit."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from minsheng.common.files import ERR_BAD_TYPE
from minsheng.common.models import Notification
from progress import selectors, services
from progress.models import PolicyDocument, PublicUpdate, UpdateKind
from tests.observers.images import jpeg_with_gps

from .factories import CountyFactory, county_clerk

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _update_post(title="乡镇托育点开工", kind="news", photos=()):
    data = {
        "kind": "update",
        "u-kind": kind,
        "u-title": title,
        "u-body": "本月新开工 3 处托育点。",
        "u-published_on": "2024-10-08",
        "u-is_published": "on",
    }
    if photos:
        data["u-photos"] = list(photos)
    return data


def test_scope_county_with_target_and_departments_of_the_project(client, world):
    w = world
    project = w["ind"].project
    c = CountyFactory(name="丙县")
    clerk_c = county_clerk(c, "clerk_c")
    shared = w["other_dept"].organisation
    url = reverse("progress:publish_project", args=[project.pk])
    for user, allowed in (
        (w["clerk_a"], True),  # 甲县 has a target in the project
        (w["clerk_b"], True),
        (clerk_c, False),  # no target in it
        (w["dept"], True),  # leads an indicator of the project
        (w["other_dept"], False),  # not (yet) one of its units
        (w["office"], True),
    ):
        client.force_login(user)
        assert (client.get(url).status_code == 200) is allowed, user.username
        listed = project in selectors.projects_publishable_by(user)
        assert listed is allowed, user.username
    project.responsible_units.add(shared)  # a 责任单位 publishes too
    client.force_login(w["other_dept"])
    assert client.get(url).status_code == 200
    assert project in selectors.projects_publishable_by(w["other_dept"])


def test_clerk_finds_the_page_from_home_and_publishes_with_photo(client, world):
    w = world
    project = w["ind"].project
    client.force_login(w["clerk_a"])
    home = client.get(reverse("home")).content.decode()
    index_url = reverse("progress:publish_index")
    assert index_url in home
    index = client.get(index_url).content.decode()
    publish_url = reverse("progress:publish_project", args=[project.pk])
    assert publish_url in index and "以“甲县”名义发布" in index
    r = client.post(publish_url, _update_post(photos=[jpeg_with_gps("现场.jpg")]))
    assert r.status_code == 302
    update = PublicUpdate.objects.get()
    assert update.unit == w["a"] and update.kind == UpdateKind.NEWS and update.created_by == w["clerk_a"]
    (photo,) = update.photos.all()
    assert photo.mime == "image/jpeg" and photo.latitude is not None  # kept on the row for the office
    assert PublicUpdate.history.filter(history_change_reason="发布", history_user=w["clerk_a"]).exists()
    client.logout()
    page = client.get(reverse("progress:public_project", args=[project.public_code])).content.decode()
    photo_url = reverse("progress:update_photo", args=[project.public_code, photo.pk])
    assert "乡镇托育点开工" in page and photo_url in page and "甲县" in page
    resp = client.get(photo_url)
    assert resp["Content-Type"] == "image/jpeg" and resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Cache-Control"] == "public, max-age=300"  # a hidden photo leaves shared caches soon
    img = Image.open(io.BytesIO(b"".join(resp.streaming_content)))
    assert not img.getexif() and "exif" not in img.info


def test_refused_uploads_keep_the_typed_text(client, world):
    w = world
    project = w["ind"].project
    client.force_login(w["clerk_a"])
    url = reverse("progress:publish_project", args=[project.pk])
    r = client.post(
        url,
        {
            "kind": "policy",
            "d-title": "托育补贴实施细则",
            "d-doc_number": "甲政办发〔2024〕9号",
            "d-published_on": "2024-03-01",
            "d-file": SimpleUploadedFile("细则.pdf", b"MZ\x90\x00not a pdf"),
        },
    )
    page = r.content.decode()
    assert r.status_code == 400 and ERR_BAD_TYPE.split("{")[0] in page
    assert 'value="托育补贴实施细则"' in page and "甲政办发〔2024〕9号" in page
    r = client.post(
        url, _update_post(title="照片是假的", photos=[SimpleUploadedFile("a.jpg", b"not an image")])
    )
    page = r.content.decode()
    assert r.status_code == 400 and 'value="照片是假的"' in page and "本月新开工 3 处托育点。" in page
    assert not PolicyDocument.objects.exists() and not PublicUpdate.objects.exists()


def test_oversized_policy_file_refused_with_the_limit_in_chinese(client, world, settings):
    settings.MINSHENG = {**settings.MINSHENG, "UPLOAD_MAX_BYTES": 30}
    client.force_login(world["dept"])
    r = client.post(
        reverse("progress:publish_project", args=[world["ind"].project.pk]),
        {
            "kind": "policy",
            "d-title": "大文件",
            "d-published_on": "2024-03-01",
            "d-file": SimpleUploadedFile("大.pdf", PDF * 3),
        },
    )
    page = r.content.decode()
    assert r.status_code == 400 and "超过了" in page and "的上限" in page and 'value="大文件"' in page
    assert not PolicyDocument.objects.exists()


def test_recent_items_office_sees_all_a_clerk_only_their_unit(world):
    w = world
    project = w["ind"].project
    mine = services.public_update_add(
        project=project, actor=w["clerk_a"], title="甲县的", body="b", published_on=date(2024, 9, 1)
    )
    theirs = services.public_update_add(
        project=project, actor=w["clerk_b"], title="乙县的", body="b", published_on=date(2024, 9, 2)
    )
    assert [i for _, i in selectors.public_items_recent(user=w["clerk_a"])] == [mine]
    assert [i for _, i in selectors.public_items_recent(user=w["office"])] == [theirs, mine]
    assert selectors.public_items_recent(user=w["other_dept"]) == []


def test_office_hides_with_reason_unit_sees_it_public_does_not(client, world):
    w = world
    project = w["ind"].project
    update = services.public_update_add(
        project=project,
        actor=w["clerk_a"],
        title="旧照片动态",
        body="内容",
        published_on=date(2024, 10, 1),
        photos=[jpeg_with_gps()],
    )
    doc = services.policy_document_add(
        project=project,
        actor=w["dept"],
        title="托育服务实施方案",
        uploaded=SimpleUploadedFile("方案.pdf", PDF),
        published_on=date(2024, 3, 1),
    )
    public = reverse("progress:public_project", args=[project.public_code])
    photo_url = reverse("progress:update_photo", args=[project.public_code, update.photos.get().pk])
    pdf_url = reverse("progress:policy_download", args=[project.public_code, doc.pk])
    assert client.get(photo_url).status_code == 200 and client.get(pdf_url).status_code == 200
    # a clerk cannot hide; the office must give a reason
    client.force_login(w["clerk_a"])
    assert (
        client.post(reverse("progress:publish_hide", args=["update", update.pk]), {"reason": "x"}).status_code
        == 403
    )
    with pytest.raises(ValidationError):
        services.public_item_hide(item=update, actor=w["office"], reason="  ")
    client.force_login(w["office"])
    for kind, item in (("update", update), ("policy", doc)):
        r = client.post(reverse("progress:publish_hide", args=[kind, item.pk]), {"reason": "照片含群众面部"})
        assert r.status_code == 302
    client.logout()
    page = client.get(public).content.decode()
    assert "旧照片动态" not in page and "托育服务实施方案" not in page
    assert client.get(photo_url).status_code == 404 and client.get(pdf_url).status_code == 404
    assert PublicUpdate.history.filter(
        history_change_reason="隐藏：照片含群众面部", history_user=w["office"]
    ).exists()
    # the unit sees it was hidden and why (its page, its list and a notice); it cannot re-publish it
    client.force_login(w["clerk_a"])
    page = client.get(reverse("progress:publish_project", args=[project.pk])).content.decode()
    assert "已被专班办公室隐藏" in page and "隐藏原因：照片含群众面部" in page
    assert "隐藏原因：照片含群众面部" in client.get(reverse("progress:publish_index")).content.decode()
    assert Notification.objects.filter(recipient=w["clerk_a"], kind="public_item_hidden").count() == 1
    assert Notification.objects.filter(recipient=w["dept"], kind="public_item_hidden").count() == 1
    update.refresh_from_db()
    with pytest.raises(ValidationError):
        services.public_item_set_published(item=update, actor=w["clerk_a"], published=True)
    # the office shows it again
    services.public_item_unhide(item=update, actor=w["office"])
    assert client.get(photo_url).status_code == 200


def test_a_unit_withdraws_only_its_own_items(client, world):
    w = world
    project = w["ind"].project
    update = services.public_update_add(
        project=project, actor=w["clerk_a"], title="甲县动态", body="内容", published_on=date(2024, 10, 1)
    )
    with pytest.raises(PermissionDenied):
        services.public_item_set_published(item=update, actor=w["clerk_b"], published=False)
    client.force_login(w["clerk_b"])
    r = client.post(reverse("progress:publish_toggle", args=["update", update.pk]), {"published": "0"})
    assert r.status_code == 403
    client.force_login(w["clerk_a"])
    client.post(reverse("progress:publish_toggle", args=["update", update.pk]), {"published": "0"})
    update.refresh_from_db()
    assert not update.is_published


def test_timeline_newest_first_with_unit_names_in_constant_queries(client, world):
    w = world
    project = w["ind"].project
    public = reverse("progress:public_project", args=[project.public_code])
    services.public_update_add(
        project=project, actor=w["clerk_a"], title="九月动态", body="b", published_on=date(2024, 9, 1)
    )
    client.get(public)
    with CaptureQueriesContext(connection) as few:
        client.get(public)
    for i in range(5):
        services.public_update_add(
            project=project,
            actor=w["clerk_b"],
            title=f"十月本地化更新{i}",
            body="b",
            kind=UpdateKind.LOCAL,
            published_on=date(2024, 10, 1 + i),
            photos=[jpeg_with_gps(f"p{i}.jpg", size=(64, 48))],
        )
    services.policy_document_add(
        project=project,
        actor=w["dept"],
        title="十一月政策",
        uploaded=SimpleUploadedFile("p.pdf", PDF),
        published_on=date(2024, 11, 1),
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get(public).content.decode()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    order = [page.index(t) for t in ("十一月政策", "十月本地化更新4", "十月本地化更新0", "九月动态")]
    assert order == sorted(order)
    assert "乙县" in page and "测试局" in page and "本地化更新" in page
    entries = selectors.public_timeline(project=project)
    assert [e.unit_name for e in entries][:2] == ["测试局", "乙县"]


def test_counts_per_unit_leave_out_withdrawn_and_hidden(world):
    w = world
    project = w["ind"].project

    def add(actor, kind=UpdateKind.NEWS, day=1):
        return services.public_update_add(
            project=project, actor=actor, title="t", body="b", kind=kind, published_on=date(2024, 9, day)
        )

    add(w["clerk_a"]), add(w["clerk_a"]), add(w["clerk_a"], UpdateKind.LOCAL)
    withdrawn, hidden = add(w["clerk_b"]), add(w["clerk_b"], UpdateKind.LOCAL)
    add(w["clerk_b"], day=20)
    services.public_item_set_published(item=withdrawn, actor=w["clerk_b"], published=False)
    services.public_item_hide(item=hidden, actor=w["office"], reason="重复")
    services.policy_document_add(
        project=project,
        actor=w["dept"],
        title="方案",
        uploaded=SimpleUploadedFile("p.pdf", PDF),
        published_on=date(2024, 3, 1),
    )
    counts = selectors.publish_counts_by_unit(programme=w["programme"])
    assert counts[w["a"].pk] == {"policy": 0, "local": 1, "news": 2}
    assert counts[w["b"].pk] == {"policy": 0, "local": 0, "news": 1}
    assert counts[w["dept"].organisation_id] == {"policy": 1, "local": 0, "news": 0}
    upto = selectors.publish_counts_by_unit(programme=w["programme"], date_to=date(2024, 9, 10))
    assert w["b"].pk not in upto and upto[w["a"].pk]["news"] == 2
