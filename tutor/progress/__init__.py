"""Learner progress: quiz attempts, saved readiness checks, opt-in chat transcripts.

Stored through SQLAlchemy (SQLite by default, PostgreSQL by URL) under pseudonymous ids only;
the schema is versioned with Alembic (``migrations/``) and upgraded when the store opens.
"""

from tutor.progress.compute import build_report
from tutor.progress.identity import Pseudonymizer, is_browser_id, new_browser_id
from tutor.progress.models import ProgressReport, ProgressUnavailable
from tutor.progress.store import ProgressStore, database_url

__all__ = [
    "ProgressReport",
    "ProgressStore",
    "ProgressUnavailable",
    "Pseudonymizer",
    "build_report",
    "database_url",
    "is_browser_id",
    "new_browser_id",
]
