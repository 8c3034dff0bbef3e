"""The 待办 framework: ordering by urgency, the deadline wording, zero counts hidden, one per key."""

import datetime as dt

import pytest
from django.test import RequestFactory

from minsheng.common import todo
from minsheng.common.todo import TodoItem, register_todo, todo_items

TODAY = dt.date(2024, 12, 3)


@pytest.fixture
def only_test_providers(monkeypatch):
    monkeypatch.setattr(todo, "_providers", [])


class _User:
    is_authenticated = True


def _request():
    req = RequestFactory().get("/")
    req.user = _User()
    return req


def test_items_sorted_overdue_then_soon_then_rest_and_zero_counts_dropped(only_test_providers):
    register_todo(
        "a",
        lambda r, today: [
            TodoItem(title="普通", url="/a", count=3, deadline=dt.date(2024, 12, 20)),
            TodoItem(title="无事", url="/z", count=0),
            TodoItem(title="结果", url="/r", urgency=todo.URGENCY_INFO),
        ],
    )
    register_todo(
        "b",
        lambda r, today: [
            TodoItem(title="逾期", url="/b", count=1, deadline=dt.date(2024, 12, 1)),
            TodoItem(title="今天", url="/c", count=2, total=5, deadline=dt.date(2024, 12, 3)),
        ],
    )
    shown = todo_items(_request(), today=TODAY)
    assert [s.title for s in shown] == ["逾期", "今天", "普通", "结果"]
    assert [s.when for s in shown] == [
        "截止 12月1日 · 已逾期 2 天",
        "截止 12月3日 · 今天到期",
        "截止 12月20日 · 还剩 17 天",
        "",
    ]
    assert shown[1].urgency == todo.URGENCY_SOON and shown[1].total == 5


def test_register_replaces_by_key(only_test_providers):
    register_todo("k", lambda r, t: [TodoItem(title="旧", url="/", count=1)])
    register_todo("k", lambda r, t: [TodoItem(title="新", url="/", count=1)])
    assert [s.title for s in todo_items(_request(), today=TODAY)] == ["新"]


def test_anonymous_gets_nothing(only_test_providers):
    register_todo("k", lambda r, t: [TodoItem(title="x", url="/", count=1)])
    req = RequestFactory().get("/")
    req.user = type("Anon", (), {"is_authenticated": False})()
    assert todo_items(req, today=TODAY) == []
