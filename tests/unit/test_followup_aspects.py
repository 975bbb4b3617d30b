"""General aspects a follow-up asks about (``tutor/retrieval/followup.toml`` ``[aspekte]``):
a question whose own words are only an interrogative frame ("Wer macht das bei uns?") is
searched with the words in which the material states that kind of information."""

from __future__ import annotations

import pytest

from tutor.retrieval.followup import WORDS_FILE, aspect_words, aspects, with_aspects

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Wer macht das bei uns?", "Verantwortlichkeiten"),  # who acts: responsibility
        ("Und wer kümmert sich dann darum?", "Ansprechpartner"),
        ("Who handles that?", "Ansprechpartner"),
        ("Was passiert, wenn man sich nicht dran hält?", "Strafen"),  # consequences
        ("Was droht uns bei einem Verstoß?", "Sanktionen"),
        ("What happens if we ignore it?", "Haftung"),
        ("Wie lange dauert das?", "Monate"),  # duration
        ("Über welchen Zeitraum geht das?", "Wochen"),
        ("Is that realistic for a small workshop like mine?", "Aufwand"),  # feasibility
        ("Ist das für uns überhaupt machbar?", "Grenzen"),
    ],
)
def test_a_general_aspect_is_searched_with_the_materials_words(question, word):
    assert word in aspect_words(question)
    assert with_aspects("topic", question).startswith("topic ")
    assert word in with_aspects("topic", question)


@pytest.mark.parametrize(
    "question",
    [
        "Und was kostet das?",  # a price: the composer asks for an amount, no search words
        "Welche Tools gibt es dafür?",
        "Was passiert mit den Daten in der Cloud?",  # "was passiert" without a breach
        "Gibt es dafür ein Beispiel?",
    ],
)
def test_other_questions_get_no_aspect_words(question):
    assert aspect_words(question) == []
    assert with_aspects("topic", question) == "topic"


def test_every_aspect_needs_a_rationale_patterns_and_words(tmp_path):
    text = WORDS_FILE.read_text(encoding="utf-8")
    assert {a.name for a in aspects()} >= {"zustaendigkeit", "folgen", "dauer", "machbarkeit"}
    start = text.index("[aspekte.dauer]")
    end = text.index("\nfrage = ", start) + 1
    broken = tmp_path / "followup.toml"
    broken.write_text(text[:start] + "[aspekte.dauer]\n" + text[end:], encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[aspekte\.dauer\]"):
        aspects(broken)
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("'\\bwie lange\\b|", "'(\\bwie lange\\b|", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="ungültiges Muster"):
        aspects(bad)
