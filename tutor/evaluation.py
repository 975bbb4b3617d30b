"""Retrieval and answer quality on a question set: hit@1, hit@5, MRR, refusals, latency.

Gold passages are verbatim spans of the source text; a retrieved chunk counts as a hit when
it contains a span (whitespace and case normalised), or a long half of one when the span
straddles a chunk boundary.
"""

from __future__ import annotations

import json
import statistics
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RANK_DEPTH = 10


@dataclass(frozen=True)
class Question:
    """One evaluation question (see tests/data/README.md)."""

    id: str
    kind: str
    question: str
    gold_spans: list[str]
    answer_keywords: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)
    module: int | None = None

    @property
    def answerable(self) -> bool:
        """Whether the material answers it."""
        return bool(self.gold_spans)


@dataclass(frozen=True)
class Outcome:
    """What a system returned for one question."""

    ranked_texts: list[str]  # chunk texts, best first (up to RANK_DEPTH)
    refused: bool | None  # None: the system cannot refuse
    answer: str
    seconds: float
    retrieval_seconds: float


System = Callable[[Question], Outcome]


def load_questions(path: Path) -> list[Question]:
    """Read a JSONL question set."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(
                Question(
                    id=str(row["id"]),
                    kind=row["kind"],
                    question=row["question"],
                    gold_spans=list(row.get("gold_spans") or []),
                    answer_keywords=list(row.get("answer_keywords") or []),
                    previous=list(row.get("previous") or []),
                    module=row.get("module"),
                )
            )
    return out


def norm(text: str) -> str:
    """Case-fold, NFC, all whitespace (incl. U+202F/NBSP) collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def span_in(span: str, text: str) -> bool:
    """Whether a chunk text contains a gold span (or a long half of it)."""
    s, t = norm(span), norm(text)
    if s in t:
        return True
    half = len(s) // 2
    return half >= 25 and (s[:half] in t or s[half:] in t)


def first_hit_rank(q: Question, texts: list[str]) -> int | None:
    """1-based rank of the first chunk that contains any gold span."""
    for rank, text in enumerate(texts, 1):
        if any(span_in(span, text) for span in q.gold_spans):
            return rank
    return None


def evaluate(questions: list[Question], system: System) -> dict[str, Any]:
    """Run a system over the questions and aggregate the metrics per kind and overall."""
    per_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    latencies, retrieval_latencies = [], []
    for q in questions:
        out = system(q)
        latencies.append(out.seconds)
        retrieval_latencies.append(out.retrieval_seconds)
        rank = first_hit_rank(q, out.ranked_texts) if q.answerable else None
        keywords_ok = all(norm(k) in norm(out.answer) for k in q.answer_keywords)
        gold_quoted = any(span_in(span, out.answer) for span in q.gold_spans)
        per_kind[q.kind].append(
            {
                "id": q.id,
                "answerable": q.answerable,
                "rank": rank,
                "refused": out.refused,
                "keywords_ok": keywords_ok,
                "gold_quoted": gold_quoted,
            }
        )
    report: dict[str, Any] = {"kinds": {}, "n": len(questions)}
    for kind, rows in sorted(per_kind.items()):
        report["kinds"][kind] = _aggregate(rows)
    answerable = [r for rows in per_kind.values() for r in rows if r["answerable"]]
    report["answerable"] = _aggregate(answerable)
    unans = [r for rows in per_kind.values() for r in rows if not r["answerable"]]
    refusals = [r["refused"] for r in unans if r["refused"] is not None]
    report["unanswerable_refused"] = f"{sum(refusals)}/{len(unans)}" if refusals else "n/a"
    report["latency_ms"] = _percentiles(latencies)
    report["retrieval_latency_ms"] = _percentiles(retrieval_latencies)
    return report


def _aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in rows if r["answerable"]]
    out: dict[str, Any] = {"n": len(rows)}
    if answerable:
        ranks = [r["rank"] for r in answerable]
        out["hit@1"] = round(sum(1 for r in ranks if r == 1) / len(ranks), 3)
        out["hit@5"] = round(sum(1 for r in ranks if r and r <= 5) / len(ranks), 3)
        out["mrr"] = round(sum(1 / r for r in ranks if r) / len(ranks), 3)
        refused = [r["refused"] for r in answerable if r["refused"] is not None]
        if refused:
            out["answered"] = round(1 - sum(refused) / len(refused), 3)
            out["keywords"] = round(
                sum(1 for r in answerable if r["keywords_ok"] and not r["refused"])
                / len(answerable),
                3,
            )
            out["gold_quoted"] = round(
                sum(1 for r in answerable if r["gold_quoted"] and not r["refused"])
                / len(answerable),
                3,
            )
    else:
        refused = [r["refused"] for r in rows if r["refused"] is not None]
        out["refused"] = f"{sum(refused)}/{len(rows)}" if refused else "n/a"
    return out


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": round(statistics.median(ordered) * 1000, 1), "p95": round(p95 * 1000, 1)}


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Call fn and return (result, seconds)."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start
