"""The ingest stores each document's loaded text and blocks in the index generation, and the
readiness check reads the guide from there (real e5 model, real Chroma in tmp_path)."""

from __future__ import annotations

import logging
import shutil

import pytest

from ingest.documents import DOCUMENTS, load_document
from ingest.pipeline import run_ingest
from tests.conftest import make_settings
from tests.ingest_helpers import active_generation, indexed_corpus
from tutor.checklist.guide import load_guide
from tutor.checklist.models import ChecklistParseError

pytestmark = pytest.mark.integration


def test_each_indexed_document_is_stored_with_its_generation(tmp_path, embedder):
    _, settings = indexed_corpus(tmp_path, embedder)
    first = active_generation(settings)
    guide = load_document(first, "leitfaden.md")
    assert guide is not None
    assert guide.pages == [(settings.corpus_dir / "leitfaden.md").read_text(encoding="utf-8")]
    assert ("Checkliste für den Start", "heading") in guide.blocks

    (settings.corpus_dir / "kurs.txt").write_text(
        "Modul 1: Neu\n\nEin ganz neuer Text über Datenhaltung.", encoding="utf-8"
    )
    run_ingest(settings, embedder=embedder)  # only the course is read again
    second = active_generation(settings)
    assert second != first
    assert load_document(second, "leitfaden.md") == guide  # unchanged: carried over
    course = load_document(second, "kurs.txt")
    assert course is not None
    assert "ganz neuer Text" in course.pages[0]

    (settings.corpus_dir / "kurs.txt").unlink()
    run_ingest(settings, embedder=embedder)
    third = active_generation(settings)
    assert load_document(third, "kurs.txt") is None  # a deleted file's document goes too
    assert len(list((third / DOCUMENTS).glob("*.json"))) == 1


def test_the_checklist_comes_from_the_index_not_the_file_changed_since(
    corpus_settings, tmp_path, caplog
):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_settings.corpus_dir, corpus)
    shutil.copytree(corpus_settings.store_dir, tmp_path / "store")
    settings = make_settings(corpus, tmp_path / "store")
    indexed = load_guide(settings)
    assert len(indexed.checklist.items) == 29
    assert indexed == load_guide(make_settings(corpus, tmp_path / "kein-index"))  # = the file

    guide_file = corpus / indexed.source
    guide_file.write_text("Ein Leitfaden ohne Checkliste.", encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert load_guide(settings) == indexed  # not re-ingested: the index still counts
    assert not caplog.records

    shutil.rmtree(active_generation(settings) / DOCUMENTS)  # an index built before this
    with caplog.at_level(logging.WARNING), pytest.raises(ChecklistParseError):
        load_guide(settings)  # … falls back to the file, which has no checklist now
    assert "tutor ingest --rebuild" in caplog.text
    assert "Der Index enthält den Leitfaden noch nicht" in caplog.text
