"""Data-subject rights and retention: export (DSGVO Art. 15), erasure (Art. 17), cleanup.

Functions over a :class:`ProgressStore`; each deletion is one transaction, so a failure
leaves everything as it was.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, delete, func, select
from sqlalchemy.orm import Session

from tutor.progress.models import DeletionSummary
from tutor.progress.store import ProgressStore
from tutor.progress.tables import (
    ChecklistSessionRow,
    QuizAnswerRow,
    QuizAttemptRow,
    TranscriptRow,
)

EXPORT_FORMAT = "ki-tutor-auskunft/1"


def export_learner(store: ProgressStore, learner: str) -> dict[str, Any]:
    """Everything stored for one pseudonymous learner id, as JSON-ready data."""
    checks = []
    for saved in store.checklists(learner):
        entry = saved.model_dump(mode="json", exclude={"state_json"})
        entry["zustand"] = json.loads(saved.state_json)
        checks.append(entry)
    return {
        "format": EXPORT_FORMAT,
        "kennung": learner,
        "erstellt": store.clock().isoformat(),
        "quiz_versuche": [a.model_dump(mode="json") for a in store.attempts(learner)],
        "readiness_checks": checks,
        "chat_verlaeufe": [t.model_dump(mode="json") for t in store.transcripts(learner)],
    }


def _deleted(db: Session, statement: Delete) -> int:
    """Rows removed by a DELETE (its cursor's row count)."""
    return int(cast(CursorResult[Any], db.execute(statement)).rowcount)


def delete_learner(store: ProgressStore, learner: str) -> DeletionSummary:
    """Erase every row of one learner in a single transaction; returns the counts."""
    attempt_ids = select(QuizAttemptRow.id).where(QuizAttemptRow.learner == learner)
    with store.transaction() as db:
        return DeletionSummary(
            quiz_answers=_deleted(
                db, delete(QuizAnswerRow).where(QuizAnswerRow.attempt_id.in_(attempt_ids))
            ),
            quiz_attempts=_deleted(
                db, delete(QuizAttemptRow).where(QuizAttemptRow.learner == learner)
            ),
            checklist_sessions=_deleted(
                db, delete(ChecklistSessionRow).where(ChecklistSessionRow.learner == learner)
            ),
            transcripts=_deleted(db, delete(TranscriptRow).where(TranscriptRow.learner == learner)),
        )


def cleanup_transcripts(store: ProgressStore, retention_days: int) -> DeletionSummary:
    """Delete chat transcripts older than ``retention_days`` (by the store's clock)."""
    cutoff = store.clock() - timedelta(days=retention_days)
    with store.transaction() as db:
        gone = _deleted(db, delete(TranscriptRow).where(TranscriptRow.created_at < cutoff))
        return DeletionSummary(transcripts=gone)


def count_learner_rows(store: ProgressStore, learner: str) -> DeletionSummary:
    """How many rows a deletion of this learner would remove (shown before asking)."""
    with store.transaction() as db:

        def count(model: Any, *where: Any) -> int:
            return int(db.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        attempt_ids = select(QuizAttemptRow.id).where(QuizAttemptRow.learner == learner)
        return DeletionSummary(
            quiz_attempts=count(QuizAttemptRow, QuizAttemptRow.learner == learner),
            quiz_answers=count(QuizAnswerRow, QuizAnswerRow.attempt_id.in_(attempt_ids)),
            checklist_sessions=count(ChecklistSessionRow, ChecklistSessionRow.learner == learner),
            transcripts=count(TranscriptRow, TranscriptRow.learner == learner),
        )
