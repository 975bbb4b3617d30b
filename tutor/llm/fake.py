"""``TUTOR_LLM=fake``: a deterministic offline chat model for demos and end-to-end tests.

It "answers" by quoting the first sentence of source [1] from the prompt, streamed word by
word, so the whole generative path (streaming, verification, citations) runs without a server.
Unit tests use LangChain's ``GenericFakeChatModel`` with canned replies instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from ingest.units import split_units
from tutor.prompts import render

_SOURCE_ONE = re.compile(r"^\[1\][^\n]*\n(?P<text>.+?)(?:\n\n\[\d+\]|\n\nFrage:|\Z)", re.S | re.M)


def echo_reply(prompt: str) -> str:
    """First sentence of source [1] with its marker, or the 'not covered' sentence."""
    match = _SOURCE_ONE.search(prompt)
    units = split_units(match.group("text")) if match else []
    if not units:
        return render("llm", "antwort.nicht_abgedeckt")
    sentence = units[0].text.replace("\n", " ").rstrip(" .:")
    return f"{sentence} [1]."


class SourceEchoChatModel(BaseChatModel):
    """Offline chat model that quotes source [1] of the last message."""

    @property
    def _llm_type(self) -> str:
        return "tutor-source-echo"

    def _reply(self, messages: list[BaseMessage]) -> str:
        return echo_reply(str(messages[-1].content) if messages else "")

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(self._reply(messages)))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for piece in re.findall(r"\S+\s*", self._reply(messages)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
