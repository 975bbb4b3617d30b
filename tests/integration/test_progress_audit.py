"""The audit trail of material changes in the progress database, on SQLite and PostgreSQL.

Entries are written and read back in order, survive the upgrade from the previous schema,
and are covered by `tutor privacy`: export by login, erasure (the entry stays, the name goes)
and the retention cleanup.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.progress_helpers import BACKENDS, FrozenClock, fresh_database, played
from tutor.progress import ProgressStore
from tutor.progress.audit import ERASED_ACTOR, cleanup_changes, recent_changes, record_change
from tutor.progress.db import current_revision, head_revision, migrate
from tutor.progress.privacy import count_learner_rows, delete_learner, export_learner

pytestmark = pytest.mark.integration
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A fresh, empty database of each backend."""
    return fresh_database(request.param, tmp_path)


def fill(store: ProgressStore, clock: FrozenClock) -> None:
    record_change(store, "anna", "upload", ["lager.pdf", "notiz.docx"], "teilweise",
                  "abgelehnt: notiz.docx")  # fmt: skip
    clock.now += timedelta(minutes=1)
    record_change(store, "anna", "ingest", ["lager.pdf"], "ok", "1 Dateien, 12 Abschnitte neu")
    clock.now += timedelta(minutes=1)
    record_change(store, "carla", "delete", ["alt.pdf"], "ok", "alt.pdf ist entfernt")


def test_entries_come_back_newest_first_with_every_field(db_url):
    clock = FrozenClock(START)
    store = ProgressStore(db_url, clock=clock)
    fill(store, clock)
    entries = recent_changes(store)
    assert [(e.actor, e.action, e.outcome) for e in entries] == [
        ("carla", "delete", "ok"),
        ("anna", "ingest", "ok"),
        ("anna", "upload", "teilweise"),
    ]
    assert entries[2].files == ["lager.pdf", "notiz.docx"]
    assert entries[2].detail == "abgelehnt: notiz.docx"
    assert entries[2].created_at == START
    assert len(recent_changes(store, limit=2)) == 2


def test_privacy_export_erasure_and_cleanup_cover_the_trail(db_url):
    clock = FrozenClock(START)
    store = ProgressStore(db_url, clock=clock)
    fill(store, clock)
    store.record_quiz("u-anna", played(2, correct=1))

    data = json.loads(json.dumps(export_learner(store, "u-anna", login="anna")))
    assert [c["action"] for c in data["materialaenderungen"]] == ["upload", "ingest"]
    assert "carla" not in json.dumps(data)
    assert export_learner(store, "u-anna")["materialaenderungen"] == []  # browser id: none

    assert count_learner_rows(store, "u-anna", login="anna").material_changes == 2
    gone = delete_learner(store, "u-anna", login="anna")
    assert gone.material_changes == 2
    assert gone.quiz_attempts == 1
    actors = [e.actor for e in recent_changes(store)]
    assert actors == ["carla", ERASED_ACTOR, ERASED_ACTOR]  # what happened stays, who goes
    assert export_learner(store, "u-anna", login="anna")["materialaenderungen"] == []

    clock.now = START + timedelta(days=400)
    record_change(store, "carla", "ingest", ["neu.pdf"], "ok")
    assert cleanup_changes(store, 365) == 3
    assert [e.files for e in recent_changes(store)] == [["neu.pdf"]]


def test_upgrade_from_0002_keeps_rows_and_adds_the_trail(db_url):
    old = ProgressStore(db_url)
    migrate(old.engine, "0002")
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO transcripts (learner, created_at, question, answer)"
                " VALUES ('u-alt', :t, 'Frage?', 'Antwort.')"
            ),
            {"t": START.replace(tzinfo=None) if old.backend == "sqlite" else START},
        )
    old.close()
    store = ProgressStore(db_url).open()
    assert current_revision(store.engine) == head_revision()
    assert [t.question for t in store.transcripts("u-alt")] == ["Frage?"]
    record_change(store, "anna", "ingest", ["a.pdf"], "ok")
    assert [e.actor for e in recent_changes(store)] == ["anna"]
