"""Fit everything the extractive answer learns from the dev set, by cross-validation grouped by
gold section, and write it to tutor/answer/data/answer_weights.json (the one data file):

1. the context weights of conversational retrieval (scripts/fit_conversation.py);
2. the unit weights: a conditional logit per question over the named unit features
   (tutor.answer.features.FEATURES), maximising the probability of the on-point units;
3. the composition (passages, runner-up distance, units, budget, sentences that follow the
   lead), chosen by CV facts with the median quoted length at most MEDIAN_LIMIT;
4. the coverage model (scripts/fit_coverage.py) on the features of the CV answers.

Every figure printed and stored is a cross-validated one (models fitted on 4/5, judged on the
rest), except the ``train_*`` figures. The held-out sets are never read.

    .venv/bin/python scripts/fit_answer_weights.py [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_conversation  # noqa: E402
import fit_coverage  # noqa: E402
from answer_cv import FOLDS, Row, fit_listwise, load_dev, split_figures  # noqa: E402

from tutor.answer import service as service_module  # noqa: E402
from tutor.answer.compose import Composition, select  # noqa: E402
from tutor.answer.coverage import CoverageModel  # noqa: E402
from tutor.answer.extractive import (  # noqa: E402
    AnswerPolicy,
    answer_signals,
    compose_units,
    extractive_answer,
)
from tutor.answer.features import FEATURES, WEIGHTS_FILE, Weights  # noqa: E402
from tutor.answer.models import Answer  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import norm, unit_on_point  # noqa: E402
from tutor.retrieval.followup import ContextWeights  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

C_GRID = (0.3, 1.0, 3.0, 10.0)
PASSAGES_GRID = (3, 4)
KEEP_GRID = (1.0, 2.0, 3.0, 6.0)
UNITS_GRID = (3, 4, 5)
BUDGET_GRID = (500, 600, 700)
FOLLOW_GRID = (0, 1, 2)
MEDIAN_LIMIT = 540  # quoted characters; the answer adds its opening and [n] markers
NEVER_PARTIAL = CoverageModel(threshold=1.0)


def fold_models(rows: list[Row], c: float) -> list[tuple[list[int], Weights]]:
    """(test indices, weights fitted on the other folds) for every fold."""
    groups = np.array([r.group for r in rows])
    out = []
    for train, test in GroupKFold(FOLDS).split(np.zeros(len(rows)), groups=groups):
        out.append((list(test), fit_listwise([rows[i] for i in train], c)))
    return out


def judge(
    rows: list[Row], folds: list[tuple[list[int], Weights]], plan: Composition
) -> tuple[float, float, int]:
    """Fast CV judge of a plan on the answerable rows: (lead, facts, median quoted length),
    units selected from the stored candidates (no typed search, no refusal)."""
    lead = facts = n = 0
    lengths = []
    for test, model in folds:
        for i in test:
            row = rows[i]
            if not row.q.answerable:
                continue
            cands = [dataclasses.replace(c, score=model.score(c.values)) for c in row.cands]
            chosen = select(cands, row.q.question, plan, row.retrieval.named_sources)
            text = " ".join(c.unit.text for c in chosen)
            n += 1
            lengths.append(len(text))
            if chosen:
                lead += unit_on_point(row.q, chosen[0].unit.text)
                facts += all(norm(k) in norm(text) for k in row.q.answer_keywords)
    return lead / n, facts / n, int(np.median(lengths))


def full_cv(
    rows: list[Row], folds: list[tuple[list[int], Weights]], plan: Composition
) -> tuple[dict[str, Answer], list[fit_coverage.Sample]]:
    """CV answers through the whole pipeline (never partial by the model) and the coverage
    samples of the same answers."""
    policy = AnswerPolicy()
    answers: dict[str, Answer] = {}
    samples = []
    for test, model in folds:
        for i in test:
            r = rows[i]
            a = extractive_answer(
                r.q.question, r.resolved, r.retrieval, policy, r.own, model, plan, NEVER_PARTIAL
            )
            answers[r.q.id] = a
            chosen, missing = compose_units(
                r.q.question, r.resolved, r.retrieval, r.own, model, plan
            )
            values = answer_signals(r.q.question, r.retrieval, chosen).values if chosen else {}
            samples.append(
                fit_coverage.Sample(
                    r.q.id,
                    r.group,
                    values,
                    not r.q.answerable,
                    a.refused or missing is not None or not chosen,
                )
            )
    return answers, samples


def with_coverage(answers: dict[str, Answer], marked: dict[str, bool]) -> dict[str, Answer]:
    """The answers with the coverage the CV model gave them (opening unchanged)."""
    return {
        k: (a.model_copy(update={"coverage": "partial"}) if marked.get(k) else a)
        for k, a in answers.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="write the weights file")
    args = parser.parse_args()
    container = Container(load_settings())
    stored = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    conv, conv_cv = fit_conversation.fit(
        container.retriever, ContextWeights(**stored.get("conversation", {}))
    )
    print(f"conversation: {conv}\n  CV {conv_cv}", flush=True)
    # the rows use the fitted weights
    setattr(service_module, "conversation", lambda path=WEIGHTS_FILE: conv)  # noqa: B010
    by_passages = {n: load_dev(container.answers, n) for n in PASSAGES_GRID}
    first = {}
    for n, c in itertools.product(PASSAGES_GRID, C_GRID):
        first[(n, c)] = judge(
            by_passages[n],
            fold_models(by_passages[n], c),
            Composition(passages=n, keep=3.0, max_units=3, budget=700, follow=1),
        )
        print(
            f"passages={n} C={c}: CV lead {first[(n, c)][0]:.3f} facts {first[(n, c)][1]:.3f}",
            flush=True,
        )
    n, c = max(first, key=lambda k: (first[k][0], first[k][1]))
    rows = by_passages[n]
    folds = fold_models(rows, c)
    plans = {}
    for keep, units, budget, follow in itertools.product(
        KEEP_GRID, UNITS_GRID, BUDGET_GRID, FOLLOW_GRID
    ):
        plan = Composition(passages=n, keep=keep, max_units=units, budget=budget, follow=follow)
        plans[plan] = judge(rows, folds, plan)
    fitting = [p for p in plans if plans[p][2] <= MEDIAN_LIMIT]
    plan = max(fitting, key=lambda p: (plans[p][1], plans[p][0], -p.budget, -p.max_units))
    print(
        f"chosen C={c} {plan}: fast CV lead {plans[plan][0]:.3f} "
        f"facts {plans[plan][1]:.3f} median {plans[plan][2]}",
        flush=True,
    )
    answers, samples = full_cv(rows, folds, plan)
    marked = fit_coverage.cross_validate(samples)
    cov_cv = fit_coverage.figures(samples, marked)
    figures = split_figures(rows, with_coverage(answers, marked))
    print(f"coverage CV {cov_cv}")
    for part, figs in figures.items():
        print(f"CV {part}: {figs}")
    final = fit_listwise(rows, c)
    coverage = fit_coverage.fit_model(samples)
    print(f"coverage model {coverage}")
    for f in FEATURES:
        print(f"  {f:<18}{final.by_feature[f]:+.3f}")
    if args.write:
        data: dict[str, Any] = {
            "about": "Fitted by scripts/fit_answer_weights.py on the dev set "
            "(5-fold CV grouped by gold section).",
            "bias": round(final.bias, 4),
            "weights": {f: round(final.by_feature[f], 4) for f in FEATURES},
            "composition": {
                k: v for k, v in dataclasses.asdict(plan).items() if k != "type_margin"
            },
            "conversation": dataclasses.asdict(conv),
            "coverage": {
                "bias": round(coverage.bias, 4),
                "weights": {k: round(v, 4) for k, v in coverage.weights.items()},
                "threshold": round(coverage.threshold, 4),
            },
            "cv": {"C": c, "conversation": conv_cv, "coverage": cov_cv, "answers": figures},
        }
        WEIGHTS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        print(f"written: {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
