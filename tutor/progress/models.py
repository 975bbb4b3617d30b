"""Typed records the progress store returns (no ORM objects leave the store)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class ProgressUnavailable(RuntimeError):
    """The progress database cannot be reached or written; the message is German."""


class AnswerRecord(BaseModel):
    """One answered question of a stored quiz attempt."""

    item_id: str
    question: str
    module: int | None
    section: str | None
    location: str
    given: str
    correct: bool


class AttemptRecord(BaseModel):
    """A finished quiz as stored: scope, score, time and every answer."""

    id: int
    scope: str
    module: int | None
    source: str | None
    total: int
    correct: int
    percent: int
    finished_at: datetime
    duration_s: int | None = None
    answers: list[AnswerRecord] = Field(default_factory=list)


class SavedChecklist(BaseModel):
    """A stored readiness check: the engine's state (JSON) and, once finished, its result."""

    id: int
    state_json: str
    answered: int
    finished: bool
    score: int | None = None
    max_score: int | None = None
    verdict: str | None = None
    created_at: datetime
    updated_at: datetime


class TranscriptRecord(BaseModel):
    """One stored chat exchange (opt-in)."""

    created_at: datetime
    question: str
    answer: str


class ModuleProgress(BaseModel):
    """A learner's quiz results in one module."""

    module: int
    title: str
    attempts: int = 0
    best_percent: int | None = None
    last_percent: int | None = None
    last_at: datetime | None = None

    @property
    def started(self) -> bool:
        """At least one quiz finished in this module."""
        return self.attempts > 0


class WeakSection(BaseModel):
    """A section whose questions the learner got wrong, with counts."""

    location: str
    module: int | None
    wrong: int
    answered: int


SuggestionReason = Literal["schwach", "neu", "wiederholen"]


class Suggestion(BaseModel):
    """The module to work on next and why (weakest result, not yet started, or revision)."""

    module: int
    title: str
    reason: SuggestionReason
    percent: int | None = None


class ProgressReport(BaseModel):
    """Everything the "Mein Fortschritt" view shows."""

    modules: list[ModuleProgress]
    mixed_attempts: int = 0
    weak_sections: list[WeakSection] = Field(default_factory=list)
    suggestion: Suggestion | None = None
    total_attempts: int = 0
    open_checklist: SavedChecklist | None = None
    last_checklist: SavedChecklist | None = None


class HardQuestion(BaseModel):
    """A quiz question many learners got wrong (no learner data)."""

    item_id: str
    question: str
    answered: int
    wrong: int

    @property
    def wrong_percent(self) -> int:
        """Share of wrong answers in percent."""
        return round(100 * self.wrong / self.answered) if self.answered else 0


class ModuleStats(BaseModel):
    """Anonymous aggregate of one module for trainers."""

    module: int | None
    attempts: int
    average_percent: float
    hardest: list[HardQuestion] = Field(default_factory=list)


class DeletionSummary(BaseModel):
    """What ``tutor privacy delete`` / cleanup removed."""

    quiz_attempts: int = 0
    quiz_answers: int = 0
    checklist_sessions: int = 0
    transcripts: int = 0
    material_changes: int = 0  # audit entries removed (cleanup) or made anonymous (delete)

    @property
    def total(self) -> int:
        """All affected rows."""
        return (
            self.quiz_attempts
            + self.quiz_answers
            + self.checklist_sessions
            + self.transcripts
            + self.material_changes
        )


ChangeAction = Literal["upload", "ingest", "delete"]
ChangeOutcome = Literal["ok", "teilweise", "fehler"]


class MaterialChange(BaseModel):
    """One entry of the audit trail of course material: who, when, what, which files, result."""

    created_at: datetime
    actor: str
    action: ChangeAction
    files: list[str]
    outcome: ChangeOutcome
    detail: str = ""
