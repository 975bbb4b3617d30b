"""From an answer to practice: the passages an answer cites are found from its rendered
source cards, and one validated item is built from them."""

from __future__ import annotations

import pytest

from tests.unit.test_quiz_fixtures import corpus_chunks, generator
from tutor.answer.models import Answer, Citation
from tutor.quiz.practice import cited_chunks, practice_item, quoted_lines
from tutor.web.chat import sources_html

pytestmark = pytest.mark.unit
TWINS = (
    "Fortgeschrittene Betriebe nutzen sogenannte 'digitale Zwillinge' – virtuelle Abbilder "
    "ihrer Maschinen oder Produktionslinien."
)
INVENTORY = (
    "Ein einfaches Dateninventar – also eine Übersicht über alle verfügbaren Daten – ist oft "
    "der erste große Fortschritt auf dem Weg zur KI-Nutzung."
)


def _chunk(module: int, section_start: str):  # type: ignore[no-untyped-def]
    return next(
        c
        for c in corpus_chunks()
        if c.module == module and (c.section or "").startswith(section_start)
    )


def _sources(*pairs) -> str:  # type: ignore[no-untyped-def]
    citations = [Citation.of(n, chunk, quote) for n, (chunk, quote) in enumerate(pairs, 1)]
    return sources_html(
        Answer(question="q", resolved_question="q", answer="a", citations=citations)
    )


def test_cited_passages_are_found_from_the_source_cards():
    twins = _chunk(5, "5.")
    data = _chunk(3, "2.")
    text = _sources((twins, TWINS), (data, INVENTORY))
    assert quoted_lines(text)
    assert [c.chunk_id for c in cited_chunks(text, corpus_chunks())] == [
        twins.chunk_id,
        data.chunk_id,
    ]


def test_one_valid_item_comes_from_the_first_cited_passage():
    chunk = _chunk(3, "5.")
    text = _sources((chunk, "Ein einfacher Leitfaden kann aus fünf Schritten bestehen:"))
    item = practice_item(generator(), cited_chunks(text, corpus_chunks()), seed=0)
    assert item is not None
    assert item.source.chunk_id == chunk.chunk_id
    assert generator().validator.problems(item) == []
    again = practice_item(generator(), cited_chunks(text, corpus_chunks()), seed=0)
    assert again is not None
    assert again.item_id == item.item_id  # same seed, same item


def test_no_sources_no_item():
    assert cited_chunks("", corpus_chunks()) == []
    assert practice_item(generator(), [], seed=0) is None
