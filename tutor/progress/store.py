"""The progress store: quiz attempts, readiness-check sessions and opt-in chat transcripts.

One :class:`ProgressStore` per database URL. The schema is migrated to the newest revision on
first use (locked, so several workers may start at once). Every write is one transaction: when
a method returns, the data is committed; when the database is unreachable it raises
:class:`ProgressUnavailable` with a German message and nothing is half-written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from alembic.util.exc import CommandError
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from tutor.checklist.result import ChecklistResult
from tutor.checklist.state import ChecklistState
from tutor.progress.db import create_progress_engine, migrate, sqlite_url
from tutor.progress.models import (
    AnswerRecord,
    AttemptRecord,
    ProgressUnavailable,
    SavedChecklist,
    TranscriptRecord,
)
from tutor.progress.tables import (
    ChecklistSessionRow,
    QuizAnswerRow,
    QuizAttemptRow,
    TranscriptRow,
)
from tutor.prompts import render
from tutor.quiz.session import QuizSession, summary
from tutor.settings import Settings

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time in UTC (the default clock; tests pass a frozen one)."""
    return datetime.now(UTC)


def database_url(settings: Settings) -> str:
    """TUTOR_DATABASE_URL, or the SQLite file in data_dir/db (outside the repo)."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return sqlite_url(settings.data_dir / "db" / "fortschritt.sqlite")


class ProgressStore:
    """Reads and writes learner progress under pseudonymous ids only."""

    def __init__(self, url: str, clock: Clock = utc_now) -> None:
        self.engine = create_progress_engine(url)
        self.clock = clock
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock = utc_now) -> ProgressStore:
        """The store for the configured database URL."""
        return cls(database_url(settings), clock)

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql' (never the URL: it may hold a password)."""
        return self.engine.dialect.name

    def open(self) -> ProgressStore:
        """Migrate the schema to head now (otherwise done on first use)."""
        with self._lock:
            if not self._ready:
                try:
                    migrate(self.engine)
                except DBAPIError as exc:
                    raise ProgressUnavailable(render("fortschritt", "fehler.datenbank")) from exc
                except CommandError as exc:
                    raise ProgressUnavailable(
                        render("fortschritt", "fehler.schema", grund=str(exc))
                    ) from exc
                self._ready = True
        return self

    def close(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One committed transaction; database errors become ProgressUnavailable."""
        self.open()
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise ProgressUnavailable(render("fortschritt", "fehler.datenbank")) from exc

    # -- quiz ---------------------------------------------------------------------------
    def record_quiz(self, learner: str, session: QuizSession, duration_s: int | None = None) -> int:
        """Store a finished quiz with every answer; returns the attempt id."""
        result = summary(session)
        by_id = {item.item_id: item for item in session.items}
        row = QuizAttemptRow(
            learner=learner,
            scope=session.scope.label()[:300],
            module=session.scope.module,
            source=session.scope.source,
            seed=session.seed,
            total=result.total,
            correct=result.correct,
            percent=result.percent,
            finished_at=self.clock(),
            duration_s=duration_s,
        )
        for position, answer in enumerate(session.answers):
            item = by_id[answer.item_id]
            row.answers.append(
                QuizAnswerRow(
                    position=position,
                    item_id=answer.item_id,
                    question=item.question,
                    module=item.module,
                    section=item.section,
                    location=item.source.location()[:1000],
                    given=answer.given,
                    correct=answer.correct,
                )
            )
        with self.transaction() as db:
            db.add(row)
            db.flush()
            return row.id

    def attempts(self, learner: str) -> list[AttemptRecord]:
        """All quiz attempts of a learner, oldest first."""
        query = (
            select(QuizAttemptRow)
            .where(QuizAttemptRow.learner == learner)
            .options(selectinload(QuizAttemptRow.answers))
            .order_by(QuizAttemptRow.finished_at, QuizAttemptRow.id)
        )
        with self.transaction() as db:
            return [_attempt(row) for row in db.scalars(query)]

    # -- readiness check ----------------------------------------------------------------
    def save_checklist(
        self, learner: str, state: ChecklistState, result: ChecklistResult | None = None
    ) -> None:
        """Save the learner's check: updates the open session, or starts a new record.

        A finished check stays as its own record; saving the same finished state again (the
        learner clicks "Ergebnis" once more) updates it instead of adding a copy.
        """
        now = self.clock()
        data = state.to_json()
        query = (
            select(ChecklistSessionRow)
            .where(ChecklistSessionRow.learner == learner)
            .order_by(ChecklistSessionRow.updated_at.desc(), ChecklistSessionRow.id.desc())
            .limit(1)
        )
        with self.transaction() as db:
            row = db.scalars(query).first()
            if row is None or (row.finished and row.state != data):
                row = ChecklistSessionRow(learner=learner, created_at=now)
                db.add(row)
            row.state = data
            row.answered = len(state.answers)
            row.finished = state.finished
            row.score = result.score if result and state.finished else None
            row.max_score = result.max_score if result and state.finished else None
            row.verdict = result.verdict if result and state.finished else None
            row.updated_at = now

    def open_checklist(self, learner: str) -> SavedChecklist | None:
        """The newest unfinished check of a learner (to offer "Fortsetzen"), if any."""
        return self._checklist(learner, finished=False)

    def last_result(self, learner: str) -> SavedChecklist | None:
        """The newest finished check of a learner, if any."""
        return self._checklist(learner, finished=True)

    def checklists(self, learner: str) -> list[SavedChecklist]:
        """All stored checks of a learner, oldest first."""
        query = (
            select(ChecklistSessionRow)
            .where(ChecklistSessionRow.learner == learner)
            .order_by(ChecklistSessionRow.created_at, ChecklistSessionRow.id)
        )
        with self.transaction() as db:
            return [_checklist(row) for row in db.scalars(query)]

    def _checklist(self, learner: str, finished: bool) -> SavedChecklist | None:
        query = (
            select(ChecklistSessionRow)
            .where(ChecklistSessionRow.learner == learner, ChecklistSessionRow.finished == finished)
            .order_by(ChecklistSessionRow.updated_at.desc(), ChecklistSessionRow.id.desc())
            .limit(1)
        )
        with self.transaction() as db:
            row = db.scalars(query).first()
            return _checklist(row) if row else None

    # -- chat transcripts (opt-in) ------------------------------------------------------
    def add_transcript(self, learner: str, question: str, answer: str) -> None:
        """Store one chat exchange (callers check TUTOR_STORE_TRANSCRIPTS first)."""
        with self.transaction() as db:
            db.add(
                TranscriptRow(
                    learner=learner, created_at=self.clock(), question=question, answer=answer
                )
            )

    def transcripts(self, learner: str) -> list[TranscriptRecord]:
        """Stored chat exchanges of a learner, oldest first."""
        query = (
            select(TranscriptRow)
            .where(TranscriptRow.learner == learner)
            .order_by(TranscriptRow.created_at, TranscriptRow.id)
        )
        with self.transaction() as db:
            return [
                TranscriptRecord(created_at=r.created_at, question=r.question, answer=r.answer)
                for r in db.scalars(query)
            ]


def _attempt(row: QuizAttemptRow) -> AttemptRecord:
    return AttemptRecord(
        id=row.id,
        scope=row.scope,
        module=row.module,
        source=row.source,
        total=row.total,
        correct=row.correct,
        percent=row.percent,
        finished_at=row.finished_at,
        duration_s=row.duration_s,
        answers=[
            AnswerRecord(
                item_id=a.item_id,
                question=a.question,
                module=a.module,
                section=a.section,
                location=a.location,
                given=a.given,
                correct=a.correct,
            )
            for a in row.answers
        ],
    )


def _checklist(row: ChecklistSessionRow) -> SavedChecklist:
    return SavedChecklist(
        id=row.id,
        state_json=row.state,
        answered=row.answered,
        finished=row.finished,
        score=row.score,
        max_score=row.max_score,
        verdict=row.verdict,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
