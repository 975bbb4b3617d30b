"""Shared by ``fit_answer_weights.py`` and ``ablate_answers.py``: the dev set with its
cross-validation folds, the candidate units of every question, the listwise fit of the unit
weights, and the issue-21 figures of answers composed with given weights.

Folds are grouped by the *gold section* of a question (the section of the passage that holds
its first gold span; an unanswerable question is its own group), so two questions about the
same passage are never split between training and test. The 90 questions dev-149 … dev-238
were added after round 1 of issue 21 and never seen by it: ``is_new`` marks them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.model_selection import GroupKFold

from tutor.answer import compose as compose_module
from tutor.answer.compose import Candidate, Composition, asks_for, candidates
from tutor.answer.extractive import AnswerPolicy, extractive_answer
from tutor.answer.features import FEATURES, Weights
from tutor.answer.models import Answer
from tutor.answer.service import ANSWER_DEPTH, AnswerService
from tutor.evaluation import Outcome, Question, evaluate, load_questions, span_in, unit_on_point
from tutor.retrieval.hybrid import Retrieval

DEV = Path("tests/data/dev_questions.jsonl")
NEW_FROM = 149  # dev-149 … dev-238: written after round 1, never seen by it
FOLDS = 5
ZERO = Weights(0.0, dict.fromkeys(FEATURES, 0.0))


def is_new(q: Question) -> bool:
    """Whether a dev question is one of the 90 written after round 1."""
    return int(q.id.rsplit("-", 1)[1]) >= NEW_FROM


@dataclass
class Row:
    """One dev question as the tutor sees it: resolved, retrieved, its candidate units."""

    q: Question
    resolved: str
    retrieval: Retrieval
    own: np.ndarray | None
    cands: list[Candidate]  # features only (zero weights), for fitting
    group: str


def gold_group(q: Question, retrieval: Retrieval) -> str:
    """The CV group of a question: the section of the first passage holding a gold span."""
    snap = retrieval.snapshot
    if not q.answerable or snap is None:
        return q.id
    for chunk in snap.chunks:
        if any(span_in(span, chunk.text) for span in q.gold_spans):
            return f"{chunk.source}|{chunk.module}|{chunk.chapter}|{chunk.section}"
    return q.id


def collect(service: AnswerService, questions: list[Question], passages: int) -> list[Row]:
    """Every question retrieved as the tutor answers it, with its candidates."""
    rows = []
    for q in questions:
        resolved, retrieval = service.retrieve(q.question, q.previous, k=ANSWER_DEPTH)
        own = service.own_vector(q.question, resolved)
        cands = candidates(retrieval, q.question, resolved, passages, ZERO, own)
        rows.append(Row(q, resolved, retrieval, own, cands, gold_group(q, retrieval)))
    return rows


def load_dev(service: AnswerService, passages: int) -> list[Row]:
    """The dev rows (all 238 questions)."""
    return collect(service, load_questions(DEV), passages)


def conditional_logit(sets: list[tuple[np.ndarray, np.ndarray]], c: float, dim: int) -> np.ndarray:
    """Weights of a conditional logit over ``sets`` of (unit features, on-point mask): per set a
    softmax over its units, maximising the probability of the on-point ones (L2 penalty 1/C)."""

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = w @ w / c, 2 * w / c
        for x, y in sets:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            pos = p[y].sum()
            total -= np.log(pos)
            grad += p @ x - (p[y] @ x[y]) / pos
        return float(total), grad

    return np.asarray(minimize(loss, np.zeros(dim), jac=True, method="L-BFGS-B").x)


def fit_listwise(rows: Iterable[Row], c: float, names: tuple[str, ...] = FEATURES) -> Weights:
    """Conditional logit: per answerable question a softmax over the units that may lead,
    maximising the probability of the on-point ones (L2 penalty 1/C). Features not in
    ``names`` keep weight 0 (an ablation)."""
    data = []
    for row in rows:
        if not row.q.answerable:
            continue
        allowed = asks_for(row.q.question)
        lead_ok = [c for c in row.cands if compose_module.may_lead(c, allowed)]
        y = np.array([unit_on_point(row.q, c.unit.text) for c in lead_ok], dtype=bool)
        if y.any() and not y.all():
            x = np.array([[c.values[f] for f in names] for c in lead_ok])
            data.append((x, y))

    w = conditional_logit(data, c, len(names))
    fitted = dict(zip(names, map(float, w), strict=True))
    return Weights(0.0, {f: fitted.get(f, 0.0) for f in FEATURES})


def answer(
    row: Row, model: Weights | None, plan: Composition | None, policy: AnswerPolicy
) -> Answer:
    """The tutor's answer to one row, composed with the given weights and plan."""
    return extractive_answer(
        row.q.question, row.resolved, row.retrieval, policy, row.own, model, plan
    )


Fitter = Callable[[list[Row]], Any]
Composer = Callable[[Row, Any], Answer]


def cross_validated(rows: list[Row], fit: Fitter, compose: Composer) -> dict[str, Answer]:
    """Answers of every row, each composed with what ``fit`` learnt on the other folds."""
    out: dict[str, Answer] = {}
    groups = np.array([r.group for r in rows])
    for train, test in GroupKFold(FOLDS).split(np.zeros(len(rows)), groups=groups):
        fitted = fit([rows[i] for i in train])
        for i in test:
            out[rows[i].q.id] = compose(rows[i], fitted)
    return out


def report(rows: list[Row], answers: dict[str, Answer]) -> dict[str, Any]:
    """tutor.evaluation's report of ``answers`` over ``rows``."""
    by_id = {r.q.id: r for r in rows}

    def system(q: Question) -> Outcome:
        row, a = by_id[q.id], answers[q.id]
        return Outcome(
            [h.chunk.text for h in row.retrieval.hits],
            a.refused,
            a.answer,
            0.0,
            0.0,
            first_unit=a.lead,
            coverage=a.coverage,
            cited_texts=[c.passage for c in a.citations],
        )

    return evaluate([r.q for r in rows], system)


def figures(rows: list[Row], answers: dict[str, Answer]) -> dict[str, Any]:
    """The issue-21 figures of ``answers`` over ``rows`` (tutor.evaluation)."""
    rep = report(rows, answers)
    ans = rep["answerable"]
    return {
        "hit@1": ans.get("hit@1"),
        "hit@5": ans.get("hit@5"),
        "mrr": ans.get("mrr"),
        "facts": ans.get("facts"),
        "lead": ans.get("lead"),
        "unans": rep["unanswerable_not_full"],
        "refused": ans.get("refused"),
        "partial": ans.get("partial"),
        "followup": rep["followup_resolved"],
        "chars": ans.get("chars_p50"),
        "para_hit5": rep["kinds"].get("paraphrase", {}).get("hit@5"),
    }


def split_figures(rows: list[Row], answers: dict[str, Answer]) -> dict[str, dict[str, Any]]:
    """Figures on the 90 new questions, the 148 earlier ones and all 238."""
    new = [r for r in rows if is_new(r.q)]
    old = [r for r in rows if not is_new(r.q)]
    return {
        "new90": figures(new, answers),
        "old148": figures(old, answers),
        "all": figures(rows, answers),
    }


def replan(plan: Composition, **changes: Any) -> Composition:
    """A copy of ``plan`` with some fields changed."""
    return dataclasses.replace(plan, **changes)
