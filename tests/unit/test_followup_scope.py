"""Follow-ups that widen, narrow to a document or replace a phrase of the earlier question
(``followup.toml`` ``[verallgemeinerung]``, ``[ersetzung]``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tutor.retrieval.ellipsis import substituted
from tutor.retrieval.followup import (
    ContextWeights,
    context_weight,
    document_scope,
    has_pro_form,
    opens_with_connective,
    widens,
)

pytestmark = pytest.mark.unit

WEIGHTS = ContextWeights(base=0.2, connective=0.4, pro_form=0.4, per_missing_term=0.1)
TITLES = {
    "kurs-ki-fuer-kmu.txt": "Kurs KI für KMU",
    "leitfaden-ki-integration-kmu.txt": "Leitfaden zur Integration von Künstlicher Intelligenz",
    "seminararbeit-ki-herausforderungen-kmu.txt": "Seminararbeit KI Herausforderungen KMU",
}


@pytest.mark.parametrize(
    "question",
    [
        "Und generell: Wie steigt eine Firma am besten in KI ein?",
        "Und allgemein, für alle Branchen?",
    ],
)
def test_a_widening_adverb_stops_the_connective_from_carrying_the_case(question):
    assert widens(question)
    assert not opens_with_connective(question)


def test_a_widening_question_with_words_of_its_own_barely_depends_on_the_case():
    freq = {t: 1 for t in ("steigt", "firma", "best", "ki", "ein", "stieg", "generell")}
    wide = context_weight("Und generell: Wie steigt eine Firma am besten in KI ein?", freq, WEIGHTS)
    plain = context_weight("Und wie steigt eine Firma am besten in KI ein?", freq, WEIGHTS)
    assert wide < 0.2 < plain


def test_widening_with_a_pro_form_still_refers_back():
    question = "Und ganz allgemein – in welchen Branchen geht so was noch?"
    assert widens(question)
    assert has_pro_form(question)


def test_a_follow_up_naming_a_document_searches_there_without_its_name():
    snap = SimpleNamespace(titles=TITLES)
    source, text = document_scope("Was sagt der Leitfaden dazu?", snap)  # type: ignore[arg-type]
    assert source == "leitfaden-ki-integration-kmu.txt"
    assert "Leitfaden" not in text
    assert "dazu" in text
    # a question of its own that names a document is left to the retriever
    assert document_scope("Wozu dient laut Leitfaden ein PoC?", snap) == (  # type: ignore[arg-type]
        None,
        "Wozu dient laut Leitfaden ein PoC?",
    )


def test_an_ellipsis_replaces_the_final_phrase_of_the_earlier_question():
    previous = ["Welche Tools helfen bei der Buchhaltung?"]
    assert substituted("Und fürs Projektmanagement?", previous) == [
        "Welche Tools helfen fürs Projektmanagement?"
    ]
    assert substituted(
        "Und bei der Materialplanung?", ["Wie hilft KI bei der Wartung von Maschinen?"]
    ) == ["Wie hilft KI bei der Materialplanung?"]


@pytest.mark.parametrize(
    ("question", "previous"),
    [
        (
            "Und für einen Newsletter?",
            ["Wie kann KI Texte für das Marketing schreiben?"],
        ),  # verb last
        (
            "Und in welchen Bereichen ist das heikel?",
            ["Wo liegen die Grenzen im Handel?"],
        ),  # a clause
        ("Und was kostet das?", ["Welche Tools helfen bei der Buchhaltung?"]),  # no ellipsis
    ],
)
def test_other_follow_ups_leave_the_earlier_question_as_asked(question, previous):
    assert substituted(question, previous) == previous
