"""What the progress store gives out and deletes, on SQLite and a real PostgreSQL server.

A learner's export and deletion, the retention of chat transcripts and the anonymous
per-module aggregate for trainers. Every test runs on both backends (PostgreSQL is skipped
with the reason when it cannot start).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.progress_helpers import BACKENDS, FrozenClock, checklist_state, fresh_database, played
from tutor.progress import ProgressStore
from tutor.progress.aggregate import module_stats
from tutor.progress.privacy import cleanup_transcripts, delete_learner, export_learner

pytestmark = pytest.mark.integration


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A fresh, empty database of each backend."""
    return fresh_database(request.param, tmp_path)


def test_export_holds_everything_and_delete_removes_only_that_learner(db_url):
    store = ProgressStore(db_url)
    store.record_quiz("u-anna", played(1, correct=1, count=3))
    store.save_checklist("u-anna", checklist_state(4))
    store.add_transcript("u-anna", "Was ist KI?", "KI ist …")
    store.record_quiz("u-bert", played(1, correct=3, count=3))

    data = json.loads(json.dumps(export_learner(store, "u-anna")))
    assert data["kennung"] == "u-anna"
    assert len(data["quiz_versuche"]) == 1
    assert len(data["quiz_versuche"][0]["answers"]) == 3
    assert data["readiness_checks"][0]["zustand"]["answers"]["4"]["text"] == "jo 4"
    assert data["chat_verlaeufe"][0]["question"] == "Was ist KI?"
    assert "u-bert" not in json.dumps(data)

    gone = delete_learner(store, "u-anna")
    assert (gone.quiz_attempts, gone.quiz_answers, gone.checklist_sessions, gone.transcripts) == (
        1,
        3,
        1,
        1,
    )
    empty = export_learner(store, "u-anna")
    assert empty["quiz_versuche"] == empty["readiness_checks"] == empty["chat_verlaeufe"] == []
    assert len(store.attempts("u-bert")) == 1
    with store.engine.connect() as conn:  # no orphaned answers left behind
        assert conn.execute(text("SELECT count(*) FROM quiz_answers")).scalar() == 3


def test_retention_cleanup_deletes_only_expired_transcripts(db_url):
    clock = FrozenClock(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    store = ProgressStore(db_url, clock=clock)
    store.add_transcript("u-anna", "alt", "a")
    clock.now += timedelta(days=20)
    store.add_transcript("u-anna", "mittel", "b")
    store.record_quiz("u-anna", played(1, correct=2))
    clock.now += timedelta(days=15)  # "alt" is 35 days old, "mittel" 15

    assert cleanup_transcripts(store, retention_days=30).transcripts == 1
    assert [t.question for t in store.transcripts("u-anna")] == ["mittel"]
    assert len(store.attempts("u-anna")) == 1  # progress is not chat: kept
    clock.now += timedelta(days=16)
    assert cleanup_transcripts(store, retention_days=30).transcripts == 1
    assert store.transcripts("u-anna") == []


def test_trainer_aggregate_is_per_module_and_anonymous(db_url):
    store = ProgressStore(db_url)
    for learner, correct in (("u-a", 4), ("u-b", 2), ("u-c", 0)):
        store.record_quiz(learner, played(3, correct=correct, seed=5))
    store.record_quiz("u-a", played(5, correct=4, seed=5))
    stats = {s.module: s for s in module_stats(store, min_answers=3)}
    assert stats[3].attempts == 3
    assert stats[3].average_percent == 50.0
    assert stats[5].attempts == 1
    assert stats[5].average_percent == 100.0
    hardest = stats[3].hardest[0]
    assert (hardest.answered, hardest.wrong, hardest.wrong_percent) == (3, 2, 67)
    assert stats[5].hardest == []  # all right: nothing is "hard"
    assert "u-a" not in json.dumps([s.model_dump() for s in stats.values()])
