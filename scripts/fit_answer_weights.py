"""Fit the unit weights and composition of the extractive answer on the dev set, by
cross-validation grouped by question, and write them to tutor/answer/data/answer_weights.json.

Every answerable dev question is retrieved as the tutor would (top_k passages, follow-ups
resolved). Its candidate units are labelled *on point* by the same rule ``tutor eval`` uses
(tutor.evaluation.unit_on_point). A logistic regression over the named features
(tutor.answer.features.FEATURES) is fitted on 4/5 of the questions and judged on the other
fifth by two figures: the lead (the best eligible unit is on point) and all key facts in the
composed answer. The composition (how close a runner-up must come, how many units) is chosen
the same way. The CV figures are printed and stored with the weights.

    .venv/bin/python scripts/fit_answer_weights.py [--questions tests/data/dev_questions.jsonl]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scipy.optimize import minimize  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from tutor.answer.compose import NEVER, Candidate, Composition, asks_for, candidates, select  # noqa: E402
from tutor.answer.features import FEATURES, WEIGHTS_FILE, Weights  # noqa: E402
from tutor.answer.service import ANSWER_DEPTH  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import Question, load_questions, norm, unit_on_point  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

ZERO = Weights(0.0, dict.fromkeys(FEATURES, 0.0))
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
KEEP_GRID = (1.0, 2.0, 3.0, 4.0, 6.0)
UNITS_GRID = (3, 4, 5)
BUDGET_GRID = (500, 600, 700)
MEDIAN_LIMIT = 540  # quoted characters; the answer adds its opening and [n] markers
MARGIN_GRID = (0.0, 0.5, 1.0)
PASSAGES_GRID = (3, 4, 5)


def collect(container: Container, questions: list[Question], passages: int) -> list[tuple]:
    """(question, resolved, candidates with zero weights, named documents) for every
    answerable question, retrieved as the tutor answers it."""
    service = container.answers
    out = []
    for q in questions:
        if not q.answerable:
            continue
        resolved, retrieval = service.retrieve(q.question, q.previous, k=ANSWER_DEPTH)
        own = service.own_vector(q.question, resolved)
        cands = candidates(retrieval, q.question, resolved, passages, ZERO, own)
        out.append((q, resolved, cands, retrieval.named_sources))
    return out


def matrix(rows: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, groups = [], [], []
    for i, (q, _, cands, _) in enumerate(rows):
        for c in cands:
            xs.append([c.values[f] for f in FEATURES])
            ys.append(int(unit_on_point(q, c.unit.text)))
            groups.append(i)
    return np.array(xs), np.array(ys), np.array(groups)


def rescored(cands: list[Candidate], model: Weights) -> list[Candidate]:
    return [dataclasses.replace(c, score=model.score(c.values)) for c in cands]


def judge(rows: list, model: Weights, plan: Composition) -> tuple[float, float, list[int]]:
    """(lead on point, all key facts, quoted lengths) over the rows, answers composed with
    ``model``."""
    lead = facts = 0
    lengths = []
    for q, resolved, cands, named in rows:
        chosen = select(rescored(cands, model), resolved, plan, named)
        text = " ".join(c.unit.text for c in chosen)
        lengths.append(len(text))
        if not chosen:
            continue
        lead += unit_on_point(q, chosen[0].unit.text)
        facts += all(norm(k) in norm(text) for k in q.answer_keywords)
    return lead / len(rows), facts / len(rows), lengths


def fit_pointwise(rows: list, c: float) -> Weights:
    """Logistic regression over all candidate units (on point or not)."""
    x, y, _ = matrix(rows)
    model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    coef = dict(zip(FEATURES, map(float, model.coef_[0]), strict=True))
    return Weights(float(model.intercept_[0]), coef)


def fit_listwise(rows: list, c: float) -> Weights:
    """Conditional logit: per question a softmax over the units that may lead, maximising
    the probability of the on-point ones (L2 penalty 1/C)."""
    data = []
    for q, resolved, cands, _ in rows:
        allowed = asks_for(resolved)
        lead_ok = [c for c in cands if not any(c.values[k] and k not in allowed for k in NEVER)]
        y = np.array([unit_on_point(q, c.unit.text) for c in lead_ok], dtype=bool)
        if y.any() and not y.all():
            data.append((np.array([[c.values[f] for f in FEATURES] for c in lead_ok]), y))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = w @ w / c, 2 * w / c
        for x, y in data:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            pos = p[y].sum()
            total -= np.log(pos)
            grad += p @ x - (p[y] @ x[y]) / pos
        return float(total), grad

    w = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B").x
    return Weights(0.0, dict(zip(FEATURES, map(float, w), strict=True)))


FITTERS = {"listwise": fit_listwise, "pointwise": fit_pointwise}


def cross_validate(
    rows: list, c: float, plan: Composition, method: str, folds: int = 5
) -> tuple[float, float, int]:
    """(lead, facts, median quoted length) of the held-out folds."""
    x, y, groups = matrix(rows)
    lead = facts = 0.0
    lengths: list[int] = []
    for train, test in GroupKFold(folds).split(x, y, groups):
        model = FITTERS[method]([rows[i] for i in sorted(set(groups[train]))], c)
        held = [rows[i] for i in sorted(set(groups[test]))]
        fold_lead, fold_facts, fold_lengths = judge(held, model, plan)
        lead += fold_lead * len(held)
        facts += fold_facts * len(held)
        lengths += fold_lengths
    return lead / len(rows), facts / len(rows), int(np.median(lengths))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=Path("tests/data/dev_questions.jsonl"))
    parser.add_argument("--write", action="store_true", help="write the weights file")
    parser.add_argument("--method", choices=sorted(FITTERS), default="listwise")
    args = parser.parse_args()
    container, questions = Container(load_settings()), load_questions(args.questions)
    by_passages = {n: collect(container, questions, n) for n in PASSAGES_GRID}
    rows = by_passages[PASSAGES_GRID[0]]
    print(f"{len(rows)} answerable questions")
    overlap_only = Weights(0.0, {**dict.fromkeys(FEATURES, 0.0), "overlap": 1.0})
    base_lead, base_facts, _ = judge(rows, overlap_only, Composition())
    print(f"overlap only (no fit): lead {base_lead:.3f} facts {base_facts:.3f}")
    first: dict[tuple[int, float], tuple[float, float, int]] = {}
    for n, c in itertools.product(PASSAGES_GRID, C_GRID):
        first[(n, c)] = cross_validate(by_passages[n], c, Composition(passages=n), args.method)
        print(f"passages={n} C={c}: CV lead {first[(n, c)][0]:.3f}, facts {first[(n, c)][1]:.3f}")
    n, c = max(first, key=lambda k: (first[k][0], first[k][1]))
    rows = by_passages[n]
    margins = {
        m: cross_validate(rows, c, Composition(passages=n, form_margin=m), args.method)
        for m in MARGIN_GRID
    }
    for m, (lead, facts, _) in margins.items():
        print(f"form margin {m}: CV lead {lead:.3f}, CV facts {facts:.3f}")
    fm = max(margins, key=lambda k: (margins[k][0], margins[k][1], -k))
    plans = {}
    for keep, units, budget in itertools.product(KEEP_GRID, UNITS_GRID, BUDGET_GRID):
        plan = Composition(passages=n, keep=keep, max_units=units, budget=budget, form_margin=fm)
        plans[plan] = cross_validate(rows, c, plan, args.method)
        lead, facts, median = plans[plan]
        print(
            f"keep={keep} units={units} budget={budget}: CV lead {lead:.3f}, "
            f"facts {facts:.3f}, median {median}"
        )
    fitting = [p for p in plans if plans[p][2] <= MEDIAN_LIMIT]
    plan = max(fitting, key=lambda p: (plans[p][1], plans[p][0], -p.budget))
    cv_lead, cv_facts, cv_median = plans[plan]
    final = FITTERS[args.method](rows, c)
    train_lead, train_facts, _ = judge(rows, final, plan)
    print(
        f"chosen C={c} {plan}: CV lead {cv_lead:.3f} facts {cv_facts:.3f} median {cv_median};"
        f" on all dev (train) lead {train_lead:.3f} facts {train_facts:.3f}"
    )
    for f in FEATURES:
        print(f"  {f:<18}{final.by_feature[f]:+.3f}")
    if args.write:
        data = {
            "about": "Unit weights and composition of the extractive answer, fitted by "
            "scripts/fit_answer_weights.py on the dev set (5-fold CV grouped by question).",
            "bias": round(final.bias, 4),
            "weights": {f: round(final.by_feature[f], 4) for f in FEATURES},
            "composition": {
                k: v for k, v in dataclasses.asdict(plan).items() if k != "type_margin"
            },
            "cv": {
                "questions": len(rows),
                "method": args.method,
                "C": c,
                "lead": round(cv_lead, 3),
                "facts": round(cv_facts, 3),
                "median_quoted_chars": cv_median,
                "train_lead": round(train_lead, 3),
                "train_facts": round(train_facts, 3),
            },
        }
        WEIGHTS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        print(f"written: {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
