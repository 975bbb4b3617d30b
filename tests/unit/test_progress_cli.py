"""`tutor privacy export|delete|cleanup`: the real CLI on a real SQLite database."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import make_settings
from tests.unit.test_quiz_fixtures import generator
from tutor.checklist.state import ChecklistState, RecordedAnswer
from tutor.cli import main
from tutor.progress import ProgressStore, Pseudonymizer, new_browser_id
from tutor.quiz.session import parse_scope, start_quiz, submit_answer

pytestmark = pytest.mark.unit


@pytest.fixture
def env(tmp_path, monkeypatch):
    """TUTOR_DATA_DIR for the CLI, plus a store and pseudonyms on the same files."""
    settings = make_settings(tmp_path / "corpus", tmp_path / "vectorstore")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("TUTOR_DATABASE_URL", raising=False)
    monkeypatch.delenv("TUTOR_PSEUDONYM_SECRET", raising=False)
    return settings, Pseudonymizer.from_settings(settings)


def finished_quiz():
    session = start_quiz(generator(), parse_scope("1"), count=3, seed=1)
    while (item := session.current()) is not None:
        session, _ = submit_answer(session, item.answer if item.type != "mc" else "A")
    return session


def fill(settings, learner: str, clock=None) -> ProgressStore:
    store = ProgressStore.from_settings(settings, **({"clock": clock} if clock else {}))
    store.record_quiz(learner, finished_quiz())
    state = ChecklistState(fingerprint="f" * 16, index=1, answers={1: RecordedAnswer(label="ja")})
    store.save_checklist(learner, state)
    store.add_transcript(learner, "Was ist KI?", "Laut Modul 1 …")
    return store


def test_export_by_login_name_writes_a_private_json_file(env, tmp_path, capsys):
    settings, ids = env
    fill(settings, ids.for_login("anna"))
    fill(settings, ids.for_login("bert"))
    target = tmp_path / "auskunft.json"
    assert main(["privacy", "export", "anna", "-o", str(target)]) == 0
    assert "Auskunft für u-" in capsys.readouterr().out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["kennung"] == ids.for_login("anna")
    assert len(data["quiz_versuche"]) == 1
    assert len(data["quiz_versuche"][0]["answers"]) == 3
    assert data["readiness_checks"][0]["answered"] == 1
    assert data["chat_verlaeufe"][0]["question"] == "Was ist KI?"
    assert ids.for_login("bert") not in target.read_text(encoding="utf-8")


def test_delete_by_browser_id_removes_everything_of_that_learner(env, capsys, monkeypatch):
    settings, ids = env
    browser = new_browser_id()
    store = fill(settings, ids.for_browser(browser))
    fill(settings, ids.for_login("bert"))

    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["privacy", "delete", browser]) == 1
    assert "nichts gelöscht" in capsys.readouterr().out
    assert len(store.attempts(ids.for_browser(browser))) == 1

    assert main(["privacy", "delete", browser, "--ja"]) == 0
    out = capsys.readouterr().out
    assert "1 Quiz-Versuche (3 Antworten), 1 Readiness-Checks, 1 Chat-Einträge" in out
    assert store.attempts(ids.for_browser(browser)) == []
    assert store.transcripts(ids.for_browser(browser)) == []
    assert len(store.attempts(ids.for_login("bert"))) == 1
    assert main(["privacy", "delete", browser, "--ja"]) == 0
    assert "ist nichts gespeichert" in capsys.readouterr().out


def test_cleanup_uses_the_retention_setting(env, capsys, monkeypatch):
    settings, ids = env
    old = datetime.now(UTC) - timedelta(days=31)
    fill(settings, ids.for_login("anna"), clock=lambda: old)
    store = fill(settings, ids.for_login("bert"))
    monkeypatch.setenv("TUTOR_RETENTION_DAYS", "30")
    assert main(["privacy", "cleanup"]) == 0
    assert "1 Chat-Einträge älter als 30 Tage gelöscht." in capsys.readouterr().out
    assert store.transcripts(ids.for_login("anna")) == []
    assert len(store.transcripts(ids.for_login("bert"))) == 1
    assert len(store.attempts(ids.for_login("anna"))) == 1  # quiz progress is kept


def test_missing_learner_and_unreachable_database_give_german_errors(env, capsys, monkeypatch):
    assert main(["privacy", "export"]) == 2
    assert "Bitte Login-Namen oder Kennung" in capsys.readouterr().err
    monkeypatch.setenv("TUTOR_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["privacy", "export", "anna"]) == 2
    assert "Die Datenbank ist nicht erreichbar" in capsys.readouterr().err
