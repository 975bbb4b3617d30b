"""Fit the context weights of conversational retrieval (tutor/retrieval/followup.py) on the
dev set, by cross-validation grouped by gold section.

Two kinds of conversation turn are judged by the MRR of the passage with a gold span:

- the dev follow-ups (they need the earlier turns); requests for examples or for more detail
  are left out, the service retrieves them on their context alone;
- *topic changes*: every answerable dev question that is not a follow-up, asked after an
  unrelated dev question (the one 37 places further on among them, from another gold section).
  They must keep their own ranking: a learner who changes the subject is no follow-up.

The objective is the follow-up MRR, provided topic changes lose at most ``TOLERANCE`` MRR
against their own ranking (a learner who changes the subject must not get the old topic).
Import :func:`fit` or run it alone:

    .venv/bin/python scripts/fit_conversation.py
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from answer_cv import DEV, FOLDS, gold_group  # noqa: E402

from tutor.answer.service import asks_for_examples  # noqa: E402
from tutor.evaluation import Question, load_questions, span_in  # noqa: E402
from tutor.retrieval.followup import (  # noqa: E402
    ContextWeights,
    applies_to_own_case,
    asks_to_elaborate,
    context_text,
    has_pro_form,
    opens_with_connective,
    own_terms,
    topic_words,
    with_aspects,
)
from tutor.retrieval.fusion import blend_fused  # noqa: E402
from tutor.retrieval.hybrid import HybridRetriever  # noqa: E402

SHIFT = 37
TOLERANCE = 0.01  # topic-change MRR the context may cost at most
GRID = {
    "base": (0.0, 0.1, 0.2, 0.3),
    "connective": (0.0, 0.2, 0.3, 0.4, 0.5, 0.6),
    "pro_form": (0.0, 0.2, 0.3, 0.4, 0.5, 0.6),
    "per_missing_term": (0.0, 0.05, 0.1, 0.15, 0.2),
}


@dataclass
class Turn:
    """One conversation turn with both fused rankings precomputed."""

    kind: str  # "followup" | "shift"
    question: str
    own: dict[int, float]  # fused scores of the question alone
    both: dict[int, float]  # … of the question in context
    gold: np.ndarray  # chunk holds a gold span
    connective: bool
    pro_form: bool
    terms: int
    group: str
    cache: dict[float, float] = dataclasses.field(default_factory=dict)

    def mrr(self, weight: float) -> float:
        key = round(weight, 4)
        if key not in self.cache:
            fused = blend_fused(self.own, self.both, weight) if weight else self.own
            order = sorted(fused, key=lambda i: (-fused[i], i))
            rank = next((r for r, i in enumerate(order, 1) if self.gold[i]), None)
            self.cache[key] = 1.0 / rank if rank else 0.0
        return self.cache[key]


def on_context_alone(question: str) -> bool:
    """Whether the service retrieves the question led by its context (no fitted blend weight):
    requests for examples or more detail, and the topic applied to the asker's own business."""
    return (
        asks_for_examples(question) or asks_to_elaborate(question) or applies_to_own_case(question)
    )


def weight_of(turn: Turn, w: ContextWeights) -> float:
    """The context weight of a turn (as tutor.retrieval.followup.context_weight)."""
    missing = max(0, w.terms - turn.terms)
    value = (
        w.base
        + w.connective * turn.connective
        + w.pro_form * turn.pro_form
        + w.per_missing_term * missing
    )
    return max(0.0, min(1.0, value))


