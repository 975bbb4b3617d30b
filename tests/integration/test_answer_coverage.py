"""What a partial answer claims the material does not name (issue 21, branch cov3)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Merkt ein Planungsprogramm, wenn Material später geliefert wird?", "Planungsprogramm"),
        (
            "Fällt der Spamfilter in meinem Mailprogramm unter die strengen Regeln des EU AI Act?",
            "Mailprogramm",
        ),
    ],
)
def test_a_compound_the_material_says_in_its_parts_is_not_claimed_missing(
    container, question, word
):
    """The course speaks of planning software and of mail and spam filters; a learner who
    reads "Das Kursmaterial erwähnt „Planungsprogramm“ nicht" above the very passage that
    answers is misled."""
    answer = container.answers.ask(question)
    assert answer.coverage == "full"
    assert f"„{word}“" not in answer.answer


def test_a_price_the_material_lacks_is_still_said_to_be_missing(container):
    answer = container.answers.ask(
        "Was kostet die automatische Schweißnahtprüfung mit Scortex pro Monat?"
    )
    assert answer.coverage == "partial"
    assert answer.answer.startswith("Einen konkreten Preis nennt das Kursmaterial nicht")


@pytest.mark.parametrize(
    "question",
    [
        "Was bringt mir so ein Chatbot-Ding auf der Webseite?",
        "Was ist das für ein Ding, mit dem man Maschinen im Computer nachbaut?",
    ],
)
def test_a_placeholder_noun_is_no_topic_the_material_lacks(container, question):
    """„so ein Chatbot-Ding“ names a chatbot; „Das Kursmaterial erwähnt „Ding“ nicht“ reads as
    if the tutor had not understood the question (prompts/stoppwoerter.toml
    [platzhalternomen])."""
    answer = container.answers.ask(question)
    assert answer.coverage == "full"
    assert "Ding“" not in answer.answer


def test_a_compound_said_in_its_parts_does_not_lower_the_refusal_confidence(container):
    """The course never says „Belegerkennung“, but „Tools wie … sevDesk … verwenden KI, um
    Belege automatisch zu erkennen“; counted as an unknown noun it made the tutor refuse with
    „Dazu steht nichts in den Kursunterlagen“."""
    answer = container.answers.ask("Welche Tools nennt der Kurs für die Belegerkennung?")
    assert not answer.refused
    assert "sevDesk" in answer.answer
    assert answer.citations[0].module == 4


@pytest.mark.parametrize(
    "question",
    [
        "Kommt für eine kleine Bäckerei ein Chatbot in Frage?",
        "Welche Rolle spielt die Unternehmensführung bei der KI-Einführung?",
    ],
)
def test_the_words_of_a_light_verb_frame_are_no_topic_left_unanswered(container, question):
    """„Kommt … in Frage“ and „Welche Rolle spielt …“ only frame the question; counted as
    focus words the answer never quotes, they made answers on point open with „Direkt
    beantwortet das Kursmaterial diese Frage nicht“."""
    answer = container.answers.ask(question)
    assert answer.coverage == "full"
