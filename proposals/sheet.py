"""The 征集汇总表 layout of seed 000 (附件), shared by the template, the export and the importer."""
from __future__ import annotations

import re

TITLE = "{year} 年重点民生实事项目征集汇总表"
UNIT_LABEL = "单位名称（盖章）："
DATE_LABEL = "时间："
CONTACT_LABEL = "联系人："
CONTACT_PHONE_LABEL = "联系方式（手机号码）："

# (header, Proposal field or pseudo-field). The first seven are the seed's columns, in its order;
# the last four are what seed 000 §六.2 asks units to add.
COLUMNS: list[tuple[str, str]] = [
    ("序号", "seq"),
    ("项目名称", "title"),
    ("项目级别（省级/市级）", "level"),
    ("建议人姓名及联系电话", "proposer"),
    ("建议承办单位", "suggested_unit"),
    ("项目现状、实施内容以及预期可达到的效果", "content"),
    ("备注", "remark"),
    ("责任单位（含协助单位）", "responsible_text"),
    ("项目必要性", "necessity"),
    ("项目内容及年度进度安排", "schedule"),
    ("项目总投资及资金筹措", "investment"),
]
REQUIRED_COLUMNS = 7
HEADERS = [h for h, _ in COLUMNS]
FIELD_COLUMN = {field: i for i, (_, field) in enumerate(COLUMNS)}
FIELD_COLUMN.update({"proposer_name": 3, "proposer_phone": 3, "suggested_unit_text": 4, "situation": 5, "effect": 5})
WIDTHS = [6, 24, 12, 20, 18, 48, 16, 20, 30, 30, 24]

LEVEL_WORDS = {"省级": "province", "省": "province", "省定": "province", "市级": "city", "市": "city",
               "市定": "city", "县级": "county", "县": "county", "县定": "county"}
LEVEL_LABEL = {"province": "省级", "city": "市级", "county": "县级"}


def norm_header(text: str) -> str:
    """Compare headers the way a person reads them: no spaces, line breaks, or bracket width differences."""
    text = (text or "").translate(str.maketrans("()（）:：", "（）（）：："))
    return re.sub(r"\s+", "", text)


NORM_HEADERS = [norm_header(h) for h in HEADERS]


def column_letter(index: int) -> str:
    return chr(ord("A") + index)
