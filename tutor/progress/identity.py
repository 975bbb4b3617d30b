"""Pseudonymous learner ids: an HMAC of the login name or of a random browser id.

The database never sees a name, e-mail or IP address: only ``u-<hmac>`` (login users) or
``a-<hmac>`` (anonymous browser id). The key lives in ``data_dir/db/pseudonym.key`` (mode
600, created on first use) or comes from ``TUTOR_PSEUDONYM_SECRET`` (needed when several
instances share one PostgreSQL database).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from tutor.settings import Settings

BROWSER_PREFIX = "anon-"
_BROWSER_ID = re.compile(r"^anon-[0-9a-f]{32}$")
KEY_FILE = "pseudonym.key"


def new_browser_id() -> str:
    """A fresh random id for a browser without login ('anon-' + 32 hex digits)."""
    return BROWSER_PREFIX + secrets.token_hex(16)


def is_browser_id(value: object) -> bool:
    """True for a well-formed browser id (anything else from the browser is ignored)."""
    return isinstance(value, str) and bool(_BROWSER_ID.match(value))


def load_or_create_key(path: Path) -> bytes:
    """Read the key file, or create it with 32 random bytes and mode 600 (race-safe)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) < 16:
            raise ValueError(f"{path} enthält keinen gültigen Schlüssel.") from None
        return key
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex())
    return key


class Pseudonymizer:
    """Turns login names and browser ids into the ids stored in the database."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def from_settings(cls, settings: Settings) -> Pseudonymizer:
        """Key from TUTOR_PSEUDONYM_SECRET, else from (or newly in) data_dir/db."""
        if settings.pseudonym_secret is not None:
            return cls(settings.pseudonym_secret.get_secret_value().encode("utf-8"))
        return cls(load_or_create_key(settings.data_dir / "db" / KEY_FILE))

    def _digest(self, kind: str, value: str) -> str:
        return hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]

    def for_login(self, username: str) -> str:
        """Stored id of a login user."""
        return "u-" + self._digest("login", username)

    def for_browser(self, browser_id: str) -> str:
        """Stored id of an anonymous browser."""
        return "a-" + self._digest("browser", browser_id)

    def for_learner(self, learner: str) -> str:
        """A browser id ('anon-…') or a login name, as typed in ``tutor privacy``."""
        learner = learner.strip()
        return self.for_browser(learner) if is_browser_id(learner) else self.for_login(learner)

    def browser_state_secret(self) -> str:
        """A stable key for Gradio's BrowserState (its random default changes per restart)."""
        return self._digest("browser-state", "v1")
