"""Whole-word line breaking for titles, signatures and table headers.

WeasyPrint breaks Chinese between any two characters and has no `word-break: keep-all`, so a title
comes out as "…推进情 / 况的通报" and a signature as "专班办 / 公室". GB/T 9704-2012 §7.3.1 asks titles
to break "词意完整，排列对称": here a text is cut into tokens (the longest entry of a word list of
organisation names and common terms, a run of digits, a bracketed group, or else a single character),
and a title is split only between tokens into lines of balanced length, each printed as its own line.
"""

from __future__ import annotations

import math
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Terms that must never be split (besides the organisation names passed in by the caller).
WORDS = (
    "关于", "全市", "全县", "实施", "民生可感行动", "民生实事", "重点民生实事", "省定", "市定", "县定",
    "工作", "推进情况", "进展情况", "情况", "的通报", "通报", "工作进度表", "进度表", "专班办公室",
    "工作专班", "办公室", "代章", "工作提示函", "温馨提示函", "工作交办函", "提醒函", "提示函", "交办函",
    "工作简报", "工作总结", "工作专报", "季度", "上旬", "中旬", "下旬", "实事名称", "项目名称", "序号",
    "加快推进", "项目", "重点", "年度", "邵阳市", "人力资源和社会保障局", "责任单位", "县市区",
)
_PAIRS = {"（": "）", "(": ")", "“": "”", "《": "》", "〔": "〕"}
_DIGITS = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-%]*")


def tokens(text: str, words: tuple[str, ...] | list[str] = ()) -> list[str]:
    """`text` as unbreakable tokens, longest word first."""
    vocab = sorted({w for w in (*WORDS, *words) if w}, key=len, reverse=True)
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        close = _PAIRS.get(ch)
        if close:
            j = text.find(close, i + 1)
            if 0 < j - i <= 12:  # a short bracketed group stays whole: （省定重点民生实事）
                out.append(text[i : j + 1])
                i = j + 1
                continue
        m = _DIGITS.match(text, i)
        if m:
            out.append(m.group())
            i = m.end()
            continue
        for w in vocab:
            if text.startswith(w, i):
                out.append(w)
                i += len(w)
                break
        else:
            out.append(ch)
            i += 1
    # Closing punctuation never starts a line: glue it to the token before.
    merged: list[str] = []
    for t in out:
        if merged and t[0] in "，。、；：！？）》”":
            merged[-1] += t
        else:
            merged.append(t)
    return merged


def width(text: str) -> float:
    """Width in em: a Han character is 1, a Latin letter or digit about a half."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def balanced_lines(text: str, max_em: float, words=()) -> list[str]:
    """Split `text` between tokens into the fewest lines of at most `max_em`, as even as possible."""
    text = text.replace(" ", "")
    toks = tokens(text, words)
    total = width(text)
    if total <= max_em or len(toks) < 2:
        return [text]
    n = math.ceil(total / max_em)
    widths = [width(t) for t in toks]
    best: tuple[float, list[int]] | None = None

    def search(start: int, lines_left: int, cuts: list[int], cost: float):
        nonlocal best
        if best is not None and cost >= best[0]:
            return
        if lines_left == 1:
            w = sum(widths[start:])
            if w <= max_em:
                c = cost + (w - total / n) ** 2
                if best is None or c < best[0]:
                    best = (c, cuts)
            return
        w = 0.0
        for k in range(start, len(toks) - lines_left + 1):
            w += widths[k]
            if w > max_em:
                break
            search(k + 1, lines_left - 1, [*cuts, k + 1], cost + (w - total / n) ** 2)

    while best is None and n <= len(toks):
        search(0, n, [], 0.0)
        if best is None:
            n += 1
    if best is None:
        return [text]
    bounds = [0, *best[1], len(toks)]
    return ["".join(toks[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def lines_html(lines: list[str]) -> str:
    """Lines joined by <br>, each kept on one line."""
    html = "<br>".join(f'<span class="nb">{escape(x)}</span>' for x in lines)
    return mark_safe(html)  # noqa: S308 - every line escaped above


def keep_words_html(text: str, words=()) -> str:
    """A text that may wrap, but only between tokens (each token is an unbreakable span)."""
    html = "&#8203;".join(
        escape(t) if len(t) == 1 else f'<span class="nb">{escape(t)}</span>' for t in tokens(text, words)
    )
    return mark_safe(html)  # noqa: S308 - every token escaped above
