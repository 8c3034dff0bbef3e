"""Chinese text similarity on character bigrams (rapidfuzz, in C): no model, no outside service.

A campaign's corpus is prepared once and kept in a small in-process cache keyed by the campaign's row
count and last change, so a query among 20,000 proposals costs one cheap aggregate and one C scan.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Max
from rapidfuzz import fuzz, process

_NON_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
_CACHE: OrderedDict[tuple, tuple[list[int], list[str], list[str]]] = OrderedDict()
_CACHE_SIZE = 8
MIN_SCORE = 45.0


def bigrams(text: str) -> str:
    """'村道路灯' → '村道 道路 路灯' (space-separated, so token scorers compare bigram sets)."""
    clean = _NON_TEXT.sub("", text or "")
    if len(clean) < 2:
        return clean
    return " ".join(clean[i : i + 2] for i in range(len(clean) - 1))


@dataclass(frozen=True)
class Match:
    pk: int
    score: float


def _corpus(qs) -> tuple[list[int], list[str], list[str]]:
    stamp = qs.aggregate(n=Count("id"), last=Max("updated_at"))
    key = (str(qs.query), stamp["n"], stamp["last"])
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    ids, titles, texts = [], [], []
    for pk, title, content in qs.values_list("id", "title", "content").iterator(chunk_size=5000):
        ids.append(pk)
        titles.append(bigrams(title))
        texts.append(bigrams(title + (content or "")[:120]))
    _CACHE[key] = (ids, titles, texts)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return ids, titles, texts


def similar_ids(*, qs, title: str, content: str = "", exclude: set[int] | None = None, limit: int = 5,
                min_score: float = MIN_SCORE) -> list[Match]:
    """The most similar rows of `qs` to a title (+ content), best first, as (pk, score 0–100)."""
    if not (title or content).strip():
        return []
    ids, titles, texts = _corpus(qs)
    if not ids:
        return []
    exclude = exclude or set()
    q_title, q_text = bigrams(title), bigrams(title + (content or "")[:120])
    scores: dict[int, float] = {}
    want = limit + len(exclude)
    for query, choices, weight in ((q_title, titles, 1.0), (q_text, texts, 0.9)):
        if not query:
            continue
        for _choice, score, idx in process.extract(
            query, choices, scorer=fuzz.token_set_ratio, limit=want * 3, score_cutoff=min_score / weight
        ):
            pk = ids[idx]
            scores[pk] = max(scores.get(pk, 0.0), score * weight)
    ranked = sorted(((s, pk) for pk, s in scores.items() if pk not in exclude and s >= min_score), reverse=True)
    return [Match(pk=pk, score=round(s, 1)) for s, pk in ranked[:limit]]
