"""Login sessions that end: after an idle time, and when the account is locked or reset.

Gradio 6 keeps its logins in ``App.tokens`` (session token → user name), filled by its
``/login`` route and read through ``tokens.get(token)`` on every authenticated request
(page, config, queue join, file routes); it never forgets a token. :class:`SessionTokens` is
a drop-in ``dict`` for that attribute: each ``get`` checks and refreshes the last use, so a
token unused for ``idle_s`` is dropped and Gradio treats the browser as logged out.
The e2e idle-expiry test guards this coupling to Gradio's internals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, MutableMapping
from typing import Any

from starlette.requests import Request

from tutor.prompts import render

log = logging.getLogger(__name__)
Clock = Callable[[], float]


class SessionTokens(dict[str, str]):
    """Token → user name with idle expiry and a per-user validity stamp.

    ``stamp_of(user)`` returns what a session of that user stays valid for (the password
    hash), or None once the account is locked or removed; a session whose stamp changed
    since login ends at its next request.
    """

    def __init__(
        self, idle_s: float, stamp_of: Callable[[str], str | None], clock: Clock = time.monotonic
    ) -> None:
        super().__init__()
        self.idle_s = idle_s
        self.stamp_of = stamp_of
        self.clock = clock
        self._seen: dict[str, tuple[str | None, float]] = {}
        self._lock = threading.RLock()

    def __setitem__(self, token: str, user: str) -> None:
        with self._lock:
            now = self.clock()
            self._forget_idle(now)
            super().__setitem__(token, user)
            self._seen[token] = (self.stamp_of(user), now)

    def __delitem__(self, token: str) -> None:
        with self._lock:
            super().__delitem__(token)
            self._seen.pop(token, None)

    def get(self, token: Any, default: Any = None) -> Any:
        """The user of a live session (and mark it used now), else ``default``."""
        if not isinstance(token, str):
            return default
        with self._lock:
            user = super().get(token)
            if user is None:
                return default
            stamp, last = self._seen.get(token, (None, float("-inf")))
            now = self.clock()
            if now - last > self.idle_s:
                self._end(token, user, render("zugang", "login.grund_leerlauf", minuten=self._m))
                return default
            if stamp is None or self.stamp_of(user) != stamp:
                self._end(token, user, render("zugang", "login.grund_konto"))
                return default
            self._seen[token] = (stamp, now)
            return user

    @property
    def _m(self) -> str:
        return f"{self.idle_s / 60:g}"

    def _end(self, token: str, user: str, reason: str) -> None:
        del self[token]
        log.info(render("zugang", "login.sitzung_ende", grund=reason, konto=user))

    def _forget_idle(self, now: float) -> None:
        """Drop every idle token (on each login), so the map stays as small as the class."""
        for token, (_, last) in list(self._seen.items()):
            if now - last > self.idle_s:
                super().pop(token, None)
                self._seen.pop(token, None)


def gradio_user(demo: Any) -> Callable[[MutableMapping[str, Any]], str | None]:
    """The logged-in user of an ASGI request, read the way Gradio's ``get_current_user`` does
    (its session cookie → ``App.tokens``); None before launch or without a live session."""

    def user_of(scope: MutableMapping[str, Any]) -> str | None:
        app = getattr(demo, "server_app", None)
        if app is None or scope.get("type") != "http":
            return None
        cookies = Request(scope).cookies
        token = cookies.get(f"access-token-{app.cookie_id}") or cookies.get(
            f"access-token-unsecure-{app.cookie_id}"
        )
        user = app.tokens.get(token) if token else None
        return user if isinstance(user, str) else None

    return user_of
