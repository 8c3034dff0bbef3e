"""Demo units publishing on their projects' pages (issue 17 §3): 洞口县, 邵东市 and 邵阳市教育局 publish 工作动态
with a generated photo (re-encoded by the same service path as a clerk's upload), 本地化更新 and 政策文件 (a tiny
generated PDF); the office hides one item with a reason; two counties print a project's poster and one marks it
已张贴. Everything goes through the services (permissions, checks, history); only the dates are set back to 2024
afterwards, as the seed's 1-9月 is the demo's present. Idempotent: an item already there (by project and title,
a print by project and unit) is left alone, so a second run writes nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from minsheng.accounts.models import User
from projects.models import Programme

from . import services
from .models import SHANGHAI, PolicyDocument, PosterPrint, PublicUpdate, UpdateKind
from .selectors.publishing import projects_publishable_by

HIDE_REASON = "内容为单位内部活动，与项目进展无关"


@dataclass(frozen=True)
class Item:
    kind: str  # "news" | "local" | "policy"
    title: str
    body: str
    day: date
    photo: tuple[int, int, int] | None = None  # the generated photo's main colour
    doc_number: str = ""


# username → (a word of the project's name, among those the user may publish on; else its first), items.
PLAN: dict[str, tuple[str, list[Item]]] = {
    "county_dongkou": (
        "农村公路",
        [
            Item(
                "policy",
                "洞口县2024年重点民生实事项目实施方案",
                "明确责任单位、完成时限和验收标准。",
                date(2024, 3, 12),
                doc_number="洞民实办〔2024〕3号",
            ),
            Item(
                "news",
                "洞口县召开农村公路提质改造现场推进会",
                "县专班到施工现场调度，倒排工期、挂图作战。",
                date(2024, 7, 18),
                photo=(46, 125, 50),
            ),
            Item(
                "local",
                "洞口县农村公路1至9月完成情况",
                "截至9月底，全县已完成年度任务的七成以上，其余路段正在施工。",
                date(2024, 9, 26),
            ),
            Item(
                "news",
                "洞口县交通运输局开展主题党日活动",
                "局机关党支部开展主题党日活动。",
                date(2024, 8, 2),
                photo=(170, 40, 40),
            ),  # hidden by the office (HIDE_REASON)
        ],
    ),
    "county_shaodong": (
        "保障性租赁住房",
        [
            Item(
                "news",
                "邵东市保障性租赁住房项目开工",
                "各建设点位全部开工，市专班每周调度。",
                date(2024, 4, 9),
                photo=(30, 90, 160),
            ),
            Item(
                "local", "邵东市上半年完成情况", "上半年完成年度任务过半，群众反映良好。", date(2024, 6, 28)
            ),
        ],
    ),
    "dept_education": (
        "徐特立",
        [
            Item(
                "policy",
                "邵阳市教育局关于做好2024年教育民生实事工作的通知",
                "部署年度教育民生实事任务。",
                date(2024, 2, 26),
                doc_number="邵市教通〔2024〕12号",
            ),
            Item(
                "news",
                "市教育局督导民生实事项目进度",
                "市教育局分组赴各县市区督导项目建设。",
                date(2024, 9, 10),
                photo=(200, 140, 30),
            ),
        ],
    ),
}
# username → (posted, site): the poster of its first project printed in September 2024, posted or not.
POSTERS = {
    "county_dongkou": (True, "洞口县高沙镇农村公路施工点入口"),
    "county_shaodong": (False, ""),
}
HIDDEN = ("county_dongkou", "洞口县交通运输局开展主题党日活动")


def _photo(colour: tuple[int, int, int], title: str) -> SimpleUploadedFile:
    """A small generated site photo (a sky, a road and a sign), as a phone would upload a JPEG."""
    img = Image.new("RGB", (640, 480), (170, 205, 235))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 300, 640, 480), fill=(110, 110, 110))
    draw.polygon([(300, 480), (340, 480), (325, 300), (315, 300)], fill=(240, 240, 240))
    draw.rectangle((420, 160, 600, 260), fill=colour)
    draw.rectangle((505, 260, 515, 330), fill=(60, 60, 60))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("现场照片.jpg", out.getvalue(), content_type="image/jpeg")


def _pdf(title: str) -> SimpleUploadedFile:
    """A tiny one-page PDF (drawn by Pillow: no font needed)."""
    img = Image.new("RGB", (595, 842), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle((60, 60, 535, 70), fill=(179, 33, 30))
    for y in range(120, 700, 28):
        draw.rectangle((60, y, 535 if y % 3 else 400, y + 8), fill=(200, 200, 200))
    out = io.BytesIO()
    img.save(out, "PDF", resolution=72)
    return SimpleUploadedFile("policy.pdf", out.getvalue(), content_type="application/pdf")


def load_unit_publishing(programme: Programme) -> bool:
    """The units' items, the office's hiding and the posters (see the module docstring)."""
    users = {u.username: u for u in User.objects.filter(username__in=[*PLAN, "office"])}
    office = users.get("office")
    changed = False
    firsts = {}
    for username, (word, items) in PLAN.items():
        user = users.get(username)
        if user is None:
            continue
        mine = projects_publishable_by(user).filter(matter__programme=programme)
        project = mine.filter(name__contains=word).first() or mine.first()
        if project is None:
            continue
        firsts[username] = project
        for item in items:
            changed |= _publish(project, user, item)
    changed |= _hide(firsts, users, office)
    for username, (posted, site) in POSTERS.items():
        if username in firsts:
            changed |= _poster(firsts[username], users[username], posted, site)
    return changed


def _publish(project, user, item: Item) -> bool:
    model = PolicyDocument if item.kind == "policy" else PublicUpdate
    if model.objects.filter(project=project, title=item.title).exists():
        return False
    if item.kind == "policy":
        services.policy_document_add(
            project=project,
            actor=user,
            title=item.title,
            uploaded=_pdf(item.title),
            published_on=item.day,
            issuer=user.county.name if user.county else user.organisation.name,
            doc_number=item.doc_number,
            summary=item.body,
        )
    else:
        services.public_update_add(
            project=project,
            actor=user,
            title=item.title,
            body=item.body,
            published_on=item.day,
            kind=UpdateKind.LOCAL if item.kind == "local" else UpdateKind.NEWS,
            photos=[_photo(item.photo, item.title)] if item.photo else (),
        )
    return True


def _hide(firsts, users, office) -> bool:
    username, title = HIDDEN
    if office is None or username not in firsts:
        return False
    item = PublicUpdate.objects.filter(project=firsts[username], title=title).first()
    if item is None or item.is_hidden:
        return False
    services.public_item_hide(item=item, actor=office, reason=HIDE_REASON)
    return True


def _poster(project, user, posted: bool, site: str) -> bool:
    unit = user.county if user.county else user.organisation
    if PosterPrint.objects.filter(project=project, unit=unit).exists():
        return False
    try:
        row = services.poster_print_record(project=project, actor=user)
    except ValidationError:  # production without a public SITE_URL refuses posters: no demo print either
        return False
    if posted:
        row = services.poster_mark_posted(poster=row, actor=user, site=site)
    # the seed's present is September 2024: the print and the mark belong to it (the estimate counts prints by month)
    PosterPrint.objects.filter(pk=row.pk).update(
        printed_at=datetime(2024, 9, 5, 10, tzinfo=SHANGHAI),
        posted_at=datetime(2024, 9, 8, 16, tzinfo=SHANGHAI) if posted else None,
    )
    return True
