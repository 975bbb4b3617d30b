"""The ``ollama:`` backend over real HTTP against a stand-in server that speaks Ollama's chat
API (streamed NDJSON on /api/chat), on the real corpus index. The model name picks how the
stand-in behaves: echo (quotes source [1]), fehler (HTTP 500), kaputt (garbage), haengt."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tutor.answer.models import Answer
from tutor.container import Container
from tutor.llm.fake import echo_reply
from tutor.web import chat

pytestmark = pytest.mark.integration
QUESTION = "Was versteht man unter Predictive Maintenance?"


class OllamaStandIn(BaseHTTPRequestHandler):
    """Minimal /api/chat: one JSON object per line, ``done: true`` last."""

    calls: list[str] = []

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        model = body["model"]
        OllamaStandIn.calls.append(model)
        if model == "fehler":
            self.send_error(500, "model crashed")
            return
        if model == "haengt":
            time.sleep(60)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        if model == "kaputt":
            self.wfile.write(b"<html>502 Bad Gateway</html>\n")
            return
        reply = echo_reply(body["messages"][-1]["content"])
        lines = [
            {"model": model, "message": {"role": "assistant", "content": w + " "}, "done": False}
            for w in reply.split(" ")
        ]
        lines.append({"model": model, "message": {"role": "assistant", "content": ""}})
        lines[-1] |= {"done": True, "done_reason": "stop"}
        for line in lines:
            self.wfile.write((json.dumps(line) + "\n").encode())
            self.wfile.flush()
            time.sleep(0.01)


@pytest.fixture(scope="module")
def ollama_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), OllamaStandIn)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def llm_container(corpus_settings, embedder, url: str, model: str, timeout: float = 3.0):
    settings = corpus_settings.model_copy(
        update={"llm": f"ollama:{model}", "llm_base_url": url, "llm_timeout_s": timeout}
    )
    return Container(settings, embedder=embedder)


def test_ollama_answer_streams_and_is_verified(corpus_settings, embedder, ollama_url, container):
    service = llm_container(corpus_settings, embedder, ollama_url, "echo").answers
    events = list(service.ask_stream(QUESTION))
    deltas = [e for e in events if isinstance(e, str)]
    final = events[-1]
    assert len(deltas) > 3
    assert isinstance(final, Answer)
    assert final.backend == "llm:ollama:echo"
    assert not final.repaired
    assert final.note is None
    assert final.answer.endswith("[1]")
    snap = container.corpus.snapshot()
    for citation in final.citations:
        assert citation.quote in snap.chunks[snap.by_id[citation.chunk_id]].text


@pytest.mark.parametrize("model", ["fehler", "kaputt"])
def test_server_errors_fall_back_to_extractive_with_a_note(
    corpus_settings, embedder, ollama_url, model
):
    OllamaStandIn.calls.clear()
    answer = llm_container(corpus_settings, embedder, ollama_url, model).answers.ask(QUESTION)
    assert answer.backend == "extractive"
    assert answer.answer.startswith("Laut Kursunterlagen:")
    assert answer.note
    assert answer.note.startswith("Hinweis: Das Sprachmodell ist gerade nicht erreichbar")
    assert OllamaStandIn.calls == [model, model]  # first try + one retry


def test_hanging_server_is_given_up_within_the_budget(corpus_settings, embedder, ollama_url):
    service = llm_container(corpus_settings, embedder, ollama_url, "haengt", timeout=0.5).answers
    start = time.monotonic()
    answer = service.ask(QUESTION)
    elapsed = time.monotonic() - start
    assert answer.backend == "extractive"
    assert answer.note
    assert "0.5 Sekunden" in answer.note
    assert elapsed < 30  # the stand-in would hang for 60 s; we give up after 2 × 0.5 s


def test_cli_streams_the_draft_and_reports_backend_in_json(
    corpus_settings, ollama_url, monkeypatch, capsys
):
    from tutor.cli import main

    monkeypatch.setenv("TUTOR_CORPUS_DIR", str(corpus_settings.corpus_dir))
    monkeypatch.setenv("TUTOR_STORE_DIR", str(corpus_settings.store_dir))
    monkeypatch.setenv("TUTOR_MODEL_CACHE_DIR", str(corpus_settings.model_cache_dir))
    monkeypatch.setenv("TUTOR_LLM", "ollama:echo")
    monkeypatch.setenv("TUTOR_LLM_BASE_URL", ollama_url)
    assert main(["ask", QUESTION, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["backend"] == "llm:ollama:echo"
    assert answer["repaired"] is False
    assert answer["citations"]
    assert main(["ask", QUESTION]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Entwurf des Sprachmodells")
    assert "Geprüfte Antwort:" in out
    assert "Quellen:" in out.split("Geprüfte Antwort:")[1]
    monkeypatch.setenv("TUTOR_LLM", "ollama")
    assert main(["ask", QUESTION]) == 2
    assert "fehlt der Modellname" in capsys.readouterr().err


def test_web_chat_shows_the_draft_then_the_verified_answer(corpus_settings, embedder, ollama_url):
    service = llm_container(corpus_settings, embedder, ollama_url, "echo").answers
    shown = [(h[-1]["content"], cards) for h, cards in chat.ask_stream(service, QUESTION, [], None)]
    drafts = [content for content, _ in shown[:-1]]
    assert len(drafts) > 3
    assert all(d.startswith("*") for d in drafts)  # the unverified draft is shown in italics
    final, sources = shown[-1]
    assert not final.startswith("*")
    assert final.endswith('title="Zur Quelle 1 springen">[1]</a>')  # [1] links to its card
    assert '<details class="quelle" id="quelle-1" data-chunk=' in sources
