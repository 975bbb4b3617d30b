"""Anonymous results per module for trainers: attempts, average score, hardest questions.

Only counts and averages over all learners leave this module: no learner id, no answer text.
"""

from __future__ import annotations

import json
from collections import Counter

from pydantic import BaseModel, Field
from sqlalchemy import Integer, case, func, select

from tutor.progress.models import HardQuestion, ModuleStats
from tutor.progress.store import ProgressStore
from tutor.progress.tables import ChecklistSessionRow, QuizAnswerRow, QuizAttemptRow

MIN_ANSWERS = 3  # a question needs this many answers before it can be called "hard"
TOP_QUESTIONS = 5


def module_stats(
    store: ProgressStore, min_answers: int = MIN_ANSWERS, top: int = TOP_QUESTIONS
) -> list[ModuleStats]:
    """Per module (None = mixed quizzes): attempts, average percent, hardest questions."""
    per_module = (
        select(
            QuizAttemptRow.module,
            func.count(QuizAttemptRow.id),
            func.avg(QuizAttemptRow.percent),
        )
        .group_by(QuizAttemptRow.module)
        .order_by(QuizAttemptRow.module)
    )
    wrong = func.sum(case((QuizAnswerRow.correct.is_(False), 1), else_=0)).cast(Integer)
    per_question = (
        select(
            QuizAnswerRow.module,
            QuizAnswerRow.item_id,
            func.max(QuizAnswerRow.question),
            func.count(QuizAnswerRow.id),
            wrong,
        )
        .group_by(QuizAnswerRow.module, QuizAnswerRow.item_id)
        .having(func.count(QuizAnswerRow.id) >= min_answers)
    )
    with store.transaction() as db:
        modules = list(db.execute(per_module))
        questions = list(db.execute(per_question))
    hardest: dict[int | None, list[HardQuestion]] = {}
    for module, item_id, question, answered, wrong_count in questions:
        if wrong_count:
            hardest.setdefault(module, []).append(
                HardQuestion(
                    item_id=item_id, question=question, answered=answered, wrong=wrong_count
                )
            )
    stats = []
    for module, attempts, average in modules:
        ranked = sorted(
            hardest.get(module, []),
            key=lambda q: (-q.wrong / q.answered, -q.answered, q.question),
        )
        stats.append(
            ModuleStats(
                module=module,
                attempts=attempts,
                average_percent=round(float(average or 0), 1),
                hardest=ranked[:top],
            )
        )
    # modules in course order, mixed quizzes last
    return sorted(stats, key=lambda s: (s.module is None, s.module or 0))


class ChecklistStats(BaseModel):
    """Anonymous aggregate of all finished readiness checks (no learner, no answer text)."""

    checks: int = 0
    scores: list[int] = Field(default_factory=list, description="One score per finished check.")
    not_yes: dict[int, int] = Field(
        default_factory=dict, description="Question number → checks answering Nein or unklar."
    )


def checklist_stats(store: ProgressStore) -> ChecklistStats:
    """Scores of all finished checks and how often each question was answered Nein/unklar."""
    query = select(ChecklistSessionRow.state, ChecklistSessionRow.score).where(
        ChecklistSessionRow.finished.is_(True)
    )
    with store.transaction() as db:
        rows = list(db.execute(query))
    counts: Counter[int] = Counter()
    scores: list[int] = []
    for state, score in rows:
        scores.append(int(score or 0))
        try:
            answers = json.loads(state).get("answers", {})
        except (ValueError, AttributeError):
            continue  # a damaged state still counts with its score
        counts.update(int(no) for no, a in answers.items() if a.get("label") in ("nein", "unklar"))
    return ChecklistStats(checks=len(rows), scores=scores, not_yes=dict(counts))
