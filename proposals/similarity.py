"""Chinese text similarity on character bigrams (Dice coefficient): no model, no outside service.

Two texts that share many two-character words (村道, 路灯, 安装 ...) are alike whatever the word order.
Each web process keeps, per campaign, an inverted index of every proposal's bigrams. It is built once
and then brought up to date incrementally: a lookup runs one aggregate (row count, last change); when
that moved, only the rows changed since the index's watermark are fetched and re-indexed (an edited row
gets a new position, its old one is marked dead). A change therefore costs every process a small delta
query, not a rebuild; the index is rebuilt from scratch only when rows were deleted or too many
positions are dead. The index holds all rows of the campaign; who may see which row is decided by the
caller's queryset after ranking (see `selectors.proposal_similar`), so a state change never touches it.

pg_trgm was measured as the alternative on PostgreSQL and not used: its trigrams of unspaced Chinese
text barely overlap (similarity('村道安装太阳能路灯', '农村道路安装路灯') = 0.06), and it would leave
SQLite on a second code path.
"""
from __future__ import annotations

import heapq
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max

_NON_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
_CACHE: OrderedDict[int, Corpus] = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()
MIN_SCORE = 35.0
TEXT_WEIGHT = 0.9
CONTENT_PREFIX = 120
# `updated_at` is taken when a row is saved, not when its transaction commits: re-read this much
# before the watermark so a slow transaction's rows are not skipped.
OVERLAP = timedelta(minutes=2)
MAX_DEAD_SHARE = 0.25


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
    """Inverted index of a campaign's bigrams: bigram → row positions, for titles and title+content."""

    ids: list[int | None] = field(default_factory=list)  # position → pk; None once superseded
    sig: list[tuple[str, str]] = field(default_factory=list)
    title_len: list[int] = field(default_factory=list)
    text_len: list[int] = field(default_factory=list)
    title_index: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    text_index: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    pos_of: dict[int, int] = field(default_factory=dict)  # pk → live position
    stamp: tuple[int, datetime | None] = (0, None)
    rebuilds: int = 0  # for tests and the benchmark
    deltas: int = 0

    @property
    def dead(self) -> int:
        return len(self.ids) - len(self.pos_of)

    def put(self, pk: int, title: str, content: str) -> bool:
        """Index one row (again); returns whether anything changed."""
        content = (content or "")[:CONTENT_PREFIX]
        old = self.pos_of.get(pk)
        if old is not None:
            if self.sig[old] == (title, content):
                return False
            self.ids[old] = None
        pos = len(self.ids)
        t = bigrams(title)
        x = t | bigrams(content)
        self.ids.append(pk)
        self.sig.append((title, content))
        self.title_len.append(len(t))
        self.text_len.append(len(x))
        for g in t:
            self.title_index[g].append(pos)
        for g in x:
            self.text_index[g].append(pos)
        self.pos_of[pk] = pos
        return True


def _rows(qs) -> Iterator[tuple[int, str, str]]:
    return qs.values_list("id", "title", "content").order_by().iterator(chunk_size=5000)


def _build(qs, stamp) -> Corpus:
    corpus = Corpus(stamp=stamp)
    for pk, title, content in _rows(qs):
        corpus.put(pk, title, content)
    return corpus


def corpus_for(qs, *, key) -> Corpus:
    """The up-to-date index of `qs` (all proposals of one campaign), cached per process under `key`."""
    agg = qs.order_by().aggregate(n=Count("id"), last=Max("updated_at"))
    stamp = (agg["n"], agg["last"])
    with _LOCK:
        corpus = _CACHE.get(key)
        if corpus is not None:
            _CACHE.move_to_end(key)
            if corpus.stamp == stamp:
                return corpus
            watermark = corpus.stamp[1]
            if watermark is not None and stamp[0] >= len(corpus.pos_of):
                for pk, title, content in _rows(qs.filter(updated_at__gte=watermark - OVERLAP)):
                    corpus.put(pk, title, content)
                corpus.deltas += 1
                # Rows deleted (or changed without touching updated_at) show up as a count mismatch.
                if len(corpus.pos_of) == stamp[0] and corpus.dead <= MAX_DEAD_SHARE * max(stamp[0], 1000):
                    corpus.stamp = stamp
                    return corpus
        rebuilds = corpus.rebuilds + 1 if corpus is not None else 1
        corpus = _build(qs, stamp)
        corpus.rebuilds = rebuilds
        _CACHE[key] = corpus
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return corpus


def _dice_scores(query: frozenset, index: dict, lengths: list[int], ids: list, weight: float,
                 floor: float) -> dict[int, float]:
    shared: Counter[int] = Counter()
    for g in query:
        posting = index.get(g)
        if posting:
            shared.update(posting)  # counted in C
    lq = len(query)
    out = {}
    for pos, n in shared.items():
        score = weight * 200.0 * n / (lq + lengths[pos])
        if score >= floor and ids[pos] is not None:
            out[pos] = score
    return out


def ranked(*, corpus: Corpus, title: str, content: str = "", exclude: set[int] | None = None,
           min_score: float = MIN_SCORE) -> Iterator[Match]:
    """Every indexed row scoring at least `min_score` against a title (+ content), best first."""
    if not (title or content).strip():
        return
    exclude = exclude or set()
    q_title = bigrams(title)
    q_text = q_title | bigrams((content or "")[:CONTENT_PREFIX])
    scores = _dice_scores(q_title, corpus.title_index, corpus.title_len, corpus.ids, 1.0, min_score)
    for pos, score in _dice_scores(q_text, corpus.text_index, corpus.text_len, corpus.ids, TEXT_WEIGHT,
                                   min_score).items():
        if score > scores.get(pos, 0.0):
            scores[pos] = score
    heap = [(-s, corpus.ids[pos]) for pos, s in scores.items()]
    heapq.heapify(heap)
    while heap:
        s, pk = heapq.heappop(heap)
        if pk not in exclude:
            yield Match(pk=pk, score=round(-s, 1))
