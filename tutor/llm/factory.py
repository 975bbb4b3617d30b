"""One factory for the answer backends: ``none | openai:<model> | ollama:<model> |
llamacpp:<path.gguf> | fake``, dispatched by a ``match`` with lazy imports.

A missing optional package raises :class:`LLMConfigError` with a German message that names the
extra to install. The API key is a ``SecretStr`` and only unwrapped when the client is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tutor.prompts import render

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from tutor.settings import Settings


class LLMConfigError(ValueError):
    """``TUTOR_LLM`` names an unknown backend, lacks a model, or its package is missing."""


def split_spec(spec: str) -> tuple[str, str]:
    """('openai', 'qwen2.5-7b-instruct') from 'openai:qwen2.5-7b-instruct'."""
    kind, _, arg = (spec or "none").strip().partition(":")
    return kind.strip().lower(), arg.strip()


def backend_label(spec: str) -> str:
    """Name reported as ``backend`` in answers: 'llm:openai:qwen…', 'llm:fake', or 'extractive'."""
    kind, arg = split_spec(spec)
    if kind in ("", "none"):
        return "extractive"
    if kind == "llamacpp":
        arg = Path(arg).name
    return f"llm:{kind}:{arg}" if arg else f"llm:{kind}"


def _missing(spec: str, package: str, extra: str) -> LLMConfigError:
    return LLMConfigError(
        render("llm", "fehler.paket_fehlt", backend=spec, paket=package, extra=extra)
    )


def create_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None for the extractive default (``TUTOR_LLM=none``)."""
    spec = settings.llm
    kind, arg = split_spec(spec)
    if kind not in ("", "none", "fake", "openai", "ollama", "llamacpp"):
        raise LLMConfigError(render("llm", "fehler.unbekannt", backend=spec))
    if kind not in ("", "none", "fake") and not arg:
        raise LLMConfigError(render("llm", "fehler.modell_fehlt", backend=spec))
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    match kind:
        case "" | "none":
            return None
        case "fake":
            from tutor.llm.fake import SourceEchoChatModel

            return SourceEchoChatModel()
        case "openai":
            try:
                from langchain_openai import ChatOpenAI
            except ImportError:
                raise _missing(spec, "langchain-openai", "llm") from None
            return ChatOpenAI(
                model=arg,
                base_url=settings.llm_base_url,
                # local OpenAI-compatible servers accept any key; the client insists on one
                api_key=key or "not-needed",  # type: ignore[arg-type]
                timeout=settings.llm_timeout_s,
                max_retries=0,  # retries are ours (bounded, see streaming.py)
                # plain max_tokens: llama.cpp's server ignores max_completion_tokens
                extra_body={"max_tokens": settings.llm_max_tokens},
                temperature=0.0,
            )
        case "ollama":
            try:
                from langchain_ollama import ChatOllama
            except ImportError:
                raise _missing(spec, "langchain-ollama", "llm") from None
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            return ChatOllama(
                model=arg,
                base_url=settings.llm_base_url,
                temperature=0.0,
                num_predict=settings.llm_max_tokens,
                client_kwargs={"timeout": settings.llm_timeout_s, "headers": headers},
            )
        case "llamacpp":
            path = Path(arg).expanduser()
            if not path.is_file():
                raise LLMConfigError(render("llm", "fehler.gguf_fehlt", pfad=path))
            try:
                from tutor.llm.llamacpp import LlamaCppChatModel
            except ImportError:
                raise _missing(spec, "llama-cpp-python", "llamacpp") from None
            return LlamaCppChatModel(model_path=str(path), max_tokens=settings.llm_max_tokens)
        case _:
            raise LLMConfigError(render("llm", "fehler.unbekannt", backend=spec))
