"""`tutor benutzer anlegen|liste|sperren|entsperren|zuruecksetzen` through the real CLI."""

from __future__ import annotations

import io

import pytest

from tutor.cli import main
from tutor.web.auth import Authenticator

pytestmark = pytest.mark.unit


@pytest.fixture
def logins(tmp_path, monkeypatch):
    path = tmp_path / "logins.toml"
    monkeypatch.setenv("TUTOR_AUTH_FILE", str(path))
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "data"))
    accounts = [("anna", "trainer", "trainer-pass-1"), ("ben", "lernende", "lernen-pass-1")]
    for name, role, password in accounts:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        assert main(["benutzer", "anlegen", name, "--rolle", role, "--passwort-stdin"]) == 0
    return path


def test_list_lock_unlock(logins, capsys):
    capsys.readouterr()
    assert main(["benutzer", "sperren", "ben"]) == 0
    assert "ist gesperrt" in capsys.readouterr().out
    assert not Authenticator(logins)("ben", "lernen-pass-1")
    assert main(["benutzer", "liste"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[1].split() == ["anna", "trainer", "aktiv"]
    assert listing[2].split() == ["ben", "lernende", "gesperrt"]
    assert "pbkdf2" not in "\n".join(listing)
    assert main(["benutzer", "entsperren", "ben"]) == 0
    assert Authenticator(logins)("ben", "lernen-pass-1")


def test_reset_with_a_generated_password(logins, capsys):
    capsys.readouterr()
    assert main(["benutzer", "zuruecksetzen", "ben", "--zufall"]) == 0
    out = capsys.readouterr().out
    password = out.split("weitergeben): ")[1].split()[0]
    assert len(password) >= 12
    auth = Authenticator(logins)
    assert auth("ben", password)
    assert not auth("ben", "lernen-pass-1")
    assert password not in logins.read_text(encoding="utf-8")


def test_reset_from_stdin_and_errors_are_german(logins, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("ganz-neu-123\n"))
    assert main(["benutzer", "zuruecksetzen", "anna", "--passwort-stdin"]) == 0
    assert Authenticator(logins)("anna", "ganz-neu-123")
    assert main(["benutzer", "sperren", "niemand"]) == 2
    assert "gibt es" in capsys.readouterr().err
    assert main(["benutzer", "sperren"]) == 2
    assert "Benutzernamen angeben" in capsys.readouterr().err


def test_without_login_file_the_cli_says_how(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("TUTOR_AUTH_FILE", raising=False)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    assert main(["benutzer", "liste"]) == 2
    assert "TUTOR_AUTH_FILE" in capsys.readouterr().err
