"""Choose the refusal policy's unknown-noun penalty and confidence floor (``AnswerPolicy``) on
the dev set by cross-validation grouped by gold section.

Each dev question that gets no overview is answered without a refusal: what coverage the
answer would state (``full``/``partial``) and its refusal signals (best sentence cosine, the
unknown-noun share of its focus). A policy refuses when the cosine is below the floor or the
cosine minus penalty × share is below ``min_confidence``. Its errors are the answerable
questions it refuses (they lose all their facts) plus the unanswerable ones it lets through as
``full``. On 4/5 of the groups the grid point with the fewest errors is chosen (ties: the more
one that refuses more unanswerable questions); it is judged on the other fifth.

    PYTHONPATH=. python scripts/fit_refusal.py
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from answer_cv import DEV, FOLDS, gold_group  # noqa: E402

from tutor.answer.extractive import (  # noqa: E402
    AnswerPolicy,
    asked_unknown_share,
    assemble,
    compose_units,
)
from tutor.answer.overview import overview_answer  # noqa: E402
from tutor.answer.service import ANSWER_DEPTH  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import load_questions  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

PENALTIES = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
FLOORS = (0.78, 0.79, 0.80, 0.81)


@dataclass
class Case:
    """One dev question answered without a refusal."""

    answerable: bool
    coverage: str  # what the unrefused answer states: full | partial | none (nothing to quote)
    top: float
    share: float
    floor: float  # the best-sentence floor of its language
    group: str


def collect() -> list[Case]:
    """Every dev question that gets a quoted answer, as the refusal decision sees it."""
    container = Container(load_settings())
    service, policy = container.answers, AnswerPolicy()
    cases = []
    for q in load_questions(DEV):
        resolved, retrieval = service.retrieve(q.question, q.previous, k=ANSWER_DEPTH)
        if overview_answer(q.question, resolved, retrieval) is not None:
            continue
        chosen, missing = compose_units(q.question, resolved, retrieval)
        cover = (
            assemble(q.question, resolved, retrieval, chosen, missing, 0.0).coverage
            if chosen
            else "none"
        )
        share = asked_unknown_share(q.question, retrieval)
        floor = policy.floor(q.question)
        group = gold_group(q, retrieval)
        cases.append(Case(q.answerable, cover, retrieval.top_sentence, share, floor, group))
    return cases


def refusals(cases: list[Case], penalty: float, floor: float) -> list[bool]:
    """Whether the policy refuses each case."""
    return [
        c.coverage == "none" or c.top < c.floor or c.top - penalty * c.share < min(c.floor, floor)
        for c in cases
    ]


def errors(cases: list[Case], penalty: float, floor: float) -> tuple[int, int]:
    """(answerable refused, unanswerable answered in full) under one policy."""
    refused = refusals(cases, penalty, floor)
    wrong_refusals = sum(r for r, c in zip(refused, cases, strict=True) if c.answerable)
    let_through = sum(
        not r and c.coverage == "full"
        for r, c in zip(refused, cases, strict=True)
        if not c.answerable
    )
    return wrong_refusals, let_through


def best(cases: list[Case]) -> tuple[float, float]:
    """The grid point with the fewest errors; among equals the one that refuses the most
    unanswerable questions (a plain "not in the material" is clearer than a partial answer)."""
    grid = list(itertools.product(PENALTIES, FLOORS))

    def unanswered(p: tuple[float, float]) -> int:
        refused = refusals(cases, *p)
        return sum(r for r, c in zip(refused, cases, strict=True) if not c.answerable)

    return min(grid, key=lambda p: (sum(errors(cases, *p)), -unanswered(p), -p[1], -p[0]))


def main() -> None:
    cases = collect()
    groups = np.array([c.group for c in cases])
    refused = through = answerable = unanswerable = 0
    for train, test in GroupKFold(FOLDS).split(np.zeros(len(cases)), groups=groups):
        point = best([cases[i] for i in train])
        held = [cases[i] for i in test]
        r, t = errors(held, *point)
        refused, through = refused + r, through + t
        answerable += sum(c.answerable for c in held)
        unanswerable += sum(not c.answerable for c in held)
        print(f"fold: penalty {point[0]}, floor {point[1]} -> refused {r}, let through {t}")
    print(
        f"CV ({FOLDS}-fold, grouped by gold section): answerable refused {refused}/{answerable}"
        f" = {refused / answerable:.3f}, unanswerable answered in full {through}/{unanswerable}"
        f" = {through / unanswerable:.3f}"
    )
    penalty, floor = best(cases)
    print(f"all dev: penalty {penalty}, floor {floor}; errors {errors(cases, penalty, floor)}")
    current = AnswerPolicy()
    print(
        f"stored policy (penalty {current.unknown_penalty}, floor {current.min_confidence}):"
        f" errors {errors(cases, current.unknown_penalty, current.min_confidence)}"
    )


if __name__ == "__main__":
    main()
