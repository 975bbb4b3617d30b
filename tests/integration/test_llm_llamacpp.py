"""A real LLM over real HTTP: llama-cpp-python's OpenAI-compatible server on 127.0.0.1 serving
the packaged Gemma-3-270M GGUF, used through ``TUTOR_LLM=openai:…``; and the same GGUF
in-process through ``TUTOR_LLM=llamacpp:<path>``. Gemma-270M is a tiny base model that mostly
writes nonsense, which is exactly what the verifier must catch."""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage

from tutor.answer.models import Answer
from tutor.answer.verify import Source, verify_answer
from tutor.container import Container
from tutor.llm.factory import create_chat_model
from tutor.llm.streaming import StreamLimits, stream_text
from tutor.prompts import render

pytest.importorskip("llama_cpp", reason="make llamacpp installs llama-cpp-python")
pytestmark = [pytest.mark.integration, pytest.mark.slow]
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from bench_llm import gemma_gguf, llama_server  # noqa: E402

QUESTIONS = [
    "Was versteht man unter Predictive Maintenance?",
    "Welche Pflichten gelten für Hochrisiko-KI?",
    "Was sollte ein Unternehmen bei der Break-Even-Analyse berechnen?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def gguf() -> Path:
    return gemma_gguf()


@pytest.fixture(scope="module")
def server_url(gguf) -> Iterator[str]:
    with llama_server(gguf, free_port()) as url:
        yield url


def llm_settings(corpus_settings, **update):
    # generous time budget: a shared 2-core machine may run Gemma at a few tokens/s
    defaults = {"llm_max_tokens": 64, "llm_timeout_s": 600.0, "llm_retries": 0}
    return corpus_settings.model_copy(update={**defaults, **update})


def assert_verified(final: Answer, container: Container) -> None:
    """An LLM answer that got through holds up when checked again against its citations."""
    if final.backend == "extractive":
        assert final.note == render("llm", "hinweis.ersetzt")
        assert final.answer.startswith("Laut Kursunterlagen:")
        return
    snap = container.corpus.snapshot()
    sources = [Source(c.n, snap.chunks[snap.by_id[c.chunk_id]]) for c in final.citations]
    if final.refused:
        return
    check = verify_answer(final.answer, sources, container.embedder)
    assert check.checks
    assert all(c.supported for c in check.checks), [(c.text, c.reason) for c in check.checks]


def test_tokens_stream_over_http(corpus_settings, server_url):
    settings = llm_settings(corpus_settings, llm="openai:gemma", llm_base_url=server_url)
    model = create_chat_model(settings)
    assert model is not None
    stamps: list[float] = []
    start = time.monotonic()
    for _ in stream_text(
        model, [HumanMessage("Die Hauptstadt von Frankreich ist")], StreamLimits(60)
    ):
        stamps.append(time.monotonic() - start)
    assert len(stamps) > 5  # many deltas, not one block
    assert stamps[0] < stamps[-1]


def test_generated_answers_are_verified_or_replaced(corpus_settings, embedder, server_url):
    settings = llm_settings(corpus_settings, llm="openai:gemma", llm_base_url=server_url)
    container = Container(settings, embedder=embedder)
    outcomes = []
    for question in QUESTIONS:
        events = list(container.answers.ask_stream(question))
        final = events[-1]
        assert isinstance(final, Answer)
        assert any(isinstance(e, str) for e in events)  # the model really streamed a draft
        assert_verified(final, container)
        outcomes.append(final.backend == "extractive" or final.repaired)
    assert any(outcomes)  # the 270M base model's nonsense was caught at least once


def test_timeout_over_http_falls_back_with_a_note(corpus_settings, embedder, server_url):
    settings = llm_settings(
        corpus_settings, llm="openai:gemma", llm_base_url=server_url, llm_timeout_s=0.05
    )
    answer = Container(settings, embedder=embedder).answers.ask(QUESTIONS[0])
    assert answer.backend == "extractive"
    assert answer.note
    assert "0.05 Sekunden" in answer.note


def test_server_down_falls_back_with_a_note(corpus_settings, embedder):
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens here
    settings = llm_settings(corpus_settings, llm="openai:gemma", llm_base_url=url)
    answer = Container(settings, embedder=embedder).answers.ask(QUESTIONS[0])
    assert answer.backend == "extractive"
    assert answer.note
    assert "keine Verbindung zum Server" in answer.note


def test_in_process_gguf_answers_verified(corpus_settings, embedder, gguf):
    settings = llm_settings(corpus_settings, llm=f"llamacpp:{gguf}")
    container = Container(settings, embedder=embedder)
    events = list(container.answers.ask_stream(QUESTIONS[0]))
    final = events[-1]
    assert isinstance(final, Answer)
    assert [e for e in events if isinstance(e, str)]
    assert final.backend in ("llm:llamacpp:gemma-3-270m-q4_k_m.gguf", "extractive")
    assert_verified(final, container)
