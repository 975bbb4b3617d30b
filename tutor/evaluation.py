"""Retrieval and answer quality on a question set (``tutor eval``).

Gold passages are verbatim spans of the source text; a retrieved chunk counts as a hit when
it contains a span (whitespace and case normalised), or a long half of one when the span
straddles a chunk boundary. The answer figures of issue 21, each over the questions named:

- ``facts`` (answerable): the answer is not refused and contains every answer keyword;
- ``lead`` (answerable): the first quoted unit of the answer is *on point* (see
  :func:`unit_on_point`) and the answer is not refused;
- ``refused`` (answerable): share answered with coverage ``none``; ``partial`` the share
  answered with coverage ``partial`` (a correct answer then wrongly says something is missing);
- ``not_full`` (unanswerable): share answered with coverage ``none`` or ``partial``;
- ``followup`` (kind followup): not refused and one of the cited passages contains a gold
  span, i.e. the follow-up was resolved to the passage that answers it;
- ``chars_p50``: median answer length in characters (answerable, not refused);
- ``facts_top2`` (answerable): every answer keyword occurs in the two best retrieved passages,
  the ceiling a composer quoting from them can reach (the issue's 79 %);
- ``lead_top2`` (answerable): some sentence, line or paragraph of the two best passages is on
  point, the ceiling a composer leading from them can reach.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ingest.textkit import fold_for_search
from ingest.textkit.sentences import split_sentences

RANK_DEPTH = 10
ON_POINT_OVERLAP = 30  # characters a unit must share with a gold span (or the whole span)


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
    first_unit: str = ""  # the first quoted unit of the answer ("" if nothing is quoted)
    coverage: str | None = None  # full | partial | none; None: the system does not say
    cited_texts: list[str] = field(default_factory=list)  # whole passages of the citations


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
    """Folded for search (NFC, lower case), all whitespace (incl. U+202F/NBSP) collapsed."""
    return " ".join(fold_for_search(text).split())


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


def candidate_units(texts: list[str]) -> list[str]:
    """What a composer could quote first from these passages: every paragraph (a list with its
    lead-in, a case), every line and every sentence."""
    units: list[str] = []
    for text in texts:
        for paragraph in text.split("\n\n"):
            units.append(paragraph)
            for line in paragraph.splitlines():
                units.append(line)
                units.extend(split_sentences(line))
    return [u for u in units if u.strip()]


def unit_on_point(q: Question, unit: str) -> bool:
    """Whether a quoted unit answers the question: it shares at least ``ON_POINT_OVERLAP``
    characters with a gold span (the whole span if it is shorter), or it contains at least
    half of the answer keywords (at least one)."""
    u = norm(unit)
    if not u:
        return False
    for span in q.gold_spans:
        s = norm(span)
        match = SequenceMatcher(None, s, u, autojunk=False).find_longest_match()
        if match.size >= min(ON_POINT_OVERLAP, len(s)):
            return True
    found = sum(1 for k in q.answer_keywords if norm(k) in u)
    return bool(q.answer_keywords) and found >= math.ceil(len(q.answer_keywords) / 2)


def evaluate(questions: list[Question], system: System) -> dict[str, Any]:
    """Run a system over the questions and aggregate the metrics per kind and overall."""
    per_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    latencies, retrieval_latencies = [], []
    for q in questions:
        out = system(q)
        latencies.append(out.seconds)
        retrieval_latencies.append(out.retrieval_seconds)
        coverage = out.coverage or ("none" if out.refused else "full")
        per_kind[q.kind].append(
            {
                "id": q.id,
                "answerable": q.answerable,
                "rank": first_hit_rank(q, out.ranked_texts) if q.answerable else None,
                "refused": out.refused,
                "coverage": coverage,
                "keywords_ok": all(norm(k) in norm(out.answer) for k in q.answer_keywords),
                "top2_ok": all(
                    norm(k) in norm(" ".join(out.ranked_texts[:2])) for k in q.answer_keywords
                ),
                "gold_quoted": any(span_in(span, out.answer) for span in q.gold_spans),
                "lead_ok": q.answerable and unit_on_point(q, out.first_unit),
                "lead_top2_ok": q.answerable
                and any(unit_on_point(q, u) for u in candidate_units(out.ranked_texts[:2])),
                "cited_gold": q.answerable and first_hit_rank(q, out.cited_texts) is not None,
                "chars": len(out.answer),
            }
        )
    report: dict[str, Any] = {"kinds": {}, "n": len(questions)}
    for kind, rows in sorted(per_kind.items()):
        report["kinds"][kind] = _aggregate(rows)
    everything = [r for rows in per_kind.values() for r in rows]
    report["answerable"] = _aggregate([r for r in everything if r["answerable"]])
    unans = [r for r in everything if not r["answerable"]]
    refusals = [r["refused"] for r in unans if r["refused"] is not None]
    report["unanswerable_refused"] = f"{sum(refusals)}/{len(unans)}" if refusals else "n/a"
    report["unanswerable_not_full"] = _share([r["coverage"] != "full" for r in unans])
    followups = [r for r in per_kind.get("followup", []) if r["answerable"]]
    report["followup_resolved"] = _share(
        [bool(r["cited_gold"]) and not r["refused"] for r in followups]
    )
    report["latency_ms"] = _percentiles(latencies)
    report["retrieval_latency_ms"] = _percentiles(retrieval_latencies)
    return report


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 3) if flags else None


def _aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in rows if r["answerable"]]
    out: dict[str, Any] = {"n": len(rows)}
    if not answerable:
        refused = [r["refused"] for r in rows if r["refused"] is not None]
        out["refused"] = f"{sum(refused)}/{len(rows)}" if refused else "n/a"
        out["not_full"] = _share([r["coverage"] != "full" for r in rows])
        return out
    ranks = [r["rank"] for r in answerable]
    out["hit@1"] = round(sum(1 for r in ranks if r == 1) / len(ranks), 3)
    out["hit@5"] = round(sum(1 for r in ranks if r and r <= 5) / len(ranks), 3)
    out["mrr"] = round(sum(1 / r for r in ranks if r) / len(ranks), 3)
    answered = [r for r in answerable if not r["refused"]]
    out["answered"] = round(len(answered) / len(answerable), 3)
    out["refused"] = _share([r["coverage"] == "none" for r in answerable])
    out["partial"] = _share([r["coverage"] == "partial" for r in answerable])
    out["facts"] = _share([r["keywords_ok"] and not r["refused"] for r in answerable])
    out["facts_top2"] = _share([r["top2_ok"] for r in answerable])
    out["lead"] = _share([r["lead_ok"] and not r["refused"] for r in answerable])
    out["lead_top2"] = _share([r["lead_top2_ok"] for r in answerable])
    out["gold_quoted"] = _share([r["gold_quoted"] and not r["refused"] for r in answerable])
    out["chars_p50"] = int(statistics.median([r["chars"] for r in answered])) if answered else 0
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
