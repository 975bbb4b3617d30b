"""Who may use what: decided once at start-up from host, login file and TUTOR_OPEN_ACCESS.

Three modes:

- ``login`` (TUTOR_AUTH_FILE set): everybody logs in; trainer functions for trainers only.
- ``lokal`` (loopback host, no login file): one person on their own machine may do
  everything – but a request that reaches the app from another address (through a reverse
  proxy that sets X-Forwarded-For) gets no trainer functions.
- ``offen`` (TUTOR_OPEN_ACCESS=true, no login file): learners' tabs for everybody, trainer
  functions for nobody, a German warning in the log and the page footer.

A network address without a login file and without TUTOR_OPEN_ACCESS refuses to start.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tutor.prompts import render
from tutor.settings import Settings
from tutor.web.auth import Authenticator, AuthFileError, User

log = logging.getLogger(__name__)
Mode = Literal["login", "lokal", "offen"]


class StartRefused(RuntimeError):
    """The app must not start with these settings; the message is German."""


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if not host:
        return False
    name = host.strip().strip("[]").lower()
    if name in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class OpenAccess(Authenticator):
    """The stand-in for a login file in open-access mode: nobody is a trainer, nobody can
    log in. Passing it where tabs expect an Authenticator makes every existing role check
    refuse (hidden tabs, refused handlers)."""

    requires_login = False

    def __init__(self, notice: str) -> None:
        self.path = Path()
        self._users = {}
        self._stamp = None
        self._lock = threading.Lock()
        self.notice = notice

    @property
    def users(self) -> dict[str, User]:
        """No accounts."""
        return {}

    def __call__(self, username: str, password: str) -> bool:
        return False


@dataclass(frozen=True)
class Access:
    """The access mode of one running app and its role decision."""

    mode: Mode
    auth: Authenticator | None

    def may_train(self, username: str | None, client_host: str | None) -> bool:
        """Whether this request may use trainer functions (see the module docstring)."""
        if self.mode == "offen":
            return False
        if self.mode == "login":
            return self.auth is not None and self.auth.is_trainer(username)
        return is_loopback(client_host)

    def refusal(self) -> str:
        """The German message for a refused trainer function in this mode."""
        return render(
            "zugang",
            {"offen": "sperre.offen", "lokal": "sperre.lokal"}.get(self.mode, "sperre.rolle"),
        )


def decide_access(settings: Settings) -> Access:
    """The access mode for these settings; raises :class:`StartRefused` (German) when the app
    would be open to a network without logins, or the login file is unusable."""
    if settings.auth_file is not None:
        try:
            auth = Authenticator(settings.auth_file)
        except AuthFileError as exc:
            raise StartRefused(render("zugang", "start.login_datei", grund=str(exc))) from None
        if settings.open_access:
            log.warning(render("zugang", "start.offen_ignoriert"))
        log.info(
            render(
                "zugang",
                "start.login_an",
                anzahl=len(auth.users),
                datei=settings.auth_file,
                minuten=f"{settings.session_idle_minutes:g}",
            )
        )
        return Access("login", auth)
    if settings.open_access:
        log.warning(render("zugang", "start.offen_log", host=settings.host))
        return Access("offen", OpenAccess(render("zugang", "hinweis.offen")))
    if is_loopback(settings.host):
        return Access("lokal", None)
    raise StartRefused(render("zugang", "start.ohne_login", host=settings.host))
