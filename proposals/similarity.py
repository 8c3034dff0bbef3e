"""Chinese text similarity on character bigrams (Dice coefficient): no model, no outside service.

Two texts that share many two-character words (村道, 路灯, 安装 ...) are alike whatever the word order.
A campaign's corpus is prepared once and kept in a small in-process cache keyed by the queryset, its
row count and last change, so a query among 20,000 proposals costs one aggregate and one set scan.
"""
from __future__ import annotations

import heapq
import re
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max

_NON_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
_CACHE: OrderedDict[tuple, Corpus] = OrderedDict()
_CACHE_SIZE = 8
MIN_SCORE = 35.0
TEXT_WEIGHT = 0.9
CONTENT_PREFIX = 120


def bigrams(text: str) -> frozenset[str]:
    """'村道路灯' → {'村道', '道路', '路灯'} (punctuation and spaces ignored)."""
    clean = _NON_TEXT.sub("", text or "")
    if len(clean) < 2:
        return frozenset([clean]) if clean else frozenset()
    return frozenset(clean[i : i + 2] for i in range(len(clean) - 1))


@dataclass(frozen=True)
class Match:
    pk: int
    score: float


@dataclass
class Corpus:
    """Inverted index of a queryset's bigrams: bigram → row positions, for titles and title+content."""

    ids: list[int]
    title_len: list[int]
    text_len: list[int]
    title_index: dict[str, list[int]]
    text_index: dict[str, list[int]]


def _corpus(qs) -> Corpus:
    stamp = qs.aggregate(n=Count("id"), last=Max("updated_at"))
    key = (str(qs.query), stamp["n"], stamp["last"])
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    corpus = Corpus([], [], [], defaultdict(list), defaultdict(list))
    for pos, (pk, title, content) in enumerate(qs.values_list("id", "title", "content").iterator(chunk_size=5000)):
        t = bigrams(title)
        x = t | bigrams((content or "")[:CONTENT_PREFIX])
        corpus.ids.append(pk)
        corpus.title_len.append(len(t))
        corpus.text_len.append(len(x))
        for g in t:
            corpus.title_index[g].append(pos)
        for g in x:
            corpus.text_index[g].append(pos)
    _CACHE[key] = corpus
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return corpus


def _dice_scores(query: frozenset, index: dict, lengths: list[int], weight: float, floor: float) -> dict[int, float]:
    shared: Counter[int] = Counter()
    for g in query:
        posting = index.get(g)
        if posting:
            shared.update(posting)  # counted in C
    lq = len(query)
    out = {}
    for pos, n in shared.items():
        score = weight * 200.0 * n / (lq + lengths[pos])
        if score >= floor:
            out[pos] = score
    return out


def similar_ids(*, qs, title: str, content: str = "", exclude: set[int] | None = None, limit: int = 5,
                min_score: float = MIN_SCORE) -> list[Match]:
    """The most similar rows of `qs` to a title (+ content), best first, as (pk, score 0–100)."""
    if not (title or content).strip():
        return []
    corpus = _corpus(qs)
    exclude = exclude or set()
    q_title = bigrams(title)
    q_text = q_title | bigrams((content or "")[:CONTENT_PREFIX])
    scores = _dice_scores(q_title, corpus.title_index, corpus.title_len, 1.0, min_score)
    for pos, score in _dice_scores(q_text, corpus.text_index, corpus.text_len, TEXT_WEIGHT, min_score).items():
        if score > scores.get(pos, 0.0):
            scores[pos] = score
    ranked = heapq.nlargest(limit + len(exclude), ((s, corpus.ids[pos]) for pos, s in scores.items()))
    return [Match(pk=pk, score=round(s, 1)) for s, pk in ranked if pk not in exclude][:limit]
