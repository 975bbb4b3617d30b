"""`tutor privacy` covers the material audit trail (real CLI, real SQLite database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import make_settings
from tutor.cli import main
from tutor.progress import ProgressStore
from tutor.progress.audit import ERASED_ACTOR, recent_changes, record_change

pytestmark = pytest.mark.unit


@pytest.fixture
def store(tmp_path, monkeypatch) -> ProgressStore:
    settings = make_settings(tmp_path / "corpus", tmp_path / "vectorstore")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("TUTOR_DATABASE_URL", raising=False)
    monkeypatch.delenv("TUTOR_PSEUDONYM_SECRET", raising=False)
    old = datetime.now(UTC) - timedelta(days=400)
    record_change(ProgressStore.from_settings(settings, clock=lambda: old), "anna", "upload",
                  ["alt.pdf"], "ok")  # fmt: skip
    store = ProgressStore.from_settings(settings)
    record_change(store, "anna", "ingest", ["lager.pdf"], "ok", "12 Abschnitte neu")
    record_change(store, "carla", "delete", ["x.pdf"], "ok")
    return store


def test_export_of_a_login_holds_its_changes(store, tmp_path):
    target = tmp_path / "auskunft.json"
    assert main(["privacy", "export", "anna", "-o", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["files"] for c in data["materialaenderungen"]] == [["alt.pdf"], ["lager.pdf"]]
    assert "carla" not in target.read_text(encoding="utf-8")


def test_delete_makes_the_changes_anonymous(store, capsys):
    assert main(["privacy", "delete", "anna", "--ja"]) == 0
    assert "In 2 Einträgen ist der Name durch „gelöschtes Konto“ ersetzt" in (
        capsys.readouterr().out
    )
    assert [e.actor for e in recent_changes(store)] == ["carla", ERASED_ACTOR, ERASED_ACTOR]


def test_cleanup_deletes_changes_past_their_retention(store, capsys, monkeypatch):
    monkeypatch.setenv("TUTOR_AUDIT_RETENTION_DAYS", "365")
    assert main(["privacy", "cleanup"]) == 0
    assert "Änderungsprotokoll: 1 Einträge älter als 365 Tage gelöscht." in (
        capsys.readouterr().out
    )
    assert [e.files for e in recent_changes(store)] == [["x.pdf"], ["lager.pdf"]]
