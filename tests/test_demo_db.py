"""The demo is built once per process (tests/demo_db.py): every test still starts from a pristine world.

Run in file order (as in one worker), each test below also checks what the previous ones left behind."""

import pytest
from django.db import connection

from minsheng.accounts.models import Organisation, User
from projects.models import Programme

MARK = "演示库隔离检查"


def _demo_is_pristine():
    assert User.objects.filter(username="office").exists()
    assert Programme.objects.filter(year=2024, organisation__name="邵阳市").exists()
    assert not Organisation.objects.filter(name=MARK).exists()


def _write_mark():
    city = Organisation.objects.get(name="邵阳市")
    Organisation.objects.create(name=MARK, kind=Organisation.Kind.COUNTY, parent=city)


@pytest.mark.parametrize("turn", [1, 2])
def test_a_demo_test_sees_the_demo_and_not_an_earlier_tests_writes(demo, turn):
    _demo_is_pristine()
    _write_mark()
    User.objects.filter(username="county_dongkou").delete()


@pytest.mark.django_db
def test_a_test_without_the_demo_sees_an_empty_database():
    assert not User.objects.exists()
    assert not Programme.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_demo_test_commits_on_its_own_copy(demo):
    _demo_is_pristine()
    _write_mark()
    assert connection.in_atomic_block is False  # committed, not rolled back


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_demo_test_gets_a_fresh_copy(demo):
    _demo_is_pristine()
    _write_mark()


def test_the_demo_is_pristine_after_transactional_tests(demo):
    _demo_is_pristine()
    assert User.objects.filter(username="county_dongkou").exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_without_the_demo_sees_an_empty_database():
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
