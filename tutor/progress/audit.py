"""Audit trail of course-material changes: upload, ingest and deletion of documents.

Entries live in the progress database (table ``material_changes``, Alembic revision 0003) so
they are backed up, migrated and moved to PostgreSQL together with the rest. Each entry names
the login (personal data), so ``tutor privacy`` exports them, makes them anonymous on erasure
and deletes them after TUTOR_AUDIT_RETENTION_DAYS.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from tutor.progress.models import ChangeAction, ChangeOutcome, MaterialChange
from tutor.progress.store import ProgressStore
from tutor.progress.tables import MaterialChangeRow

ERASED_ACTOR = "gelöschtes Konto"
MAX_FILES_TEXT = 20_000  # a folder of thousands of files must not make one huge row


def record_change(
    store: ProgressStore,
    actor: str,
    action: ChangeAction,
    files: list[str],
    outcome: ChangeOutcome,
    detail: str = "",
) -> MaterialChange:
    """Store one entry (committed when this returns) and return it."""
    entry = MaterialChange(
        created_at=store.clock(),
        actor=actor[:200],
        action=action,
        files=files,
        outcome=outcome,
        detail=detail,
    )
    files_json = json.dumps(files, ensure_ascii=False)
    if len(files_json) > MAX_FILES_TEXT:
        files_json = json.dumps(files[:200] + [f"… und {len(files) - 200} weitere"])
    with store.transaction() as db:
        db.add(
            MaterialChangeRow(
                created_at=entry.created_at,
                actor=entry.actor,
                action=action,
                files=files_json,
                outcome=outcome,
                detail=detail,
            )
        )
    return entry


def recent_changes(store: ProgressStore, limit: int = 50) -> list[MaterialChange]:
    """The newest entries first."""
    query = (
        select(MaterialChangeRow)
        .order_by(MaterialChangeRow.created_at.desc(), MaterialChangeRow.id.desc())
        .limit(limit)
    )
    with store.transaction() as db:
        return [_entry(row) for row in db.scalars(query)]


def changes_by(store: ProgressStore, actor: str) -> list[MaterialChange]:
    """Every entry of one login, oldest first (for a data-subject access request)."""
    query = (
        select(MaterialChangeRow)
        .where(MaterialChangeRow.actor == actor)
        .order_by(MaterialChangeRow.created_at, MaterialChangeRow.id)
    )
    with store.transaction() as db:
        return [_entry(row) for row in db.scalars(query)]


def cleanup_changes(store: ProgressStore, retention_days: int) -> int:
    """Delete entries older than ``retention_days``; returns how many."""
    cutoff = store.clock() - timedelta(days=retention_days)
    statement = delete(MaterialChangeRow).where(MaterialChangeRow.created_at < cutoff)
    with store.transaction() as db:
        return int(cast(CursorResult[Any], db.execute(statement)).rowcount)


def _entry(row: MaterialChangeRow) -> MaterialChange:
    try:
        files = [str(f) for f in json.loads(row.files)]
    except (ValueError, TypeError):
        files = [row.files]
    return MaterialChange(
        created_at=row.created_at,
        actor=row.actor,
        action=cast(ChangeAction, row.action),
        files=files,
        outcome=cast(ChangeOutcome, row.outcome),
        detail=row.detail,
    )
