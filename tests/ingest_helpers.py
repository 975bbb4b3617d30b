"""A small corpus and the subprocess helpers shared by the ingest tests.

``python -m ingest`` runs in a real subprocess with the test's settings in its environment:
to completion (:func:`run_cli`) or paused at a phase by a failpoint (:func:`start_paused_ingest`)
so that a test can kill it from outside.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.index import Manifest, current_generation
from ingest.pipeline import run_ingest
from tests.conftest import ROOT, make_settings

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

# The phases of an ingest at which the kill tests stop it.
PHASES = ["loading", "embedding", "writing", "activating"]
# A bigger change of the course, so that writing takes more than one batch.
BIG_CHANGE = "\n\n".join(f"{i}. Abschnitt {i}\n\nText zu Thema {i}. " * 3 for i in range(3, 60))


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "kurs.txt").write_text(COURSE, encoding="utf-8")
    (folder / "leitfaden.md").write_text(GUIDE, encoding="utf-8")
    return folder


def indexed_corpus(tmp_path: Path, embedder):
    """The small corpus in ``tmp_path`` and settings of its store, after a first ingest."""
    folder = corpus(tmp_path)
    settings = make_settings(folder, tmp_path / "store")
    run_ingest(settings, embedder=embedder)
    return folder, settings


def active_generation(settings) -> Path:
    """The index generation CURRENT points at (the test fails if there is none)."""
    generation = current_generation(settings.store_dir)
    assert generation is not None
    return generation


def ids_by_file(settings) -> dict[str, list[str]]:
    return {k: v["chunk_ids"] for k, v in Manifest.load(active_generation(settings)).files.items()}


def stored_ids(settings, embedder) -> set[str]:
    from ingest.embeddings.backends import LangChainEmbeddings
    from ingest.index import open_chroma

    store = open_chroma(active_generation(settings), LangChainEmbeddings(embedder))
    return set(store.get(include=[])["ids"])


def ingest_env(settings, **env: str) -> dict[str, str]:
    """This process's environment with the corpus, store and model cache of ``settings``."""
    return {
        **os.environ,
        "TUTOR_CORPUS_DIR": str(settings.corpus_dir),
        "TUTOR_STORE_DIR": str(settings.store_dir),
        "TUTOR_MODEL_CACHE_DIR": str(settings.model_cache_dir),
        **env,
    }


def run_cli(args: list[str], settings, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ingest ARGS`` to its end (at most 10 minutes)."""
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args],
        cwd=ROOT,
        env=ingest_env(settings, **env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def start_paused_ingest(settings, phase: str, marker: Path) -> subprocess.Popen[str]:
    """Start ``python -m ingest --json``; it creates ``marker`` and waits at ``phase``."""
    env = ingest_env(settings, TUTOR_FAILPOINT=f"pause:{phase}", TUTOR_FAILPOINT_FILE=str(marker))
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(marker: Path, proc: subprocess.Popen[str], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"ingest ended before the failpoint: {proc.communicate()[1][-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("failpoint not reached in time")
        time.sleep(0.1)
