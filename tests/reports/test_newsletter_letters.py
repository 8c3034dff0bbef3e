"""专报 from county articles (red masthead, numbered issue, sections, 报/发) and letters from lagging rows."""

import re
import subprocess
from datetime import date

from django.urls import reverse

from minsheng.accounts.models import Organisation, User
from reports.models import Article, DocState, Kind, RenderState, Section
from reports.render.html import document_html
from reports.services import (
    article_submit,
    document_issue,
    document_render,
    letters_from_lagging,
    newsletter_assemble,
)


def _text(path) -> str:
    return re.sub(
        r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    )


def test_newsletter_from_articles(client, demo, office, media):
    clerk = User.objects.get(username="county_dongkou")
    client.force_login(clerk)
    resp = client.post(
        reverse("reports:articles"),
        {
            "section": Section.EXPERIENCE,
            "title": "瞄准“四个字” 助残有实效",
            "body": "今年以来，洞口县立足于“早、准、精、细”施策。\n一是宣传早。以举办“全国助残日”为契机。",
        },
    )
    assert resp.status_code == 302
    a1 = Article.objects.get(author_org__name="洞口县")
    city = Organisation.objects.get(name="邵阳市", kind="city")
    a2 = article_submit(
        author_org=city,
        actor=office,
        section=Section.NEWS,
        title="设立“观察员+观察哨”",
        body="全市已选聘 33 名民生实事观察员。",
    )
    doc = newsletter_assemble(city=city, actor=office, articles=[a2, a1], doc_date=date(2024, 7, 24))
    a1.refresh_from_db()
    assert a1.state == Article.State.PICKED and a1.newsletter == doc
    doc = document_issue(document=doc, actor=office)
    assert doc.number_label == "2024 年第 1 期"
    doc = document_render(document_id=doc.pk)
    assert doc.render_state == RenderState.READY, doc.render_error
    text = _text(doc.pdf.path)
    for s in (
        "邵阳市打好重点民生保障仗",
        "工作专报",
        "2024年第1期",
        "【重要新闻】",
        "【经验交流】",
        "洞口县：瞄准“四个字”助残有实效。",
        "报：省工作专班",
        "邮箱：syszdms@163.com",
    ):
        assert s in text, s
    assert text.index("【重要新闻】") < text.index("【经验交流】")
    html = document_html(doc)
    assert 'class="masthead"' in html  # red 发文机关标志 (print.css: color #d00000)


def test_letters_from_lagging_progress(client, programme, office, media):
    docs = letters_from_lagging(programme=programme, month=9, actor=office, doc_date=date(2024, 10, 10))
    by = {d.addressee.name: d for d in docs}
    # progress.selectors.behind_rows: the counties' rows, and the lead departments of the 市定 roll-up
    # behind (化解超期安置) and of the 市本级 row behind (市级应急广播建设).
    assert set(by) == {"邵阳县", "邵东市", "洞口县", "双清区", "大祥区", "北塔区", "邵阳市住房和城乡建设局", "邵阳市文旅广体局"}
    dk = by["洞口县"]
    assert dk.kind == Kind.WORK and dk.reply_deadline == date(2024, 10, 20)
    assert "“农村公路提质改造”完成进度为 74.51%" in dk.sections["facts"]
    again = letters_from_lagging(programme=programme, month=9, actor=office, doc_date=date(2024, 10, 10))
    assert sorted(d.pk for d in again) == sorted(d.pk for d in docs)  # idempotent
    dk = document_render(document_id=dk.pk)
    text = _text(dk.pdf.path)
    assert "洞口县工作专班：" in text and "2024年10月20日前" in text
    # A draft is the office's; once issued the addressed county sees its letter, another county does not.
    client.force_login(User.objects.get(username="county_dongkou"))
    assert dk.state == DocState.DRAFT
    assert client.get(reverse("reports:detail", kwargs={"pk": dk.pk})).status_code == 404
    document_issue(document=dk, actor=office)
    assert client.get(reverse("reports:detail", kwargs={"pk": dk.pk})).status_code == 200
    assert client.get(reverse("reports:detail", kwargs={"pk": by["邵东市"].pk})).status_code == 404
