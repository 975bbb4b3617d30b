"""The progress store against real databases: SQLite files and a real PostgreSQL server.

Every test runs on both backends (PostgreSQL is skipped with the reason when it cannot start).
Quiz sessions come from the real quiz generator over the real corpus (no embedding model).
Export, deletion, retention and the trainer aggregate are in test_progress_privacy.py.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text

from tests.conftest import ROOT
from tests.progress_helpers import BACKENDS, checklist_state, fresh_database, played
from tutor.checklist.state import ChecklistState
from tutor.progress import ProgressStore
from tutor.progress.db import current_revision, head_revision, migrate

pytestmark = pytest.mark.integration


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A fresh, empty database of each backend."""
    return fresh_database(request.param, tmp_path)


def test_empty_database_is_migrated_to_head(db_url):
    store = ProgressStore(db_url).open()
    assert current_revision(store.engine) == head_revision()
    tables = set(inspect(store.engine).get_table_names())
    expected = {"quiz_attempts", "quiz_answers", "checklist_sessions", "transcripts"}
    assert expected | {"material_changes"} <= tables
    ProgressStore(db_url).open()  # a second open is a no-op, not an error
    assert current_revision(store.engine) == head_revision()


def test_upgrade_from_previous_schema_keeps_every_row(db_url):
    old = ProgressStore(db_url)
    migrate(old.engine, "0001")
    stamp = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO quiz_attempts (id, learner, scope, module, total, correct, percent,"
                " finished_at) VALUES (1, 'u-alt', 'Modul 3', 3, 2, 1, 50, :t)"
            ),
            {"t": stamp.replace(tzinfo=None) if old.backend == "sqlite" else stamp},
        )
        for pos, ok in enumerate([True, False]):
            conn.execute(
                text(
                    "INSERT INTO quiz_answers (attempt_id, position, item_id, question, module,"
                    " section, location, given, correct) VALUES (1, :p, :i, 'Frage?', 3,"
                    " 'Abschnitt', 'Modul 3, Abschnitt', 'A', :ok)"
                ),
                {"p": pos, "i": f"item{pos}", "ok": ok},
            )
        conn.execute(
            text(
                "INSERT INTO checklist_sessions (learner, state, answered, finished,"
                " created_at, updated_at) VALUES ('u-alt', :s, 3, :f, :t, :t)"
            ),
            {"s": checklist_state(3).to_json(), "f": False, "t": stamp.replace(tzinfo=None)},
        )
    old.close()
    assert current_revision(old.engine) == "0001"

    store = ProgressStore(db_url).open()
    assert current_revision(store.engine) == head_revision()
    [attempt] = store.attempts("u-alt")
    assert (attempt.percent, attempt.module, attempt.duration_s) == (50, 3, None)
    assert attempt.finished_at == stamp
    assert [a.correct for a in attempt.answers] == [True, False]
    saved = store.open_checklist("u-alt")
    assert saved is not None
    assert saved.answered == 3
    assert ChecklistState.from_json(saved.state_json).answers[2].text == "jo 2"
    store.add_transcript("u-alt", "Frage", "Antwort")  # the new table works after the upgrade
    assert [t.question for t in store.transcripts("u-alt")] == ["Frage"]


def test_quiz_attempt_round_trips_with_every_answer(db_url):
    store = ProgressStore(db_url)
    session = played(3, correct=3)
    attempt_id = store.record_quiz("u-anna", session, duration_s=95)
    [attempt] = store.attempts("u-anna")
    assert attempt.id == attempt_id
    assert (attempt.module, attempt.correct, attempt.total, attempt.percent) == (3, 3, 4, 75)
    assert attempt.duration_s == 95
    assert [a.item_id for a in attempt.answers] == [i.item_id for i in session.items]
    assert [a.correct for a in attempt.answers] == [True, True, True, False]
    assert attempt.answers[0].location.startswith("Modul 3")
    assert store.attempts("u-bert") == []  # nobody else sees it


def test_checklist_resumes_after_restart(db_url):
    first = ProgressStore(db_url)
    first.save_checklist("a-browser", checklist_state(5))
    first.close()  # the app is restarted: a new store object on the same database

    again = ProgressStore(db_url)
    saved = again.open_checklist("a-browser")
    assert saved is not None
    state = ChecklistState.from_json(saved.state_json)
    assert (state.index, len(state.answers), state.answers[5].text) == (5, 5, "jo 5")

    again.save_checklist("a-browser", checklist_state(7))  # continues the same record
    assert len(again.checklists("a-browser")) == 1
    continued = again.open_checklist("a-browser")
    assert continued is not None
    assert continued.answered == 7


def test_finished_check_is_kept_and_a_new_one_starts_a_new_record(db_url, container_free_result):
    store = ProgressStore(db_url)
    store.save_checklist("u-chef", checklist_state(29, finished=True), container_free_result)
    assert store.open_checklist("u-chef") is None
    last = store.last_result("u-chef")
    assert last is not None
    assert (last.score, last.max_score) == (29, 29)
    store.save_checklist("u-chef", checklist_state(29, finished=True), container_free_result)
    assert len(store.checklists("u-chef")) == 1  # "Ergebnis" clicked again: no copy
    store.save_checklist("u-chef", checklist_state(1))
    assert [c.finished for c in store.checklists("u-chef")] == [True, False]
    new = store.open_checklist("u-chef")
    assert new is not None
    assert new.answered == 1


@pytest.fixture
def container_free_result():
    """A real ChecklistResult for 29 × Ja (parsed from the guide, no index needed)."""
    from tutor.checklist.parse import parse_checklist
    from tutor.checklist.scoring import evaluate
    from tutor.checklist.state import checklist_fingerprint

    guide = (ROOT / "corpus" / "leitfaden-ki-integration-kmu.txt").read_text(encoding="utf-8")
    checklist = parse_checklist(guide)

    class NoActions:
        def next_steps(self, outcomes):
            return []

    state = checklist_state(29, finished=True).model_copy(
        update={"fingerprint": checklist_fingerprint(checklist)}
    )
    return evaluate(checklist, state, NoActions())


WRITER = """
import sys, time
from pathlib import Path
from tutor.progress import ProgressStore
from tutor.quiz.session import QuizSession
url, name, go, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
session = QuizSession.model_validate_json(Path(sys.argv[5]).read_text())
store = ProgressStore(url)
while not go.exists():
    time.sleep(0.005)
for i in range(count):
    store.record_quiz(name, session)
    store.add_transcript(name, f"Frage {i}", "Antwort")
print("ok", flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(db_url, tmp_path):
    session_file = tmp_path / "session.json"
    session_file.write_text(played(1, correct=2).model_dump_json())
    go, count = tmp_path / "go", 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, name, str(go), str(count), str(session_file)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("u-worker1", "u-worker2")
    ]
    time.sleep(2.0)  # both interpreters are up and waiting (they also race the migration)
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    store = ProgressStore(db_url)
    for name in ("u-worker1", "u-worker2"):
        assert len(store.attempts(name)) == count
        assert len(store.transcripts(name)) == count
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM quiz_answers")).scalar() == 2 * count * 4
