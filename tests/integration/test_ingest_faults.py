"""Faults around ingest and the index: kill -9 from outside, corrupt stores, stale locks.

The killed ingest is a real ``python -m ingest`` subprocess paused at a phase
(``TUTOR_FAILPOINT=pause:<phase>``) and then sent SIGKILL by the test, while a tutor in this
process keeps answering from the previous index.
"""

from __future__ import annotations

import os
import signal

import pytest

from ingest.index import IndexCorruptError, IngestLockedError, current_generation
from ingest.pipeline import run_ingest
from tests.conftest import make_settings
from tests.ingest_helpers import (
    BIG_CHANGE,
    COURSE,
    PHASES,
    active_generation,
    ids_by_file,
    indexed_corpus,
    run_cli,
    start_paused_ingest,
    stored_ids,
    wait_for,
)

pytestmark = pytest.mark.integration

QUESTION = "Wie spart der Tischler Zeit bei Rechnungen?"


def top_ids(container) -> list[str]:
    return [h.chunk.chunk_id for h in container.retriever.retrieve(QUESTION).hits]


@pytest.mark.slow
@pytest.mark.parametrize("phase", PHASES)
def test_sigkill_keeps_serving_and_next_run_equals_clean_run(tmp_path, phase, embedder):
    from tutor.container import Container

    folder, settings = indexed_corpus(tmp_path, embedder)
    old = ids_by_file(settings)
    tutor = Container(settings, embedder=embedder)
    before = top_ids(tutor)
    (folder / "kurs.txt").write_text(COURSE + BIG_CHANGE, encoding="utf-8")

    marker = tmp_path / "paused"
    proc = start_paused_ingest(settings, phase, marker)
    try:
        wait_for(marker, proc)
        assert top_ids(tutor) == before  # the previous index keeps serving during the ingest
        with pytest.raises(IngestLockedError, match="bereits ein Ingest"):
            run_ingest(settings, embedder=embedder)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert ids_by_file(settings) == old  # CURRENT still points at the intact old generation
    assert top_ids(tutor) == before
    assert stored_ids(settings, embedder) == {i for ids in old.values() for i in ids}

    # the lock died with the process: the next ingest runs (a live lock would raise
    # IngestLockedError, as above) and equals a clean run
    run_ingest(settings, embedder=embedder)
    clean = make_settings(folder, tmp_path / "clean-store")
    run_ingest(clean, embedder=embedder)
    assert ids_by_file(settings) == ids_by_file(clean)
    from ingest.embeddings.backends import LangChainEmbeddings
    from ingest.index import open_chroma

    ids = open_chroma(active_generation(settings), LangChainEmbeddings(embedder))
    raw = ids.get(include=[])["ids"]
    assert len(raw) == len(set(raw))  # no duplicates
    assert set(raw) == stored_ids(clean, embedder)
    assert len(list(settings.store_dir.glob("gen-*"))) <= 2  # the killed run's copy is gone
    assert "Abschnitt 7" in " ".join(
        h.chunk.text for h in tutor.retriever.retrieve("Text zu Thema 7").hits
    )  # the live tutor switched to the new index


def damage(settings, how: str) -> None:
    generation = current_generation(settings.store_dir)
    assert generation is not None
    if how == "garbage-sqlite":
        (generation / "chroma.sqlite3").write_bytes(os.urandom(64 * 1024))
    elif how == "truncated-sqlite":
        data = (generation / "chroma.sqlite3").read_bytes()
        (generation / "chroma.sqlite3").write_bytes(data[:4096])
    elif how == "missing-sqlite":
        (generation / "chroma.sqlite3").unlink()
    elif how == "missing-manifest":
        (generation / "manifest.json").unlink()
    elif how == "missing-generation":
        import shutil

        shutil.rmtree(generation)


@pytest.mark.parametrize(
    "how",
    [
        "garbage-sqlite",
        "truncated-sqlite",
        "missing-sqlite",
        "missing-manifest",
        "missing-generation",
    ],
)
def test_corrupt_index_clear_message_and_rebuild_recovers(tmp_path, how, embedder):
    from tutor.container import Container

    _, settings = indexed_corpus(tmp_path, embedder)
    damage(settings, how)

    with pytest.raises(IndexCorruptError, match=r"beschädigt|fehlenden Ordner"):
        Container(settings, embedder=embedder).retriever.retrieve(QUESTION)
    failed = run_cli([], settings)
    assert failed.returncode == 2
    assert "tutor ingest --rebuild" in failed.stderr
    assert "Traceback" not in failed.stderr

    rebuilt = run_cli(["--rebuild", "--json"], settings)
    assert rebuilt.returncode == 0, rebuilt.stderr
    hits = Container(settings, embedder=embedder).retriever.retrieve(QUESTION).hits
    assert "Rechnungen automatisch" in hits[0].chunk.text


def test_store_from_other_model_message_names_rebuild(tmp_path, embedder):
    folder, settings = indexed_corpus(tmp_path, embedder)
    minilm = {"TUTOR_EMBEDDINGS": "sentence-transformers:all-MiniLM-L6-v2"}
    (folder / "kurs.txt").write_text(COURSE + "\nNeu.\n", encoding="utf-8")
    refused = run_cli([], settings, **minilm)
    assert refused.returncode == 2
    assert "Embedding-Modell" in refused.stderr
    assert "tutor ingest --rebuild" in refused.stderr
    assert run_cli(["--rebuild"], settings, **minilm).returncode == 0
    assert "MiniLM" in (active_generation(settings) / "manifest.json").read_text()
