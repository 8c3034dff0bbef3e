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
