"""Login file: hashing, verification, file validation, locking and resetting accounts."""

from __future__ import annotations

import pytest

from tutor.web.auth import (
    Authenticator,
    AuthFileError,
    add_user,
    hash_password,
    load_users,
    reset_password,
    set_disabled,
    verify_password,
)

pytestmark = pytest.mark.unit


def test_hash_verifies_and_is_salted():
    first, second = hash_password("geheim-123", 1000), hash_password("geheim-123", 1000)
    assert first != second
    assert verify_password("geheim-123", first)
    assert not verify_password("geheim-124", first)
    assert not verify_password("geheim-123", "kaputt")


def test_add_user_and_roles(tmp_path):
    path = tmp_path / "logins.toml"
    add_user(path, "anna", "trainer", "trainer-pass-1")
    add_user(path, "ben", "lernende", "lernen-pass-1")
    auth = Authenticator(path)
    assert auth("anna", "trainer-pass-1")
    assert not auth("anna", "lernen-pass-1")
    assert not auth("niemand", "x")
    assert auth.is_trainer("anna")
    assert not auth.is_trainer("ben")
    assert "trainer-pass-1" not in path.read_text(encoding="utf-8")
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("anna", "chef", "langes-passwort", "Unbekannte Rolle"),
        ("anna", "trainer", "kurz", "mindestens 8 Zeichen"),
        ("", "trainer", "langes-passwort", "Benutzername"),
    ],
)
def test_add_user_rejects_bad_input(tmp_path, name, role, password, message):
    with pytest.raises(AuthFileError, match=message):
        add_user(tmp_path / "logins.toml", name, role, password)
    assert not (tmp_path / "logins.toml").exists()


def test_broken_or_missing_file_gives_german_error(tmp_path):
    with pytest.raises(AuthFileError, match="fehlt"):
        load_users(tmp_path / "nicht-da.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('[benutzer.anna]\nrolle = "chef"\npasswort = "x"\n', encoding="utf-8")
    with pytest.raises(AuthFileError, match="rolle = trainer"):
        load_users(bad)


def test_locked_account_cannot_log_in_and_reset_changes_the_password(tmp_path):
    path = tmp_path / "logins.toml"
    add_user(path, "anna", "trainer", "trainer-pass-1")
    add_user(path, "ben", "lernende", "lernen-pass-1")
    auth = Authenticator(path)
    stamp = auth.session_stamp("ben")
    assert stamp is not None

    set_disabled(path, "ben", True)  # the running app sees the change without a restart
    assert not auth("ben", "lernen-pass-1")
    assert auth.session_stamp("ben") is None
    assert load_users(path)["ben"].disabled
    set_disabled(path, "ben", False)
    assert auth("ben", "lernen-pass-1")

    reset_password(path, "ben", "neues-pass-22")
    assert not auth("ben", "lernen-pass-1")
    assert auth("ben", "neues-pass-22")
    assert auth.session_stamp("ben") not in (None, stamp)
    assert auth("anna", "trainer-pass-1")  # other accounts untouched
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_changes_to_unknown_accounts_and_short_passwords_are_refused(tmp_path):
    path = tmp_path / "logins.toml"
    add_user(path, "anna", "trainer", "trainer-pass-1")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(AuthFileError, match="gibt es .* nicht"):
        set_disabled(path, "niemand", True)
    with pytest.raises(AuthFileError, match="mindestens 8 Zeichen"):
        reset_password(path, "anna", "kurz")
    assert path.read_text(encoding="utf-8") == before


def test_broken_edit_keeps_the_last_good_logins(tmp_path, caplog):
    path = tmp_path / "logins.toml"
    add_user(path, "anna", "trainer", "trainer-pass-1")
    auth = Authenticator(path)
    path.write_text("[benutzer.anna\n", encoding="utf-8")
    assert auth("anna", "trainer-pass-1")
    assert "alte Fassung gilt" in caplog.text
