"""专报 articles arranged in the app: pick/unpick, reorder within a section, edit, regenerate."""

from datetime import date

from django.urls import reverse

from minsheng.accounts.models import Organisation
from reports.models import Article, Section
from reports.services import article_submit, document_issue, newsletter_assemble
from reports.services.newsletter import ERR_NEWSLETTER_LOCKED


def test_arrange_and_regenerate(client, demo, office, media, django_capture_on_commit_callbacks):
    city = Organisation.objects.get(name="邵阳市", kind="city")
    dk = Organisation.objects.get(name="洞口县")
    a1, a2, a3, spare = (
        article_submit(
            author_org=dk, actor=office, section=Section.COUNTY, title=f"动态{i}", body=f"正文{i}。"
        )
        for i in range(1, 5)
    )
    doc = newsletter_assemble(city=city, actor=office, articles=[a1, a2, a3], doc_date=date(2024, 10, 20))
    client.force_login(office)
    url = reverse("reports:newsletter_articles", args=[doc.pk])
    assert client.get(url).status_code == 200

    client.post(url, {"op": "down", "article": a1.pk})
    client.post(url, {"op": "unpick", "article": a3.pk})
    client.post(url, {"op": "pick", "article": spare.pk})
    client.post(
        reverse("reports:article_edit", args=[a2.pk]),
        {"section": Section.COUNTY, "title": "动态二（改）", "body": "改过的正文。"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(url, {"op": "refresh"})
    assert resp.status_code == 302
    doc.refresh_from_db()
    assert [a["title"] for a in doc.snapshot["articles"]] == ["动态二（改）", "动态1", "动态4"]
    assert doc.render_state == "ready"
    assert Article.objects.get(pk=a3.pk).state == Article.State.SUBMITTED

    document_issue(document=doc, actor=office)
    resp = client.post(url, {"op": "unpick", "article": a1.pk}, follow=True)
    assert ERR_NEWSLETTER_LOCKED in resp.content.decode()
    resp = client.post(
        reverse("reports:article_edit", args=[a1.pk]), {"section": Section.COUNTY, "title": "x", "body": "y"}
    )
    assert ERR_NEWSLETTER_LOCKED in resp.content.decode()
