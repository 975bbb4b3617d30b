"""Admission control in front of Gradio's queue: busy server, request flood, oversized body.

Gradio answers a full queue with HTTP 503, which its browser client and ``gradio_client`` both
turn into a fixed English text. This ASGI middleware refuses such requests *before* Gradio sees
them and answers in Gradio's own validation format (HTTP 422, ``__type__ = "validate"``), which
the browser paints under the input field and ``gradio_client`` raises as ``ValidationError`` —
so every user reads the German message. It checks, in this order:

1. the request body is not larger than ``max_request_kb`` (uploads use another route),
2. the session has a token left in its bucket (``rate_burst``, refilled at ``rate_per_s``),
3. fewer than ``queue_size`` requests are waiting (plus joins still being handed to Gradio).

Gradio's own ``max_size`` stays set as a backstop above ``queue_size``.
"""

from __future__ import annotations

import json
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from tutor.prompts import render

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Routes that run an event handler: the queue (browser, gradio_client), the REST "call" API,
# and the direct "run"/"api" routes (closed for queued events by ``queue(api_open=False)``,
# but checked here as well).
JOIN_SUFFIXES = ("/queue/join", "/queue/join/")
CALL_PATH = re.compile(r"/gradio_api/(?:call/v2|call|run|api)/(?P<name>[^/]+)/?$")
MAX_SESSIONS = 10_000


@dataclass
class TokenBuckets:
    """One token bucket per key (session hash); the oldest keys are forgotten first."""

    burst: int
    per_s: float
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict)

    def take(self, key: str) -> bool:
        """Spend one token of ``key``; False when its bucket is empty."""
        now = self.clock()
        tokens, last = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.per_s)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > MAX_SESSIONS:
            self._buckets.popitem(last=False)
        return allowed


@dataclass
class Admission:
    """The decision part: which request to refuse and with which German message."""

    queue_size: int
    max_body_bytes: int
    buckets: TokenBuckets
    waiting: Callable[[], int] = lambda: 0
    joining: int = 0
    refused: dict[str, int] = field(default_factory=lambda: {"busy": 0, "rate": 0, "size": 0})

    def check(self, session: str, body_bytes: int) -> str | None:
        """The refusal reason ('size', 'rate', 'busy') or None to let the request in."""
        if body_bytes > self.max_body_bytes:
            reason = "size"
        elif not self.buckets.take(session):
            reason = "rate"
        elif self.waiting() + self.joining >= self.queue_size:
            reason = "busy"
        else:
            return None
        self.refused[reason] += 1
        return reason

    def message(self, reason: str) -> str:
        """The German text for a refusal reason."""
        if reason == "size":
            return render("ui", "app.zu_gross", kb=self.max_body_bytes // 1024)
        return render("ui", "app.zu_schnell" if reason == "rate" else "app.ausgelastet")


def refusal_body(message: str) -> bytes:
    """Gradio's validation error format: shown in the browser and by gradio_client."""
    detail = [
        {"__type__": "validate", "is_valid": False, "message": message, "parameter_name": "Hinweis"}
    ]
    return json.dumps({"detail": detail}).encode("utf-8")


def _session_of(body: bytes, scope: Scope) -> str:
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        data = {}
    session = data.get("session_hash") if isinstance(data, dict) else None
    if isinstance(session, str) and session:
        return session
    client = scope.get("client") or ("?", 0)
    return f"ip:{client[0]}"


class AdmissionMiddleware:
    """ASGI middleware applying :class:`Admission` to queue joins; other routes pass through."""

    def __init__(self, app: ASGIApp, admission: Admission) -> None:
        self.app = app
        self.admission = admission

    @staticmethod
    def _is_join(scope: Scope) -> bool:
        path = str(scope.get("path", ""))
        return scope.get("method") == "POST" and (
            path.endswith(JOIN_SUFFIXES) or CALL_PATH.search(path) is not None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._is_join(scope):
            await self.app(scope, receive, send)
            return
        limit = self.admission.max_body_bytes
        body, more, too_big = b"", True, False
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = bool(message.get("more_body"))
            if len(body) > limit:
                too_big = True  # stop reading: never buffer an attacker's megabytes
                break
        reason = self.admission.check(_session_of(b"" if too_big else body, scope), len(body))
        if reason is not None:
            await self._refuse(send, self.admission.message(reason))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        self.admission.joining += 1
        try:
            await self.app(scope, replay, send)
        finally:
            self.admission.joining -= 1

    @staticmethod
    async def _refuse(send: Send, message: str) -> None:
        payload = refusal_body(message)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            (b"retry-after", b"10"),
        ]
        await send({"type": "http.response.start", "status": 422, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
