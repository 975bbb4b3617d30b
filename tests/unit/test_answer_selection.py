"""Which sentences an extractive answer quotes: follow-up sentences, named documents."""

from __future__ import annotations

import pytest

from tutor.answer.extractive import AnswerPolicy, ScoredUnit, _is_question, select_units
from tutor.retrieval.corpus import IndexedChunk

pytestmark = pytest.mark.unit


def chunk(n: int, source: str) -> IndexedChunk:
    return IndexedChunk(
        chunk_id=f"c{n}",
        text="",
        header="Abschnitt",
        source=source,
        title=source,
        module=None,
        module_title=None,
        chapter=None,
        section="Abschnitt",
        page=None,
        position=n,
    )


def unit(text: str, c: IndexedChunk, order: int, score: float, rank: int = 1) -> ScoredUnit:
    return ScoredUnit(text, c, rank, order, score, 0.5)


def test_the_sentence_that_carries_the_outcome_comes_along():
    c = chunk(1, "kurs.txt")
    units = [
        unit("Ein Sanitärbetrieb führte einen Chatbot ein.", c, 0, 1.0),
        unit("Seitdem stiegen die Anfragen um 25 Prozent.", c, 1, 0.3),
        unit("Auch ein Bäcker nutzt KI.", c, 2, 0.2),
    ]
    chosen = [u.text for u in select_units(units, AnswerPolicy())]
    assert chosen == [units[0].text, units[1].text]


def test_a_follower_must_refer_back_and_fit_the_length_limit():
    c = chunk(1, "kurs.txt")
    units = [
        unit("Ein Sanitärbetrieb führte einen Chatbot ein.", c, 0, 1.0),
        unit("Dadurch " + "sehr " * 200 + "viel Zeit gespart.", c, 1, 0.3),
    ]
    assert len(select_units(units, AnswerPolicy())) == 1
    units[1] = unit("Ein Bäcker nutzt KI.", c, 1, 0.3)
    assert len(select_units(units, AnswerPolicy())) == 1


def test_each_named_document_is_quoted_but_not_with_a_checklist_question():
    kurs, leitfaden = chunk(1, "kurs.txt"), chunk(2, "leitfaden.txt")
    units = [
        unit("Starten Sie mit kleinen Pilotprojekten.", kurs, 0, 1.0),
        unit("Sind Pilotprojekte definiert?\n[ ] Ja\n[ ] Nein", leitfaden, 0, 0.5, rank=2),
        unit("Wählen Sie Projekte mit geringem Risiko.", leitfaden, 1, 0.3, rank=4),
    ]
    alone = select_units(units, AnswerPolicy())
    assert [u.chunk.source for u in alone] == ["kurs.txt"]
    both = select_units(units, AnswerPolicy(), frozenset({"kurs.txt", "leitfaden.txt"}))
    assert [u.text for u in both] == [units[0].text, units[2].text]


def test_checklist_items_are_questions_but_statements_are_not():
    assert _is_question("12. Gibt es einen Plan?\n[ ] Ja\n[ ] Nein")
    assert _is_question("Was ist KI?")
    assert not _is_question("Ein Plan hilft.\n[ ] Ja")
    assert not _is_question("")
