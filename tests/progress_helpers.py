"""Databases and data shared by the progress-store tests.

A fresh database per backend, a clock the test moves by hand, played quizzes and checklist
states.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.progress_pg import shared_server, skip_reason
from tests.unit.test_quiz_fixtures import generator
from tutor.checklist.state import ChecklistState, RecordedAnswer
from tutor.quiz.grading import option_letters
from tutor.quiz.models import QuizItem
from tutor.quiz.session import QuizSession, parse_scope, start_quiz, submit_answer

BACKENDS = ["sqlite", "postgresql"]


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def fresh_database(backend: str, tmp_path: Path) -> str:
    """URL of a fresh, empty database of ``backend`` (skips when PostgreSQL is missing)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'fortschritt.sqlite'}"
    server = shared_server()
    if server is None:
        pytest.skip(skip_reason())
    return server.create_database()


def right(item: QuizItem) -> str:
    if item.type == "mc":
        return option_letters(item.options)[item.correct_index]
    return item.answer


def wrong(item: QuizItem) -> str:
    if item.type == "mc":
        return option_letters(item.options)[(item.correct_index + 1) % len(item.options)]
    if item.type == "tf":
        return "Falsch" if item.answer == "Wahr" else "Wahr"
    return "Blumenkohl"


def played(module: int, correct: int, count: int = 4, seed: int = 7) -> QuizSession:
    """A finished quiz on ``module`` with the first ``correct`` answers right."""
    session = start_quiz(generator(), parse_scope(str(module)), count=count, seed=seed)
    n = 0
    while (item := session.current()) is not None:
        session, _ = submit_answer(session, right(item) if n < correct else wrong(item))
        n += 1
    return session


def checklist_state(answers: int, finished: bool = False) -> ChecklistState:
    recorded = {no: RecordedAnswer(label="ja", text=f"jo {no}") for no in range(1, answers + 1)}
    return ChecklistState(fingerprint="f" * 16, index=answers, answers=recorded, finished=finished)
