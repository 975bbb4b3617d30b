"""Chroma client/server mode for real: ``chroma run`` on loopback, ingest, retrieve, answer."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.chroma_client import http_client
from ingest.documents import load_document
from ingest.index import IndexUnavailableError, Manifest, current_generation
from ingest.pipeline import run_ingest
from tests.conftest import make_settings
from tests.ingest_helpers import COURSE, corpus

pytestmark = pytest.mark.integration

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory) -> Iterator[str]:
    """A real Chroma server on a free loopback port, stopped after the module."""
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (data / "server.log").open("w")
    proc = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(data / "db"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not start: {(data / 'server.log').read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def server_collections(url: str) -> set[str]:
    return {c if isinstance(c, str) else c.name for c in http_client(url).list_collections()}


def test_ingest_retrieve_answer_through_server(tmp_path, chroma_url, embedder):
    from tutor.container import Container

    folder = corpus(tmp_path)
    settings = make_settings(folder, tmp_path / "store", chroma_url=chroma_url)
    first = run_ingest(settings, embedder=embedder)
    assert first.chunks_added >= 3
    assert not first.errors
    generation = current_generation(settings.store_dir)
    assert generation is not None
    # vectors live on the server; the store folder keeps only pointer and manifest
    assert not list(settings.store_dir.rglob("chroma.sqlite3"))
    assert {f"{generation.name}-kursmaterial", f"{generation.name}-saetze"} <= server_collections(
        chroma_url
    )

    container = Container(settings, embedder=embedder)
    hits = container.retriever.retrieve("Wie spart der Tischler Zeit bei Rechnungen?").hits
    assert "Rechnungen automatisch" in hits[0].chunk.text
    answer = container.answers.ask("Was sind Stammdaten?")
    assert not answer.refused
    assert "selten ändern" in answer.answer

    # a change builds new collections aside and swaps CURRENT; the previous generation stays
    # for readers in flight and is dropped by the ingest after
    (folder / "kurs.txt").write_text(
        COURSE + "\n3. Neu\n\nDie Schreinerei plant Touren per KI.\n", "utf-8"
    )
    again = run_ingest(settings, embedder=embedder)
    assert again.chunks_added >= 1
    newer = current_generation(settings.store_dir)
    assert newer is not None
    assert newer != generation
    names = server_collections(chroma_url)
    assert f"{newer.name}-kursmaterial" in names
    # the unchanged guide's stored document is carried over to the new generation
    guide = load_document(newer, "leitfaden.md")
    assert guide is not None
    assert guide == load_document(generation, "leitfaden.md")
    hits = container.retriever.retrieve("Wer plant Touren per KI?").hits  # live reload
    assert "Touren per KI" in hits[0].chunk.text
    ids = Manifest.load(newer).files["kurs.txt"]["chunk_ids"]
    stored = container.corpus.snapshot().store.get(include=[])["ids"]
    assert len(stored) == len(set(stored))
    assert set(ids) <= set(stored)

    (folder / "leitfaden.md").unlink()
    third = run_ingest(settings, embedder=embedder)
    assert third.chunks_removed >= 1
    names = server_collections(chroma_url)
    assert not any(n.startswith(generation.name) for n in names)
    assert not (settings.store_dir / generation.name).exists()
    assert container.retriever.retrieve("Checkliste Budget").hits[0].chunk.source == "kurs.txt"


def test_unreachable_server_gives_german_message(tmp_path, embedder):
    settings = make_settings(
        corpus(tmp_path), tmp_path / "store", chroma_url=f"http://127.0.0.1:{free_port()}"
    )
    with pytest.raises(IndexUnavailableError, match="Chroma-Server .* nicht erreichbar"):
        run_ingest(settings, embedder=embedder)
    assert current_generation(settings.store_dir) is None  # nothing half-written was activated
