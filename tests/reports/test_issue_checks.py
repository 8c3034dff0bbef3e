"""Issuing refuses, with the whole list of problems, a document the office has not finished; fonts warn."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reports.checks import (
    ERR_ISSUE_CHECKS,
    ERR_NO_ADDRESSEE,
    WARN_NO_FANGSONG,
    font_warnings,
    issue_problems,
)
from reports.models import DocState
from reports.services import document_edit, document_issue


def _finish(doc, office, **extra):
    """What the office does before issuing: the placeholder replaced, the real counts written."""
    sections = dict(doc.sections)
    sections["highlights"] = re.sub(r"（请在此补充[^）]*）", "邵东市构建“双窗联动”机制。", sections["highlights"])
    sections["measures"] = re.sub(r"印发工作通报\s*0\s*期", "印发工作通报 7 期", sections["measures"])
    sections["measures"] = re.sub(r"工作提示函\s*0\s*个", "工作提示函 15 个", sections["measures"])
    sections.update(extra)
    return document_edit(document=doc, actor=office, sections=sections)


def test_generated_bulletin_is_refused_with_every_problem(city_bulletin, office):
    with pytest.raises(ValidationError) as exc:
        document_issue(document=city_bulletin, actor=office)
    messages = exc.value.messages
    assert messages[0] == ERR_ISSUE_CHECKS
    assert any("（请在此补充各地各部门的特色做法和典型经验。）" in m and "三、特色亮点" in m for m in messages)
    assert any("印发工作通报0期" in m and "请填写实际数字" in m for m in messages)
    city_bulletin.refresh_from_db()
    assert city_bulletin.state == DocState.DRAFT and city_bulletin.number is None


def test_finished_bulletin_issues(city_bulletin, office):
    doc = _finish(city_bulletin, office)
    assert issue_problems(doc) == []
    doc = document_issue(document=doc, actor=office, doc_date=date(2024, 10, 9))
    assert doc.state == DocState.ISSUED and doc.number == 1


def test_date_in_another_year_and_missing_addressee_and_empty_section(city_bulletin, office):
    doc = _finish(city_bulletin, office, addressee="", plans="")
    problems = issue_problems(doc, date(2026, 12, 4))
    assert "成文日期（2026年12月4日）与期号的年度（2024年）不一致" in problems
    assert ERR_NO_ADDRESSEE in problems
    assert "“五、工作打算”为空" in problems
    with pytest.raises(ValidationError):
        document_issue(document=doc, actor=office, doc_date=date(2026, 12, 4))


def test_font_warning_when_no_fangsong_face():
    assert WARN_NO_FANGSONG in font_warnings(frozenset({"Noto Serif CJK SC", "FandolHei", "FandolKai", "FandolSong"}))
    assert font_warnings(frozenset({"FandolFang", "FandolHei", "FandolKai", "FandolSong"})) == []