def turns(retriever: HybridRetriever, base: ContextWeights) -> list[Turn]:
    """Follow-ups and topic changes of the dev set with their rankings."""
    snap = retriever.corpus.snapshot()
    questions = [q for q in load_questions(DEV) if q.answerable]
    others = [q for q in questions if not q.previous]

    def ranked(text: str) -> dict[int, float]:
        sig = retriever._signals(snap, text, None)
        return retriever._fuse(snap, sig, None, len(snap.chunks))

    def turn(kind: str, q: Question, previous: list[str]) -> Turn:
        context = context_text(previous, base.turns)
        r = retriever.retrieve(q.question, 1)
        gold = np.array([any(span_in(s, c.text) for s in q.gold_spans) for c in snap.chunks])
        topic = topic_words(q.question)  # as the service: searched without its request frame
        searched = with_aspects(topic, q.question)  # … and with the words of its aspects
        return Turn(
            kind,
            q.question,
            ranked(searched),
            ranked(f"{context} {searched}"),
            gold,
            opens_with_connective(q.question),
            has_pro_form(q.question),
            own_terms(topic, snap.doc_freq),
            gold_group(q, r),
        )

    # requests for examples or for more detail are retrieved on the context alone: no weight
    routed = [q for q in questions if q.previous and not on_context_alone(q.question)]
    out = [turn("followup", q, q.previous) for q in routed]
    groups = {q.id: gold_group(q, retriever.retrieve(q.question, 1)) for q in others}
    for i, q in enumerate(others):
        j = (i + SHIFT) % len(others)
        while groups[others[j].id] == groups[q.id]:
            j = (j + 1) % len(others)
        out.append(turn("shift", q, [others[j].question]))
    return out


def score(data: list[Turn], w: ContextWeights) -> tuple[float, float]:
    """(follow-up MRR, topic-change MRR)."""
    by_kind: dict[str, list[float]] = {"followup": [], "shift": []}
    for t in data:
        by_kind[t.kind].append(t.mrr(weight_of(t, w)))
    return float(np.mean(by_kind["followup"])), float(np.mean(by_kind["shift"]))


def best(data: list[Turn], base: ContextWeights) -> ContextWeights:
    """The grid point with the best follow-up MRR whose topic-change MRR stays within
    ``TOLERANCE`` of the question's own ranking (ties: the smaller weights)."""
    grid = [
        dataclasses.replace(base, **dict(zip(GRID, values, strict=True)))  # type: ignore[arg-type]
        for values in itertools.product(*GRID.values())
    ]
    alone = score(data, dataclasses.replace(base, **dict.fromkeys(GRID, 0.0)))[1]  # type: ignore[arg-type]
    scored = {w: score(data, w) for w in grid}
    allowed = [w for w in grid if scored[w][1] >= alone - TOLERANCE] or grid
    return max(allowed, key=lambda w: (scored[w][0], -sum(_values(w))))


def _values(w: ContextWeights) -> list[float]:
    return [getattr(w, k) for k in GRID]


def fit(retriever: HybridRetriever, base: ContextWeights) -> tuple[ContextWeights, dict]:
    """The fitted weights and their CV figures (follow-up and topic-change MRR)."""
    data = turns(retriever, base)
    groups = np.array([t.group for t in data])
    got: dict[str, list[float]] = {"followup": [], "shift": []}
    for train, test in GroupKFold(FOLDS).split(np.zeros(len(data)), groups=groups):
        w = best([data[i] for i in train], base)
        for i in test:
            got[data[i].kind].append(data[i].mrr(weight_of(data[i], w)))
    final = best(data, base)
    alone = score(data, dataclasses.replace(final, **dict.fromkeys(GRID, 0.0)))  # type: ignore[arg-type]
    figures = {
        "cv_followup_mrr": round(float(np.mean(got["followup"])), 3),
        "cv_topic_change_mrr": round(float(np.mean(got["shift"])), 3),
        "alone_followup_mrr": round(alone[0], 3),
        "alone_topic_change_mrr": round(alone[1], 3),
        "followups": len(got["followup"]),
        "topic_changes": len(got["shift"]),
    }
    return final, figures


if __name__ == "__main__":
    from tutor.container import Container
    from tutor.settings import load_settings

    fitted, cv = fit(Container(load_settings()).retriever, ContextWeights())
    print(fitted)
    print(cv)
