"""SQLAlchemy 2 tables of the progress database (the schema at Alembic revision head).

Migrations in ``migrations/versions`` never import this module: they spell out each schema
step, so an old database can always be brought to head. Keep both in step.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

PSEUDONYM_LEN = 64


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use an aware UTC time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the progress tables."""


class QuizAttemptRow(Base):
    """One finished quiz of one learner (pseudonymous id only)."""

    __tablename__ = "quiz_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner: Mapped[str] = mapped_column(String(PSEUDONYM_LEN), index=True)
    scope: Mapped[str] = mapped_column(String(300))
    module: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(300))
    seed: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer)
    percent: Mapped[int] = mapped_column(Integer)
    finished_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    duration_s: Mapped[int | None] = mapped_column(Integer)  # revision 0002
    answers: Mapped[list[QuizAnswerRow]] = relationship(
        back_populates="attempt",
        cascade="all, delete-orphan",
        order_by="QuizAnswerRow.position",
        passive_deletes=True,
    )


class QuizAnswerRow(Base):
    """One question of an attempt: what it asked, where it comes from, what was answered."""

    __tablename__ = "quiz_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    question: Mapped[str] = mapped_column(Text)
    module: Mapped[int | None] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(String(500))
    location: Mapped[str] = mapped_column(String(1000))
    given: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean)
    attempt: Mapped[QuizAttemptRow] = relationship(back_populates="answers")


class ChecklistSessionRow(Base):
    """A readiness check of one learner: the engine's JSON state and, once done, its result."""

    __tablename__ = "checklist_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner: Mapped[str] = mapped_column(String(PSEUDONYM_LEN), index=True)
    state: Mapped[str] = mapped_column(Text)
    answered: Mapped[int] = mapped_column(Integer)
    finished: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[int | None] = mapped_column(Integer)
    max_score: Mapped[int | None] = mapped_column(Integer)
    verdict: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TranscriptRow(Base):
    """One chat question and answer (only stored when TUTOR_STORE_TRANSCRIPTS is on; 0002)."""

    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner: Mapped[str] = mapped_column(String(PSEUDONYM_LEN), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)


class MaterialChangeRow(Base):
    """Audit trail: one upload, ingest or deletion of course material (revision 0003).

    ``actor`` is the login name (or a fixed label without login); ``files`` a JSON list.
    """

    __tablename__ = "material_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(20))
    files: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)
