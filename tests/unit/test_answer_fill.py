"""A single answer's remaining room: a quoted sentence goes on as its paragraph does
(``composition.fill``, :func:`tutor.answer.continuation.filled`)."""

from __future__ import annotations

import pytest

from tutor.answer.compose import Candidate, Composition
from tutor.answer.continuation import filled
from tutor.answer.features import FEATURES
from tutor.answer.units import pieces
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.hybrid import Hit

pytestmark = pytest.mark.unit


def _paragraph_chunk(text: str) -> IndexedChunk:
    return IndexedChunk(
        "p1", text, "Abschnitt", "kurs.txt", "kurs.txt", None, None, None, "A", None, 1
    )


def test_a_quoted_sentence_goes_on_to_the_fact_its_paragraph_states_next():
    text = (
        "Zwei Mitarbeiter sortierten Belege von Hand. Heute erkennt ein System die Belege. "
        "Die Investition hat sich nach sechs Monaten amortisiert.\n\n"
        "Ein anderer Absatz über etwas anderes."
    )
    c = _paragraph_chunk(text)
    first = pieces(c)[0]
    lead = Candidate(first, Hit(c, 1, 0.0, 0.0, 0.0), dict.fromkeys(FEATURES, 0.0), 1.0)
    answer = " ".join(u.unit.text for u in filled([lead], Composition(fill=True, budget=600)))
    assert "nach sechs Monaten amortisiert" in answer  # the paragraph's fact is quoted …
    assert "anderer Absatz" not in answer  # … but the answer does not run into the next one
    # without room, or with filling off, the quote stays as chosen
    assert filled([lead], Composition(fill=True, budget=60))[0].unit.text == first.text
    assert filled([lead], Composition(fill=False))[0].unit.text == first.text
