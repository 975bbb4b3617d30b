"""Compounds of known parts are no unknown nouns (tutor/answer/compounds.py, branch cov3)."""

from __future__ import annotations

import pytest

from tutor.answer.compounds import known_parts
from tutor.answer.focus import question_focus, unknown_nouns
from tutor.retrieval.text import tokens

pytestmark = pytest.mark.unit

# a material that knows programs, planning, texts, mail and chat, but no windows or football
MATERIAL = {
    s: 1 for w in ("Programme", "Planung", "Texte", "Mails", "Chat", "KI") for s in tokens(w)
}


@pytest.mark.parametrize(
    "word", ["Planungsprogramm", "Textprogramm", "Mailprogramm", "KI-Textprogramm"]
)
def test_a_compound_of_known_parts_is_known(word: str) -> None:
    assert known_parts(word, MATERIAL)


@pytest.mark.parametrize(
    "word", ["Chatfenster", "Fußball-Weltmeisterschaft", "Programmfenster", "Kaprogramm"]
)
def test_a_compound_with_an_unknown_part_stays_unknown(word: str) -> None:
    # "Kaprogramm": a modifier shorter than three letters is no part
    assert not known_parts(word, MATERIAL)


def test_unknown_nouns_leave_out_a_compound_of_known_parts() -> None:
    focus = question_focus("Merkt ein Planungsprogramm im Chatfenster, wann Farbe geliefert wird?")
    unknown = set(tokens("Planungsprogramm Chatfenster"))
    assert unknown_nouns(focus, unknown) == ["Planungsprogramm", "Chatfenster"]
    assert unknown_nouns(focus, unknown, lambda w: known_parts(w, MATERIAL)) == ["Chatfenster"]
