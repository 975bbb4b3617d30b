"""Admission control in front of Gradio's queue (tutor.web.limits), without a server."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from tutor.web.limits import Admission, AdmissionMiddleware, TokenBuckets

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def admission(waiting: int = 0, burst: int = 3, queue_size: int = 5) -> Admission:
    clock = Clock()
    return Admission(
        queue_size=queue_size,
        max_body_bytes=1000,
        buckets=TokenBuckets(burst, 1.0, clock=clock),
        waiting=lambda: waiting,
    )


def test_a_flooding_session_is_slowed_others_are_not():
    adm = admission()
    assert [adm.check("flood", 10) for _ in range(5)] == [None, None, None, "rate", "rate"]
    assert adm.check("other", 10) is None
    adm.buckets.clock.now = 2.0  # type: ignore[attr-defined]  # two tokens refilled
    assert [adm.check("flood", 10) for _ in range(3)] == [None, None, "rate"]


def test_full_queue_and_oversized_body_are_refused_in_german():
    busy = admission(waiting=5)
    assert busy.check("s", 10) == "busy"
    assert "ausgelastet" in busy.message("busy")
    assert admission().check("s", 5000) == "size"
    assert "höchstens 0 KB" in admission().message("size")
    assert "sehr viele Anfragen" in admission().message("rate")


def run_middleware(adm: Admission, chunks: list[bytes], path: str = "/gradio_api/queue/join"):
    seen: dict[str, object] = {}

    async def app(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        seen["body"] = body
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    read = 0

    async def receive():
        nonlocal read
        read += 1
        return messages[read - 1]

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "client": ("127.0.0.1", 1)}
    # in a thread: a live Playwright session (sync API) keeps a loop running in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, AdmissionMiddleware(app, adm)(scope, receive, send)).result()
    return seen, sent, read


def test_admitted_request_reaches_gradio_unchanged():
    body = json.dumps({"session_hash": "abc", "data": ["Frage"]}).encode()
    seen, sent, _ = run_middleware(admission(), [body[:10], body[10:]])
    assert seen["body"] == body
    assert sent[0]["status"] == 200


def test_refusal_uses_gradios_validation_format_and_stops_reading():
    adm = admission()
    seen, sent, read = run_middleware(adm, [b"x" * 800, b"x" * 800, b"x" * 800])
    assert "body" not in seen  # Gradio never saw it
    assert read == 2  # the third chunk was never read
    assert sent[0]["status"] == 422
    detail = json.loads(sent[1]["body"])["detail"][0]
    assert detail["__type__"] == "validate"
    assert detail["is_valid"] is False
    assert "zu groß" in detail["message"]
    assert adm.refused["size"] == 1
