"""Source cards of the Fragen tab: passage with highlighted quotes, links from [n], inert."""

from __future__ import annotations

import pytest

from tutor.answer.models import Answer, Citation
from tutor.retrieval.corpus import IndexedChunk
from tutor.web import chat

pytestmark = pytest.mark.unit

PASSAGE = "Erster Satz. Zweiter Satz <b>fett</b>. Dritter Satz."


def answer() -> Answer:
    c = IndexedChunk(
        "c1",
        PASSAGE,
        "Kurs › Modul 3",
        "kurs.txt",
        "Kurs KI für KMU",
        3,
        "Daten",
        None,
        "3. Datenqualität",
        None,
        3,
    )
    cite = Citation.of(1, c, "Zweiter Satz <b>fett</b>.", [(13, 38), (39, 52)])
    return Answer(question="q", resolved_question="q", answer="Zweiter Satz. [1]", citations=[cite])


def test_a_card_shows_the_whole_passage_with_the_quote_marked_and_is_collapsible():
    html = chat.sources_html(answer())
    assert '<details class="quelle" id="quelle-1" data-chunk="c1">' in html
    assert "<summary>" in html
    assert "Modul 3" in html
    # adjacent quoted sentences form one highlight; the document's own markup stays text
    assert "<mark>Zweiter Satz &lt;b&gt;fett&lt;/b&gt;. Dritter Satz.</mark>" in html
    assert html.count("<mark>") == 1
    assert "Erster Satz." in html
    assert "<b>" not in html


def test_markers_link_to_their_cards():
    linked = chat.linked("Ein Satz. [1] Noch einer. [2]")
    assert 'href="#quelle-1"' in linked
    assert 'href="#quelle-2"' in linked
    assert linked.count("quelle-link") == 2


def test_an_answer_without_sources_says_so():
    refused = Answer(question="q", resolved_question="q", answer="Dazu steht nichts.", refused=True)
    assert "keine Quellen" in chat.sources_html(refused)
    assert refused.coverage == "none"
