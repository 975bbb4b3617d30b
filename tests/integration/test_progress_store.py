"""The progress store against real databases: SQLite files and a real PostgreSQL server.

Every test runs on both backends (PostgreSQL is skipped with the reason when it cannot start).
Quiz sessions come from the real quiz generator over the real corpus (no embedding model).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from tests.conftest import ROOT
from tests.progress_pg import shared_server, skip_reason
from tests.unit.test_quiz_fixtures import generator
from tutor.checklist.state import ChecklistState, RecordedAnswer
from tutor.progress import ProgressStore
from tutor.progress.aggregate import module_stats
from tutor.progress.db import current_revision, head_revision, migrate
from tutor.progress.privacy import cleanup_transcripts, delete_learner, export_learner
from tutor.quiz.grading import option_letters
from tutor.quiz.models import QuizItem
from tutor.quiz.session import QuizSession, parse_scope, start_quiz, submit_answer

pytestmark = pytest.mark.integration


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'fortschritt.sqlite'}"
    server = shared_server()
    if server is None:
        pytest.skip(skip_reason())
    return server.create_database()


def right(item: QuizItem) -> str:
    if item.type == "mc":
        return option_letters(item.options)[item.correct_index]
    return item.answer


def wrong(item: QuizItem) -> str:
    if item.type == "mc":
        return option_letters(item.options)[(item.correct_index + 1) % len(item.options)]
    if item.type == "tf":
        return "Falsch" if item.answer == "Wahr" else "Wahr"
    return "Blumenkohl"


def played(module: int, correct: int, count: int = 4, seed: int = 7) -> QuizSession:
    """A finished quiz on ``module`` with the first ``correct`` answers right."""
    session = start_quiz(generator(), parse_scope(str(module)), count=count, seed=seed)
    n = 0
    while (item := session.current()) is not None:
        session, _ = submit_answer(session, right(item) if n < correct else wrong(item))
        n += 1
    return session


def checklist_state(answers: int, finished: bool = False) -> ChecklistState:
    recorded = {no: RecordedAnswer(label="ja", text=f"jo {no}") for no in range(1, answers + 1)}
    return ChecklistState(fingerprint="f" * 16, index=answers, answers=recorded, finished=finished)


def test_empty_database_is_migrated_to_head(db_url):
    store = ProgressStore(db_url).open()
    assert current_revision(store.engine) == head_revision() == "0002"
    tables = set(inspect(store.engine).get_table_names())
    assert {"quiz_attempts", "quiz_answers", "checklist_sessions", "transcripts"} <= tables
    ProgressStore(db_url).open()  # a second open is a no-op, not an error
    assert current_revision(store.engine) == "0002"


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
    assert current_revision(store.engine) == "0002"
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
    assert again.open_checklist("a-browser").answered == 7


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
    assert store.open_checklist("u-chef").answered == 1


@pytest.fixture
def container_free_result():
    """A real ChecklistResult for 29 × Ja (parsed from the guide, no index needed)."""
    from tutor.checklist.parse import parse_checklist
    from tutor.checklist.result import evaluate
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


def test_export_holds_everything_and_delete_removes_only_that_learner(db_url):
    store = ProgressStore(db_url)
    store.record_quiz("u-anna", played(2, correct=1))
    store.save_checklist("u-anna", checklist_state(4))
    store.add_transcript("u-anna", "Was ist KI?", "KI ist …")
    store.record_quiz("u-bert", played(2, correct=4))

    data = json.loads(json.dumps(export_learner(store, "u-anna")))
    assert data["kennung"] == "u-anna"
    assert len(data["quiz_versuche"]) == 1
    assert len(data["quiz_versuche"][0]["answers"]) == 4
    assert data["readiness_checks"][0]["zustand"]["answers"]["4"]["text"] == "jo 4"
    assert data["chat_verlaeufe"][0]["question"] == "Was ist KI?"
    assert "u-bert" not in json.dumps(data)

    gone = delete_learner(store, "u-anna")
    assert (gone.quiz_attempts, gone.quiz_answers, gone.checklist_sessions, gone.transcripts) == (
        1,
        4,
        1,
        1,
    )
    empty = export_learner(store, "u-anna")
    assert empty["quiz_versuche"] == empty["readiness_checks"] == empty["chat_verlaeufe"] == []
    assert len(store.attempts("u-bert")) == 1
    with store.engine.connect() as conn:  # no orphaned answers left behind
        assert conn.execute(text("SELECT count(*) FROM quiz_answers")).scalar() == 4


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
    session_file.write_text(played(4, correct=2).model_dump_json())
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
