"""Ingest end to end: real e5 model, real Chroma in tmp_path, real generated PDFs."""

from __future__ import annotations

import json

import pytest

from ingest.index import (
    IndexMismatchError,
    IngestLockedError,
    Manifest,
    current_generation,
    ingest_lock,
)
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, model_cache_dir
from tests.ingest_helpers import (
    BIG_CHANGE,
    COURSE,
    GUIDE,
    PHASES,
    active_generation,
    corpus,
    ids_by_file,
    indexed_corpus,
    run_cli,
    stored_ids,
)
from tests.pdfs import text_pdf

pytestmark = pytest.mark.integration


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
    folder, settings = indexed_corpus(tmp_path, embedder)
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
    generation = active_generation(settings)
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

    store = open_chroma(active_generation(settings), LangChainEmbeddings(embedder))
    pages = {m.get("page") for m in store.get(where={"source": "praxis.pdf"})["metadatas"]}
    assert pages == {1, 2}


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
        "engine",
        "rebuilt_from_engine",
    }
    assert summary["engine"] == "fp32"  # the default (exact) index engine, recorded in the summary
    assert summary["rebuilt_from_engine"] is None
    bad = folder / "leer.txt"
    bad.write_bytes(b"")
    single = run_cli(["--json", str(bad)], settings)
    assert single.returncode == 1
    assert json.loads(single.stdout)["errors"][0]["reason"] == "Die Datei ist leer (0 Byte)."


@pytest.mark.slow
@pytest.mark.parametrize("phase", PHASES)
def test_killed_ingest_keeps_old_index_and_next_run_equals_clean_run(tmp_path, phase, embedder):
    folder, settings = indexed_corpus(tmp_path, embedder)
    old = ids_by_file(settings)
    (folder / "kurs.txt").write_text(COURSE + BIG_CHANGE, encoding="utf-8")
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
