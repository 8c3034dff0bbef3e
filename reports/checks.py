"""The checks a document must pass before it is issued, and the warnings shown beside it.

`issue_problems(doc, doc_date)` lists, in Chinese, everything that stops the office from sending the
document as it is: a placeholder left ("（请在此补充…）"), a count the system computed as 0 where the
office must write the real number ("共印发工作通报0期"), an empty section, a date in another year than
the 期号, a missing 主送. `document_issue` refuses with the whole list.

`font_warnings()` tells when the print faces fall back: no 仿宋 face installed means the body is set in a
宋体-like face (the document is legible but not in the standard's 仿宋).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess

from . import compose
from .models import Kind

ERR_ISSUE_CHECKS = "不能印发，请先处理以下问题："
ERR_PLACEHOLDER = "“{section}”中仍有待补充的占位文字：{text}"
ERR_ZERO_COUNT = "“{section}”中的“{text}”是系统按 0 统计的数字，请填写实际数字"
ERR_EMPTY = "“{section}”为空"
ERR_YEAR = "成文日期（{date}）与期号的年度（{year}年）不一致"
ERR_NO_ADDRESSEE = "缺少主送机关"
WARN_NO_FANGSONG = "本机未安装仿宋字体，正文以宋体类字体代替（运行 scripts/bootstrap run 安装 Fandol 仿宋）。"
WARN_NO_FACE = "本机未安装{face}字体，以其他字体代替。"

PLACEHOLDER = re.compile(r"（请在此[^）]{0,60}）|请在此补充[^。\n]{0,40}|（待补充）|×××|XXX")
# Counts the office keeps outside the system: written 0 by the generator, never true in a sent 通报.
ZERO_COUNT = re.compile(
    r"(?:印发工作通报|召开[^，。；\n]{0,12}会议|发送[^，。；\n]{0,24}函|开展[^，。；\n]{0,16}调研督导)\s*0\s*(?:期|次|个|份)"
)
LETTER_LABELS = {"facts": "事实", "requirement": "要求"}
BULLETIN_KINDS = (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY)


def _label(doc, key: str) -> str:
    if doc.kind in BULLETIN_KINDS:
        return compose.SECTION_LABELS.get(key) or compose.EXTRA_LABELS.get(key, key)
    return LETTER_LABELS.get(key) or compose.EXTRA_LABELS.get(key, key)


def issue_problems(doc, doc_date=None) -> list[str]:
    """Everything that must be fixed before `doc` is issued (empty when it may be issued)."""
    problems: list[str] = []
    sections = doc.sections or {}
    for key, text in sections.items():
        if not isinstance(text, str):
            continue
        for m in PLACEHOLDER.finditer(text):
            problems.append(ERR_PLACEHOLDER.format(section=_label(doc, key), text=m.group()))
        for m in ZERO_COUNT.finditer(text):
            problems.append(ERR_ZERO_COUNT.format(section=_label(doc, key), text=re.sub(r"\s+", "", m.group())))
    if doc.kind in BULLETIN_KINDS:
        required = compose.EDITABLE_SECTIONS
    elif doc.is_letter:
        required = ("facts",)
    else:
        required = ()
    for key in required:
        if not (sections.get(key) or "").strip():
            problems.append(ERR_EMPTY.format(section=_label(doc, key)))
    if doc.kind in BULLETIN_KINDS and "progress" in sections and not sections["progress"].strip():
        problems.append(ERR_EMPTY.format(section="一、工作推进情况"))
    when = doc_date or doc.doc_date
    # A letter's 期号 follows the year of its date (document_issue numbers it so); a 通报's year is its data's.
    if when and doc.year and when.year != doc.year and not doc.is_letter:
        problems.append(ERR_YEAR.format(date=compose.date_text(when), year=doc.year))
    if doc.is_letter:
        if not (sections.get("addressee") or "").strip() and doc.addressee_id is None:
            problems.append(ERR_NO_ADDRESSEE)
    elif doc.kind in BULLETIN_KINDS and "addressee" in sections and not sections["addressee"].strip():
        problems.append(ERR_NO_ADDRESSEE)
    return problems


# The face names the print CSS asks for, first the official ones, then the free ones bootstrap installs.
FACES = {
    "仿宋": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "FandolFang"),
    "黑体": ("黑体", "SimHei", "FandolHei"),
    "楷体": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "FandolKai"),
    "标宋": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FandolSong"),
}


@functools.lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Font family names Fontconfig knows (empty when fc-list is missing)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return frozenset()
    out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False).stdout
    names = set()
    for line in out.splitlines():
        names.update(n.strip() for n in line.split(","))
    return frozenset(names)


def font_warnings(families: frozenset[str] | None = None) -> list[str]:
    """Warnings for the faces of GB/T 9704 that are not installed (a fall-back face is used instead)."""
    families = installed_families() if families is None else families
    warnings = []
    for face, names in FACES.items():
        if not any(n in families for n in names):
            warnings.append(WARN_NO_FANGSONG if face == "仿宋" else WARN_NO_FACE.format(face=face))
    return warnings
