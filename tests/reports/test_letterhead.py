"""发文设置: the office sets its 发文机关标志 once; new 通报, 专报 and letters start from it; changes are audited."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from minsheng.accounts.models import Organisation, User
from reports.models import Letterhead
from reports.render.html import bulletin_context
from reports.render.letter import letter_context
from reports.render.newsletter import newsletter_context
from reports.services import article_submit, document_generate, letter_create, newsletter_assemble
from reports.views.letterhead import MSG_SAVED

pytestmark = pytest.mark.django_db
HEADS = {
    "bulletin_masthead": "邵阳市民生可感行动工作专班",
    "newsletter_masthead": "邵阳市民生可感行动\n工作专报",
    "letter_masthead": "邵阳市民生可感行动工作专班办公室",
}


def test_office_sets_letterhead_and_new_documents_print_it(client, demo, programme, office, media):
    client.force_login(office)
    url = reverse("reports:letterhead")
    page = client.get(reverse("reports:list")).content.decode()
    assert url in page  # the office finds the page from the documents list
    r = client.post(url, HEADS, follow=True)
    assert MSG_SAVED in r.content.decode()
    head = Letterhead.objects.get(office=office.organisation)
    assert head.history.count() == 1 and head.history.first().history_user == office

    bulletin = document_generate(
        programme=programme, scope=programme.organisation, month=9, actor=office, as_of=date(2024, 10, 9)
    )
    ctx = bulletin_context(snapshot=bulletin.snapshot, sections=bulletin.sections, title=bulletin.title,
                           doc_date=bulletin.doc_date, state=bulletin.state)
    assert ctx["masthead"] == HEADS["bulletin_masthead"]

    county = Organisation.objects.get(name="洞口县")
    letter = letter_create(kind="work", addressee=county, facts="事实", requirement="要求", actor=office,
                           programme=programme, reply_deadline=date.today() + timedelta(days=7))
    assert letter_context(letter)["masthead"] == HEADS["letter_masthead"]

    city = programme.organisation
    article = article_submit(author_org=county, actor=office, section="county", title="动态", body="正文。")
    newsletter = newsletter_assemble(city=city, actor=office, articles=[article], doc_date=date(2024, 10, 20))
    assert newsletter_context(newsletter)["masthead"] == HEADS["newsletter_masthead"]


def test_without_letterhead_the_office_name_is_printed(demo, programme, office, media):
    bulletin = document_generate(
        programme=programme, scope=programme.organisation, month=9, actor=office, as_of=date(2024, 10, 9)
    )
    ctx = bulletin_context(snapshot=bulletin.snapshot, sections=bulletin.sections, title=bulletin.title,
                           doc_date=bulletin.doc_date, state=bulletin.state)
    assert ctx["masthead"] == programme.office.name


def test_too_long_masthead_is_refused_and_kept(client, demo, office):
    client.force_login(office)
    typed = "很长" * 30
    r = client.post(reverse("reports:letterhead"), {**HEADS, "bulletin_masthead": typed})
    assert r.status_code == 400
    html = r.content.decode()
    assert "最多 40 个字" in html or "40" in html
    assert typed in html
    assert not Letterhead.objects.exists()


@pytest.mark.parametrize("username", ["county_dongkou", "dept_education", "observer", "deputy"])
def test_only_the_office_may_open_it(client, demo, username):
    client.force_login(User.objects.get(username=username))
    assert client.get(reverse("reports:letterhead")).status_code == 403
