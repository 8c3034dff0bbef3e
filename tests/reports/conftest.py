"""Fixtures: the demo programme (seed 003, 1-9 月 2024) and a generated city 通报."""

import pytest

from minsheng.accounts.models import Organisation, User
from projects.models import Programme


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def programme(demo):
    return Programme.objects.select_related("organisation", "office").get(
        year=2024, organisation__name="邵阳市"
    )


@pytest.fixture
def office(demo):
    return User.objects.get(username="office")


@pytest.fixture
def county(demo):
    return Organisation.objects.get(name="洞口县", kind=Organisation.Kind.COUNTY)


@pytest.fixture
def city_bulletin(programme, office, media):
    from datetime import date

    from reports.services import document_generate

    return document_generate(
        programme=programme, scope=programme.organisation, month=9, actor=office, as_of=date(2024, 10, 9)
    )


def ready_to_issue(doc, office):
    """What the office does to a generated 通报 before issuing it (issuing refuses otherwise): the
    特色亮点 placeholder replaced and the count of bulletins, kept outside the system, written in."""
    import re

    from reports.services import document_edit

    sections = dict(doc.sections)
    sections["highlights"] = re.sub(r"（请在此补充[^）]*）", "邵东市构建“双窗联动”机制。", sections.get("highlights", ""))
    measures = re.sub(r"印发工作通报\s*0\s*期", "印发工作通报 7 期", sections.get("measures", ""))
    sections["measures"] = re.sub(r"(提示函[^，。；]{0,8})\s0\s个", r"\1 15 个", measures)
    return document_edit(document=doc, actor=office, sections=sections)


def remove_demo_documents():
    """Most tests start from the progress data alone, without reports.demo_data's documents."""
    from reports.models import Article, Document, LetterReply

    LetterReply.objects.all().delete()
    Article.objects.all().delete()
    Document.objects.filter(supersedes__isnull=False).delete()
    Document.objects.all().delete()


@pytest.fixture
def demo(demo):
    remove_demo_documents()
    return demo


@pytest.fixture
def demo_documents(demo_database):
    """The full demo data set, reports' own documents included."""
