"""Data-subject rights and retention: export (DSGVO Art. 15), erasure (Art. 17), cleanup.

Functions over a :class:`ProgressStore`; each deletion is one transaction, so a failure
leaves everything as it was.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Update, delete, func, select, update
from sqlalchemy.orm import Session

from tutor.progress.audit import ERASED_ACTOR, changes_by
from tutor.progress.models import DeletionSummary
from tutor.progress.store import ProgressStore
from tutor.progress.tables import (
    ChecklistSessionRow,
    MaterialChangeRow,
    QuizAnswerRow,
    QuizAttemptRow,
    TranscriptRow,
)

EXPORT_FORMAT = "ki-tutor-auskunft/1"


def export_learner(store: ProgressStore, learner: str, login: str | None = None) -> dict[str, Any]:
    """Everything stored for one pseudonymous learner id, as JSON-ready data; with ``login``
    also the audit-trail entries that name this login (material changes of a trainer)."""
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
        "materialaenderungen": [
            c.model_dump(mode="json") for c in (changes_by(store, login) if login else [])
        ],
    }


def _deleted(db: Session, statement: Delete | Update) -> int:
    """Rows removed by a DELETE (its cursor's row count)."""
    return int(cast(CursorResult[Any], db.execute(statement)).rowcount)


def delete_learner(store: ProgressStore, learner: str, login: str | None = None) -> DeletionSummary:
    """Erase every row of one learner in a single transaction; returns the counts. With
    ``login`` the audit trail keeps its entries but no longer names that login."""
    attempt_ids = select(QuizAttemptRow.id).where(QuizAttemptRow.learner == learner)
    with store.transaction() as db:
        summary = DeletionSummary(
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
        if login:
            summary.material_changes = _deleted(
                db,
                update(MaterialChangeRow)
                .where(MaterialChangeRow.actor == login)
                .values(actor=ERASED_ACTOR),
            )
    return summary


def cleanup_transcripts(store: ProgressStore, retention_days: int) -> DeletionSummary:
    """Delete chat transcripts older than ``retention_days`` (by the store's clock)."""
    cutoff = store.clock() - timedelta(days=retention_days)
    with store.transaction() as db:
        gone = _deleted(db, delete(TranscriptRow).where(TranscriptRow.created_at < cutoff))
        return DeletionSummary(transcripts=gone)


def count_learner_rows(
    store: ProgressStore, learner: str, login: str | None = None
) -> DeletionSummary:
    """How many rows a deletion of this learner would remove or make anonymous."""
    with store.transaction() as db:

        def count(model: Any, *where: Any) -> int:
            return int(db.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        attempt_ids = select(QuizAttemptRow.id).where(QuizAttemptRow.learner == learner)
        return DeletionSummary(
            quiz_attempts=count(QuizAttemptRow, QuizAttemptRow.learner == learner),
            quiz_answers=count(QuizAnswerRow, QuizAnswerRow.attempt_id.in_(attempt_ids)),
            checklist_sessions=count(ChecklistSessionRow, ChecklistSessionRow.learner == learner),
            transcripts=count(TranscriptRow, TranscriptRow.learner == learner),
            material_changes=count(MaterialChangeRow, MaterialChangeRow.actor == login)
            if login
            else 0,
        )
