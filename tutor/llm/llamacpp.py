"""``TUTOR_LLM=llamacpp:<path.gguf>``: a GGUF model in-process via llama-cpp-python.

Importing this module needs the optional extra ``ki-tutor[llamacpp]``. The model is loaded on
first use (once per process) and its chat template comes from the GGUF file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from llama_cpp import Llama
from pydantic import PrivateAttr

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


class LlamaCppChatModel(BaseChatModel):
    """Chat completions from a local GGUF file (greedy decoding, bounded length)."""

    model_path: str
    max_tokens: int = 400
    n_ctx: int = 4096
    n_threads: int | None = None
    _llama: Llama | None = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-in-process"

    def _model(self) -> Llama:
        if self._llama is None:
            self._llama = Llama(
                model_path=self.model_path,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                verbose=False,
            )
        return self._llama

    def _chunks(self, messages: list[BaseMessage], stop: list[str] | None) -> Iterator[str]:
        payload: list[Any] = [
            {"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages
        ]
        # one generation at a time: a Llama context is not thread-safe
        with self._lock:
            for part in self._model().create_chat_completion(
                messages=payload,
                max_tokens=self.max_tokens,
                temperature=0.0,
                stop=stop,
                stream=True,
            ):
                delta = part["choices"][0]["delta"]  # type: ignore[index]
                text = delta.get("content") if isinstance(delta, dict) else None
                if text:
                    yield str(text)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(self._chunks(messages, stop))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for text in self._chunks(messages, stop):
            yield ChatGenerationChunk(message=AIMessageChunk(content=text))
