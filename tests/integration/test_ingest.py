"""Ingest end to end: real e5 model, real Chroma in tmp_path, real generated PDFs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.index import (
    IndexMismatchError,
    IngestLockedError,
    Manifest,
    current_generation,
    ingest_lock,
)
from ingest.pipeline import run_ingest
from tests.conftest import ROOT, make_settings, model_cache_dir
from tests.pdfs import text_pdf

pytestmark = pytest.mark.integration

COURSE = """Modul 1: Grundlagen der Datenhaltung

1. Was sind Stammdaten?

Stammdaten sind Daten, die sich selten ändern, etwa Kundenadressen oder Artikelnummern. Sie
bilden die Grundlage jeder Auswertung im Betrieb.

2. Datenpflege im Alltag

Eine Bäckerei pflegt ihre Rezepturen zentral. So erkennt sie Fehler früh und spart Zeit.

Modul 2: Automatisierung im Büro

1. Rechnungen automatisch erfassen

Ein Tischler lässt eingehende Rechnungen automatisch auslesen und spart jede Woche zwei Stunden.
"""
GUIDE = """Checkliste für den Start

Vor dem ersten Projekt sollten Sie Ziele, Daten und Budget klären. Prüfen Sie außerdem, wer im
Team Verantwortung übernimmt und wie Erfolge gemessen werden.
"""


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "kurs.txt").write_text(COURSE, encoding="utf-8")
    (folder / "leitfaden.md").write_text(GUIDE, encoding="utf-8")
    return folder


def ids_by_file(settings) -> dict[str, list[str]]:
    generation = current_generation(settings.store_dir)
    assert generation is not None
    return {k: v["chunk_ids"] for k, v in Manifest.load(generation).files.items()}


def stored_ids(settings, embedder) -> set[str]:
    from ingest.embeddings.backends import LangChainEmbeddings
    from ingest.index import open_chroma

    generation = current_generation(settings.store_dir)
    store = open_chroma(generation, LangChainEmbeddings(embedder))
    return set(store.get(include=[])["ids"])


def test_reingest_unchanged_writes_nothing(tmp_path, embedder):
    settings = make_settings(corpus(tmp_path), tmp_path / "store")
    first = run_ingest(settings, embedder=embedder)
    assert first.files == 2
    assert first.chunks_added >= 3
    assert not first.errors
    generation = current_generation(settings.store_dir)
    again = run_ingest(settings, embedder=embedder)
    assert (again.chunks_added, again.chunks_removed) == (0, 0)
    assert again.chunks_unchanged == first.chunks_added
    assert current_generation(settings.store_dir) == generation  # nothing was rewritten


def test_changed_file_replaces_only_its_chunks_and_deleted_file_goes(tmp_path, embedder):
    folder = corpus(tmp_path)
    settings = make_settings(folder, tmp_path / "store")
    run_ingest(settings, embedder=embedder)
    before = ids_by_file(settings)
    (folder / "leitfaden.md").write_text(
        GUIDE + "\nNeu: Messen Sie den Erfolg monatlich.\n", encoding="utf-8"
    )
    changed = run_ingest(settings, embedder=embedder)
    after = ids_by_file(settings)
    assert after["kurs.txt"] == before["kurs.txt"]
    assert after["leitfaden.md"] != before["leitfaden.md"]
    assert changed.chunks_added >= 1
    assert changed.chunks_removed >= 1
    assert stored_ids(settings, embedder) == {i for ids in after.values() for i in ids}

    (folder / "leitfaden.md").unlink()
    removed = run_ingest(settings, embedder=embedder)
    assert removed.chunks_removed == len(after["leitfaden.md"])
    assert stored_ids(settings, embedder) == set(after["kurs.txt"])


def test_model_mismatch_fails_fast_and_rebuild_recovers(tmp_path, embedder):
    from ingest.embeddings.backends import create_embedder

    settings = make_settings(corpus(tmp_path), tmp_path / "store")
    run_ingest(settings, embedder=embedder)
    minilm = make_settings(
        settings.corpus_dir, settings.store_dir, embeddings="sentence-transformers:all-MiniLM-L6-v2"
    )
    other = create_embedder(minilm.embeddings, model_cache_dir())
    with pytest.raises(IndexMismatchError, match="ingest --rebuild"):
        run_ingest(minilm, embedder=other)
    rebuilt = run_ingest(minilm, rebuild=True, embedder=other)
    assert rebuilt.chunks_added >= 3
    generation = current_generation(settings.store_dir)
    assert Manifest.load(generation).embedding_model == "sentence-transformers:all-MiniLM-L6-v2"


def test_second_concurrent_ingest_is_refused(tmp_path, embedder):
    settings = make_settings(corpus(tmp_path), tmp_path / "store")
    with ingest_lock(settings.store_dir), pytest.raises(IngestLockedError, match="bereits"):
        run_ingest(settings, embedder=embedder)


def test_pdf_pages_and_bad_files_in_summary(tmp_path, embedder):
    folder = corpus(tmp_path)
    text_pdf(
        folder / "praxis.pdf",
        [
            "Ein Praxisbeispiel: Die Bäckerei spart Zeit.",
            "Seite zwei: Die Tischlerei nutzt Sprachassistenten.",
        ],
    )
    text_pdf(folder / "geheim.pdf", ["Vertraulich"], encrypt="pw")
    (folder / "falsch.pdf").write_text("<html><body>keine PDF</body></html>", encoding="utf-8")
    settings = make_settings(folder, tmp_path / "store")
    summary = run_ingest(settings, embedder=embedder)
    assert summary.files == 3
    assert summary.pages == 4
    reasons = {e.file: e.reason for e in summary.errors}
    assert set(reasons) == {"geheim.pdf", "falsch.pdf"}
    assert "passwortgeschützt" in reasons["geheim.pdf"]
    assert "HTML" in reasons["falsch.pdf"]
    from ingest.embeddings.backends import LangChainEmbeddings
    from ingest.index import open_chroma

    store = open_chroma(current_generation(settings.store_dir), LangChainEmbeddings(embedder))
    pages = {m.get("page") for m in store.get(where={"source": "praxis.pdf"})["metadatas"]}
    assert pages == {1, 2}


def run_cli(args: list[str], settings, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "TUTOR_CORPUS_DIR": str(settings.corpus_dir),
        "TUTOR_STORE_DIR": str(settings.store_dir),
        "TUTOR_MODEL_CACHE_DIR": str(settings.model_cache_dir),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_cli_json_summary_and_exit_codes(tmp_path):
    folder = corpus(tmp_path)
    settings = make_settings(folder, tmp_path / "store")
    done = run_cli(["--json"], settings)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert set(summary) == {
        "files",
        "pages",
        "chunks_added",
        "chunks_unchanged",
        "chunks_removed",
        "errors",
        "seconds",
    }
    bad = folder / "leer.txt"
    bad.write_bytes(b"")
    single = run_cli(["--json", str(bad)], settings)
    assert single.returncode == 1
    assert json.loads(single.stdout)["errors"][0]["reason"] == "Die Datei ist leer (0 Byte)."


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["loading", "embedding", "writing", "activating"])
def test_killed_ingest_keeps_old_index_and_next_run_equals_clean_run(tmp_path, phase, embedder):
    folder = corpus(tmp_path)
    settings = make_settings(folder, tmp_path / "store")
    run_ingest(settings, embedder=embedder)
    old = ids_by_file(settings)
    # a bigger change so that writing takes more than one batch
    extra = "\n\n".join(f"{i}. Abschnitt {i}\n\nText zu Thema {i}. " * 3 for i in range(3, 60))
    (folder / "kurs.txt").write_text(COURSE + extra, encoding="utf-8")
    killed = run_cli([], settings, TUTOR_FAILPOINT=phase)
    assert killed.returncode == -9, killed.stderr
    assert ids_by_file(settings) == old  # previous index still active and intact
    assert stored_ids(settings, embedder) == {i for ids in old.values() for i in ids}

    run_ingest(settings, embedder=embedder)
    clean = make_settings(folder, tmp_path / "clean-store")
    run_ingest(clean, embedder=embedder)
    assert ids_by_file(settings) == ids_by_file(clean)
    assert stored_ids(settings, embedder) == stored_ids(clean, embedder)
    generations = [p.name for p in settings.store_dir.glob("gen-*")]
    assert len(generations) <= 2  # leftovers of the killed run were cleaned up
