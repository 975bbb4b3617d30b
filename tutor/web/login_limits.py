"""Failed-login limits per account and per client address, with lockout and back-off.

Gradio's ``POST /login`` checks a password as often as it is asked. :class:`LoginMiddleware`
sits in front of it: a login for a locked account or from a locked address is refused before
the password is looked at; Gradio's answer (200 or 400) counts as success or failure.

- Per account: ``account_max`` failures within ``window_s`` lock it for ``lockout_s``.
- Per client address: ``client_max`` failures (higher: a classroom often shares one address
  behind NAT; behind a reverse proxy uvicorn takes the address from X-Forwarded-For).
- Every further lockout of the same account/address doubles, up to ``lockout_max_s``; a
  record forgets its lockouts after a quiet ``window_s``.
- Attempts still running count against the limit, so a burst of parallel guesses cannot
  slip past it.

The refusal is HTTP 400 like a wrong password (Gradio's login form shows its "wrong
credentials" text only for 400; the rule itself is on the login page) with a German
``detail`` and ``Retry-After``. Logs name the account only if it exists (a password typed
into the name field must not end up in a log) and never the password.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request

from tutor.prompts import render
from tutor.web.limits import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
MAX_RECORDS = 10_000
MAX_LOGIN_BODY = 16 * 1024
LOGIN_SUFFIXES = ("/login", "/login/")


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    running: int = 0
    lockouts: int = 0
    locked_until: float = 0.0
    last_event: float = 0.0


@dataclass
class LoginLimiter:
    """The counting and locking part (no HTTP); ``clock`` is injectable for tests."""

    account_max: int
    client_max: int
    window_s: float
    lockout_s: float
    lockout_max_s: float
    clock: Callable[[], float] = time.monotonic
    _records: OrderedDict[tuple[str, str], _Record] = field(default_factory=OrderedDict)

    def _record(self, kind: str, key: str, now: float) -> _Record:
        record = self._records.pop((kind, key), None) or _Record(last_event=now)
        while record.failures and now - record.failures[0] > self.window_s:
            record.failures.popleft()
        quiet = not record.failures and now >= record.locked_until
        if quiet and now - max(record.last_event, record.locked_until) > self.window_s:
            record.lockouts = 0
        self._records[(kind, key)] = record
        while len(self._records) > MAX_RECORDS:
            self._records.popitem(last=False)
        return record

    def begin(self, account: str, client: str) -> float:
        """Seconds the attempt must wait (refused), or 0: then it counts as running until
        :meth:`finish`."""
        now = self.clock()
        pairs = ((self._record("konto", account, now), self.account_max),
                 (self._record("adresse", client, now), self.client_max))  # fmt: skip
        wait = max(record.locked_until - now for record, _ in pairs)
        if wait > 0:
            return wait
        if any(len(r.failures) + r.running >= limit for r, limit in pairs):
            return 1.0  # the running attempts already use up the limit
        for record, _ in pairs:
            record.running += 1
        return 0.0

    def cancel(self, account: str, client: str) -> None:
        """An attempt that got no verdict: it stops running, nothing else changes (so a
        malformed request cannot reset an account's failures)."""
        now = self.clock()
        for kind, key in (("konto", account), ("adresse", client)):
            record = self._record(kind, key, now)
            record.running = max(0, record.running - 1)

    def finish(self, account: str, client: str, success: bool) -> list[tuple[str, float, int]]:
        """Count the result; returns the lockouts it started as (what, seconds, failures)."""
        now = self.clock()
        started: list[tuple[str, float, int]] = []
        for kind, key, limit in (
            ("konto", account, self.account_max),
            ("adresse", client, self.client_max),
        ):
            record = self._record(kind, key, now)
            record.running = max(0, record.running - 1)
            record.last_event = now
            if success:
                if kind == "konto":
                    self._records.pop((kind, key), None)
                continue
            record.failures.append(now)
            if len(record.failures) >= limit:
                record.lockouts += 1
                seconds = min(self.lockout_s * 2 ** (record.lockouts - 1), self.lockout_max_s)
                record.locked_until = now + seconds
                started.append((kind, seconds, len(record.failures)))
                record.failures.clear()
        return started


def _client(scope: Scope) -> str:
    client = scope.get("client") or ("?", 0)
    return str(client[0])


class LoginMiddleware:
    """ASGI middleware applying :class:`LoginLimiter` to ``POST …/login``."""

    def __init__(self, app: ASGIApp, limiter: LoginLimiter, known: Callable[[str], bool]) -> None:
        self.app = app
        self.limiter = limiter
        self.known = known

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or not path.endswith(LOGIN_SUFFIXES)
        ):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive, MAX_LOGIN_BODY)
        account = await _username(scope, body)
        client = _client(scope)
        label = account if self.known(account) else render("zugang", "login.unbekannt")
        wait = self.limiter.begin(account, client)
        if wait > 0:
            log.warning(render("zugang", "login.log_abgewiesen", sekunden=math.ceil(wait),
                               konto=label, adresse=client))  # fmt: skip
            await _refuse(send, wait)
            return
        status: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            await send(message)

        try:
            await self.app(scope, _replay(body, receive), watch)
        finally:
            success = bool(status) and status[0] == 200
            if success or (status and status[0] == 400):
                self._settle(account, label, client, success)
            else:  # no verdict on the password (malformed form, error): count nothing
                self.limiter.cancel(account, client)

    def _settle(self, account: str, label: str, client: str, success: bool) -> None:
        """Count the attempt and log it (and any lockout it started)."""
        locks = self.limiter.finish(account, client, success)
        key = "login.log_ok" if success else "login.log_fehler"
        (log.info if success else log.warning)(render("zugang", key, konto=label, adresse=client))
        for kind, seconds, count in locks:
            what = f"Konto {label}" if kind == "konto" else f"Adresse {client}"
            log.warning(render("zugang", "login.log_sperre", sekunden=round(seconds), was=what,
                               anzahl=count, adresse=client))  # fmt: skip


async def _read_body(receive: Receive, limit: int) -> bytes:
    body, more = b"", True
    while more and len(body) <= limit:
        message = await receive()
        body += message.get("body", b"")
        more = bool(message.get("more_body"))
    return body


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _username(scope: Scope, body: bytes) -> str:
    """The submitted user name (form or multipart, as Gradio's login form sends it)."""
    request = Request(scope, _replay(body, _never))
    try:
        form = await request.form()
        value = form.get("username")
    except Exception:  # noqa: BLE001 - unparsable body: Gradio answers it with an error
        return ""
    return value.strip()[:200] if isinstance(value, str) else ""


async def _never() -> Message:
    return {"type": "http.disconnect"}


async def _refuse(send: Send, wait: float) -> None:
    minutes = max(1, math.ceil(wait / 60))
    wartezeit = "einer Minute" if minutes == 1 else f"{minutes} Minuten"
    payload = json.dumps(
        {"detail": render("zugang", "login.gesperrt", wartezeit=wartezeit)}, ensure_ascii=False
    ).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"retry-after", str(math.ceil(wait)).encode()),
    ]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
