"""Token streaming from any LangChain chat model within a bounded time, with retries.

The model is read in a worker thread and handed over through a queue, so a server that hangs
or trickles tokens cannot hold the caller longer than the budget: each attempt has a wall-clock
limit, failures before the first token are retried with exponential backoff, and everything
that goes wrong ends as :class:`LLMUnavailable` with a German reason (never the API key).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tutor.prompts import render

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)
_DONE = object()


class LLMUnavailable(RuntimeError):
    """The model did not deliver a usable answer in time; ``reason`` is German."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StreamLimits:
    """Time budget per attempt (first to last token), retries and their backoff."""

    timeout_s: float = 30.0
    retries: int = 1
    backoff_s: float = 0.5

    def worst_case_s(self) -> float:
        """Upper bound on how long :func:`stream_text` can take before giving up."""
        attempts = self.retries + 1
        return attempts * self.timeout_s + sum(self.backoff_s * 2**i for i in range(self.retries))


def describe_error(exc: BaseException) -> str:
    """German reason for a failed call: type and HTTP status only (no bodies, no secrets)."""
    status = getattr(exc, "status_code", None) or getattr(
        getattr(exc, "response", None), "status_code", None
    )
    name = type(exc).__name__
    if "connect" in name.lower() and status is None:
        return render("llm", "fehler.verbindung")
    if "timeout" in name.lower():
        return render("llm", "fehler.server", art=name)
    return render("llm", "fehler.server", art=f"HTTP {status}" if status else name)


def chunk_text(chunk: Any) -> str:
    """Plain text of a streamed message chunk (content may be a string or a list of blocks)."""
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            b if isinstance(b, str) else str(b.get("text", ""))
            for b in content
            if isinstance(b, str | dict)
        )
    return ""


def _attempt(model: BaseChatModel, messages: Sequence[BaseMessage], budget: float) -> Iterator[str]:
    """One streamed call, abandoned (and told to stop) when the budget is spent."""
    handoff: queue.Queue[object] = queue.Queue()
    stop = threading.Event()

    def produce() -> None:
        try:
            stream = model.stream(list(messages))
            try:
                for chunk in stream:
                    if stop.is_set():
                        break
                    handoff.put(chunk_text(chunk))
            finally:
                close = getattr(stream, "close", None)
                if close:
                    close()
        except BaseException as exc:  # handed to the consumer, which decides
            handoff.put(exc)
        handoff.put(_DONE)

    threading.Thread(target=produce, name="llm-stream", daemon=True).start()
    deadline = time.monotonic() + budget
    try:
        while True:
            remaining = deadline - time.monotonic()
            try:
                item = handoff.get(timeout=max(remaining, 0.0)) if remaining > 0 else None
            except queue.Empty:
                item = None
            if item is None:
                raise LLMUnavailable(
                    render("llm", "fehler.zeitueberschreitung", sekunden=f"{budget:g}")
                )
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise LLMUnavailable(describe_error(item)) from item
            if item:
                yield str(item)
    finally:
        stop.set()


def stream_text(
    model: BaseChatModel, messages: Sequence[BaseMessage], limits: StreamLimits
) -> Iterator[str]:
    """Yield text deltas; retry (with backoff) only while nothing has been yielded yet."""
    for attempt in range(limits.retries + 1):
        produced = False
        try:
            for delta in _attempt(model, messages, limits.timeout_s):
                produced = True
                yield delta
            if not produced:
                raise LLMUnavailable(render("llm", "fehler.leer"))
            return
        except LLMUnavailable as exc:
            log.warning("LLM attempt %d failed: %s", attempt + 1, exc.reason)
            if produced or attempt == limits.retries:
                raise
            time.sleep(limits.backoff_s * 2**attempt)
