"""Optional login: users with roles and PBKDF2 password hashes in ``TUTOR_AUTH_FILE``.

File format (TOML)::

    [benutzer.anna]
    rolle = "trainer"          # or "lernende"
    passwort = "pbkdf2_sha256$600000$<salt>$<hash>"

Create entries with ``tutor benutzer anlegen NAME --rolle trainer`` (asks for the password).
Passwords are never stored or logged in clear text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROLES = ("trainer", "lernende")
ITERATIONS = 600_000


class AuthFileError(ValueError):
    """The login file is missing or malformed (German message)."""


@dataclass(frozen=True)
class User:
    """A login with its role and password hash."""

    name: str
    role: str
    password_hash: str


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
        if role not in ROLES or not isinstance(password, str):
            raise AuthFileError(
                f"Login-Datei {path}: Benutzer „{name}“ braucht rolle = trainer|lernende und "
                "ein passwort (Hash)."
            )
        users[name] = User(name, role, password)
    if not users:
        raise AuthFileError(f"Die Login-Datei {path} enthält keine Benutzer.")
    return users


def add_user(path: Path, name: str, role: str, password: str) -> None:
    """Add or replace a user in the login file (written atomically)."""
    if role not in ROLES:
        raise AuthFileError(f"Unbekannte Rolle „{role}“ (erlaubt: trainer, lernende).")
    if not name.strip() or any(c in name for c in '"[]=\n'):
        raise AuthFileError(
            "Der Benutzername darf nicht leer sein und keine Sonderzeichen enthalten."
        )
    if len(password) < 8:
        raise AuthFileError("Das Passwort muss mindestens 8 Zeichen lang sein.")
    users = load_users(path) if path.exists() else {}
    users[name] = User(name, role, hash_password(password))
    lines = []
    for user in users.values():
        lines += [
            f'[benutzer."{user.name}"]',
            f'rolle = "{user.role}"',
            f'passwort = "{user.password_hash}"',
            "",
        ]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


class Authenticator:
    """Gradio's ``auth`` callable plus role look-ups for one login file."""

    def __init__(self, path: Path) -> None:
        self.users = load_users(path)

    def __call__(self, username: str, password: str) -> bool:
        user = self.users.get(username)
        return bool(user) and verify_password(password, user.password_hash)  # type: ignore[union-attr]

    def is_trainer(self, username: str | None) -> bool:
        """Whether the logged-in user may use the trainer tabs."""
        user = self.users.get(username or "")
        return bool(user and user.role == "trainer")


def may_train(auth: Authenticator | None, username: str | None) -> bool:
    """Whether a request may use trainer functions: always without login, else trainers only.

    Checked on the server in every trainer handler; hiding the tab is only for convenience.
    """
    return auth is None or auth.is_trainer(username)
