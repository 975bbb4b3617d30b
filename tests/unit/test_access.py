"""Start-up access rules: which host needs logins, what open access allows (no server)."""

from __future__ import annotations

import pytest

from tests.conftest import make_settings
from tutor.web.access import Access, OpenAccess, StartRefused, decide_access, is_loopback
from tutor.web.auth import add_user, may_train

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("kurs.example.org", False),
        ("", False),
    ],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def settings(tmp_path, **extra):
    return make_settings(tmp_path / "corpus", tmp_path / "vectorstore", **extra)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_network_host_without_logins_refuses_with_instructions(tmp_path, host):
    with pytest.raises(StartRefused) as refused:
        decide_access(settings(tmp_path, host=host))
    message = str(refused.value)
    assert "tutor benutzer anlegen" in message
    assert "TUTOR_AUTH_FILE" in message
    assert "TUTOR_OPEN_ACCESS=true" in message
    assert host in message


def test_loopback_without_logins_is_local_mode(tmp_path):
    access = decide_access(settings(tmp_path, host="127.0.0.1"))
    assert access.mode == "lokal"
    assert access.auth is None
    assert access.may_train(None, "127.0.0.1")
    # reached through a reverse proxy from another machine: no trainer functions
    assert not access.may_train(None, "10.0.0.7")
    assert "tutor benutzer anlegen" in access.refusal()


def test_open_access_gives_nobody_trainer_functions(tmp_path, caplog):
    access = decide_access(settings(tmp_path, host="0.0.0.0", open_access=True))
    assert access.mode == "offen"
    assert isinstance(access.auth, OpenAccess)
    assert not access.may_train(None, "127.0.0.1")
    assert not access.may_train("anna", "127.0.0.1")
    # the tab handlers' own checks refuse as well
    assert not may_train(access.auth, None)
    assert not access.auth.requires_login
    assert "Offener Zugang ohne Anmeldung" in (access.auth.notice or "")
    assert "WARNUNG: Offener Zugang" in caplog.text


def test_login_file_wins_over_open_access(tmp_path, caplog):
    logins = tmp_path / "logins.toml"
    add_user(logins, "anna", "trainer", "trainer-pass-1")
    add_user(logins, "ben", "lernende", "lernen-pass-1")
    access = decide_access(settings(tmp_path, host="0.0.0.0", auth_file=logins, open_access=True))
    assert access.mode == "login"
    assert access.may_train("anna", "10.0.0.7")
    assert not access.may_train("ben", "127.0.0.1")
    assert not access.may_train(None, "127.0.0.1")
    assert "TUTOR_OPEN_ACCESS wird ignoriert" in caplog.text


def test_broken_login_file_refuses_to_start_in_german(tmp_path):
    with pytest.raises(StartRefused, match="Login-Datei .* fehlt"):
        decide_access(settings(tmp_path, host="0.0.0.0", auth_file=tmp_path / "nicht-da.toml"))


def test_access_is_a_plain_value():
    assert Access("offen", None).refusal().startswith("Diese Funktion ist für Trainer")
