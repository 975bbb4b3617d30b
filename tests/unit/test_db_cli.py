"""`tutor datenbank status|migrieren` on a real SQLite file and an unreachable server."""

from __future__ import annotations

import pytest

from tutor.cli import main
from tutor.progress.db import head_revision

pytestmark = pytest.mark.unit


def test_status_then_migrate(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TUTOR_DATABASE_URL", raising=False)
    assert main(["datenbank", "status"]) == 0
    assert "Bitte `tutor datenbank migrieren` ausführen" in capsys.readouterr().out
    assert main(["datenbank", "migrieren"]) == 0
    assert f"Schema leer → {head_revision()}" in capsys.readouterr().out
    assert main(["datenbank", "status"]) == 0
    assert f"Schema {head_revision()}, aktuell." in capsys.readouterr().out


def test_unreachable_database_is_a_german_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TUTOR_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["datenbank", "migrieren"]) == 2
    assert "nicht erreichbar" in capsys.readouterr().err
