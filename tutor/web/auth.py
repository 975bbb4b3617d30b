"""Optional login: users with roles and PBKDF2 password hashes in ``TUTOR_AUTH_FILE``.

File format (TOML)::

    [benutzer.anna]
    rolle = "trainer"          # or "lernende"
    passwort = "pbkdf2_sha256$600000$<salt>$<hash>"
    gesperrt = true            # optional: account locked

Manage entries with ``tutor benutzer anlegen|liste|sperren|entsperren|zuruecksetzen``.
Passwords are never stored or logged in clear text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from ingest.textkit import write_atomic

ROLES = ("trainer", "lernende")
ITERATIONS = 600_000
MIN_PASSWORD = 8
log = logging.getLogger(__name__)


class AuthFileError(ValueError):
    """The login file is missing or malformed (German message)."""


@dataclass(frozen=True)
class User:
    """A login with its role and password hash."""

    name: str
    role: str
    password_hash: str
    disabled: bool = False


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    """PBKDF2-SHA256 hash in the form ``pbkdf2_sha256$iterations$salt$hash``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    b64 = base64.b64encode
    return f"pbkdf2_sha256${iterations}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of a password against a stored hash."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac(
            "sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def load_users(path: Path) -> dict[str, User]:
    """Read the login file; raise AuthFileError with a German message if it is unusable."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuthFileError(f"Die Login-Datei {path} fehlt.") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AuthFileError(f"Die Login-Datei {path} ist fehlerhaft: {exc}") from None
    users: dict[str, User] = {}
    for name, entry in (data.get("benutzer") or {}).items():
        role, password = entry.get("rolle"), entry.get("passwort")
        disabled = entry.get("gesperrt", False)
        if role not in ROLES or not isinstance(password, str) or not isinstance(disabled, bool):
            raise AuthFileError(
                f"Login-Datei {path}: Benutzer „{name}“ braucht rolle = trainer|lernende, "
                "ein passwort (Hash) und optional gesperrt = true|false."
            )
        users[name] = User(name, role, password, disabled)
    if not users:
        raise AuthFileError(f"Die Login-Datei {path} enthält keine Benutzer.")
    return users


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthFileError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")


def _write_users(path: Path, users: dict[str, User]) -> None:
    """Write the login file atomically, readable by its owner only."""
    lines = []
    for user in users.values():
        lines += [
            f'[benutzer."{user.name}"]',
            f'rolle = "{user.role}"',
            f'passwort = "{user.password_hash}"',
            *(["gesperrt = true"] if user.disabled else []),
            "",
        ]
    write_atomic(path, "\n".join(lines), mode=0o600)


def add_user(path: Path, name: str, role: str, password: str) -> None:
    """Add or replace a user in the login file (written atomically; enabled)."""
    if role not in ROLES:
        raise AuthFileError(f"Unbekannte Rolle „{role}“ (erlaubt: trainer, lernende).")
    if not name.strip() or name != name.strip() or any(c in name for c in '"[]=\n\\'):
        raise AuthFileError(
            "Der Benutzername darf nicht leer sein und keine Sonderzeichen enthalten."
        )
    _check_password(password)
    users = load_users(path) if path.exists() else {}
    users[name] = User(name, role, hash_password(password))
    _write_users(path, users)


def _existing(path: Path, name: str) -> dict[str, User]:
    users = load_users(path)
    if name not in users:
        raise AuthFileError(f"Den Benutzer „{name}“ gibt es in {path} nicht.")
    return users


def set_disabled(path: Path, name: str, disabled: bool) -> None:
    """Lock (or unlock) an account; a running app ends its sessions at the next request."""
    users = _existing(path, name)
    users[name] = replace(users[name], disabled=disabled)
    _write_users(path, users)


def reset_password(path: Path, name: str, password: str) -> None:
    """Give an account a new password; its running sessions end at the next request."""
    _check_password(password)
    users = _existing(path, name)
    users[name] = replace(users[name], password_hash=hash_password(password))
    _write_users(path, users)


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    """Changes whenever the file is rewritten (every write replaces the inode)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(12))


class Authenticator:
    """Gradio's ``auth`` callable plus role look-ups for one login file.

    The file is read again when it changes, so ``tutor benutzer sperren/zuruecksetzen``
    takes effect in a running app; a broken edit keeps the last good state (and is logged).
    """

    requires_login = True
    notice: str | None = None  # German warning shown in the page footer (open access only)

    def __init__(self, path: Path) -> None:
        self.path = path
        self._users = load_users(path)
        self._stamp = _file_stamp(path)
        self._lock = threading.Lock()

    @property
    def users(self) -> dict[str, User]:
        """The current accounts (re-read when the file changed)."""
        stamp = _file_stamp(self.path)
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._stamp = stamp
                    try:
                        self._users = load_users(self.path)
                    except AuthFileError as exc:
                        log.error("Login-Datei nicht neu geladen, alte Fassung gilt: %s", exc)
        return self._users

    def __call__(self, username: str, password: str) -> bool:
        """Whether the password is right for an enabled account (constant work if unknown)."""
        user = self.users.get(username)
        if user is None:
            verify_password(password, _dummy_hash())  # same cost: no probing for names
            return False
        return verify_password(password, user.password_hash) and not user.disabled

    def knows(self, username: str | None) -> bool:
        """Whether an account of this name exists (used to keep typed passwords out of logs)."""
        return (username or "") in self.users

    def session_stamp(self, username: str) -> str | None:
        """What a session of this user stays valid for: None once the account is locked or
        gone; it changes when the password is reset."""
        user = self.users.get(username)
        return None if user is None or user.disabled else user.password_hash

    def is_trainer(self, username: str | None) -> bool:
        """Whether the logged-in user may use the trainer tabs."""
        user = self.users.get(username or "")
        return bool(user and user.role == "trainer" and not user.disabled)


def may_train(auth: Authenticator | None, username: str | None) -> bool:
    """Whether a request may use trainer functions: always without login, else trainers only.

    Checked on the server in every trainer handler; hiding the tab is only for convenience.
    With open access (:class:`tutor.web.access.OpenAccess`) nobody may.
    """
    return auth is None or auth.is_trainer(username)
