"""Demo documents (idempotent, runs last in load_demo): the city 1-9 月 2024 通报 issued and numbered,
洞口县's draft 通报, a numbered 专报 from three county articles, and one issued 工作提示函 to 洞口县.

Only the issued city 通报 is rendered while loading (≈ 0.5–1 s, after the loader's transaction commits,
eagerly without a broker); the others stay "queued" and are rendered on demand from their page.
"""

from __future__ import annotations

import re
from datetime import date

from minsheng.accounts.models import Organisation, User
from minsheng.common.demo import upsert
from projects.models import Programme

from .models import Article, DocState, Document, Kind, RenderState, Section
from .selectors import lagging_units
from .services import document_edit, document_issue, letter_create, newsletter_assemble, summary_generate
from .tasks import enqueue_render

AS_OF = date(2024, 10, 9)
NEWSLETTER_DATE = date(2024, 10, 15)
# What the office writes into the generated draft before issuing it (seed 003): the 特色亮点 the system
# cannot know and the counts it keeps outside the system; issuing refuses placeholders and counts left at 0.
DEMO_HIGHLIGHT = (
    "邵东市构建“高效办成一件事双窗联动”机制，在政务服务大厅显著位置分别设置“高效办成一件事”综窗 3 个、专窗 8 个，"
    "将“新生儿出生”“就医”“入学”一件事的办理地点延伸至各大医院、学校。"
)
DEMO_BULLETINS_ISSUED = 7
# Letters the office sent before the platform (seed 003: "发送温馨提示函、工作提示函15个"); the demo issues its own
# letters after the 通报, so the system count at 1-9月 is 0 and the office types the real number.
DEMO_LETTERS_SENT = 15
ARTICLES = [
    (
        "洞口县",
        Section.COUNTY,
        "洞口县“三个一”推动民生实事提速增效",
        "洞口县坚持一个项目一名县级领导联点、一张清单挂图作战、一月一调度，"
        "前三季度 12 项重点民生实事序时推进。\n"
        "县财政统筹资金 1.2 亿元优先保障民生项目，农村公路提质改造已完工 58 公里。",
    ),
    (
        "邵东市",
        Section.EXPERIENCE,
        "邵东市以群众满意度倒逼民生实事质量提升",
        "邵东市组织民生实事观察员开展“进项目、看现场、听民声”活动，收集意见建议 46 条，已办结 41 条。\n"
        "对群众反映集中的保障性租赁住房配套问题，建立问题清单、责任清单、整改清单，逐条销号。",
    ),
    (
        "邵东市",
        Section.BRIEF,
        "邵东市召开民生实事推进调度会",
        "10 月 10 日，邵东市召开重点民生实事推进调度会，对未达序时的项目逐一分析原因、明确完成时限。",
    ),
]


def _log(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"  reports：{text}")


def load(*, stdout=None) -> bool:
    """Create the demo documents once; a second run writes nothing."""
    programme = (
        Programme.objects.select_related("organisation", "office")
        .filter(year=2024, organisation__name="邵阳市")
        .first()
    )
    office = User.objects.filter(username="office").first()
    if programme is None or office is None:
        return False
    city = programme.organisation
    changed = False

    # 1. The city 通报 1-9 月 2024, issued (numbered) and rendered.
    lookup = {"kind": Kind.BULLETIN, "scope": city, "year": 2024, "period": "M09", "key": ""}
    bulletin = Document.objects.filter(state=DocState.ISSUED, **lookup).first()
    if bulletin is None:
        draft, _ = summary_generate(
            kind=Kind.BULLETIN, programme=programme, scope=city, month=9, actor=office, as_of=AS_OF
        )
        sections = dict(draft.sections)
        sections["highlights"] = re.sub(r"（请在此补充[^）]*）", DEMO_HIGHLIGHT, sections["highlights"])
        sections["measures"] = re.sub(
            r"印发工作通报\s*0\s*期", f"印发工作通报 {DEMO_BULLETINS_ISSUED} 期", sections["measures"]
        )
        sections["measures"] = re.sub(
            r"工作提示函\s*0\s*个", f"工作提示函 {DEMO_LETTERS_SENT} 个", sections["measures"]
        )
        draft = document_edit(document=draft, actor=office, sections=sections)
        bulletin = document_issue(document=draft, actor=office, doc_date=AS_OF)
        changed = True
        _log(stdout, f"通报已印发（{bulletin.number_label}）")
    if bulletin.render_state != RenderState.READY:
        enqueue_render(bulletin.pk)  # after commit; eager without a broker

    # 2. One county's draft (洞口县), left queued: rendered on demand.
    county = Organisation.objects.filter(name="洞口县", kind=Organisation.Kind.COUNTY).first()
    if (
        county is not None
        and not Document.objects.filter(kind=Kind.BULLETIN, scope=county, year=2024, period="M09").exists()
    ):
        summary_generate(
            kind=Kind.BULLETIN, programme=programme, scope=county, month=9, actor=office, as_of=AS_OF
        )
        changed = True
        _log(stdout, "洞口县通报草稿已生成")

    # 3. A numbered 专报 from three county articles.
    orgs = {o.name: o for o in Organisation.objects.filter(name__in={a[0] for a in ARTICLES})}
    articles = []
    for org_name, section, title, body in ARTICLES:
        if org_name not in orgs:
            continue
        article, created = upsert(
            Article,
            {"author_org": orgs[org_name], "title": title},
            {"section": section, "body": body},
        )
        changed |= created
        articles.append(article)
    if (
        articles
        and not Document.objects.filter(
            kind=Kind.NEWSLETTER, scope=city, year=2024, period=f"D{NEWSLETTER_DATE:%m%d}"
        ).exists()
    ):
        news = newsletter_assemble(city=city, actor=office, articles=articles, doc_date=NEWSLETTER_DATE)
        news = document_issue(document=news, actor=office, doc_date=NEWSLETTER_DATE)
        changed = True
        _log(stdout, f"专报已印发（{news.number_label}）")

    # 4. One issued letter (工作提示函) to 洞口县 from its lagging rows; it awaits the county's reply.
    # A lagging-progress key (reports.services.letters.LAGGING_PREFIXES): one open letter per unit.
    key = f"lag-09-{county.pk}" if county is not None else ""
    if county is not None and not Document.objects.filter(key__in=[key, "demo-lagging-m09"]).exists():
        row = next(
            (r for r in lagging_units(programme=programme, month=9) if r["county"].pk == county.pk), None
        )
        if row is not None:
            letter = letter_create(
                kind=Kind.WORK,
                addressee=county,
                facts=row["facts"],
                requirement="请高度重视，倒排工期、挂图作战，确保按序时完成年度目标任务，并书面反馈整改落实情况。",
                reply_deadline=date(2024, 10, 25),
                actor=office,
                programme=programme,
                source_key=key,
                month=9,
                doc_date=AS_OF,
            )
            document_issue(document=letter, actor=office, doc_date=AS_OF)
            changed = True
            _log(stdout, "工作提示函已印发")
    return changed
