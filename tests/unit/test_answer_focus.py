"""The focus of a question: its interrogative sentence, without the asker's own business.

The asker's business says who asks, not what: „meines Friseursalons“, „als kleine Bäckerei“,
„bei uns im Friseursalon“, „Ich betreibe eine Metzgerei“, „Wir sind ein Handwerksbetrieb“ are
context, so the answer never says the material does not mention them. A business that is the
topic of the question stays in the focus."""

from __future__ import annotations

import pytest

from tutor.answer.focus import question_focus, unknown_nouns

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "business"),
    [
        ("Was bringt ein Chatbot auf der Website meines Friseursalons?", "Friseursalons"),
        ("Lohnt sich KI als kleine Bäckerei?", "Bäckerei"),
        ("Kommt bei uns im Friseursalon so ein Chatbot in Frage?", "Friseursalon"),
        ("Ich betreibe eine Metzgerei. Wo fange ich mit KI an?", "Metzgerei"),
        ("Wir sind ein Handwerksbetrieb – was bringt uns Predictive Maintenance?", "Handwerks"),
    ],
)
def test_the_askers_own_business_is_context(question: str, business: str) -> None:
    focus = question_focus(question)
    assert business not in focus.text, focus
    assert not any(business in noun for noun in focus.nouns), focus


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Welche Betriebe nutzen schon Chatbots?", "Betriebe"),
        ("Was hat die Tischlerei Weber mit KI gemacht?", "Tischlerei"),
        ("Wie viel hat der Sanitärbetrieb durch den Chatbot gespart?", "Sanitärbetrieb"),
    ],
)
def test_a_business_the_question_asks_about_stays_focus(question: str, topic: str) -> None:
    assert topic in question_focus(question).nouns


def test_an_activity_named_by_a_nominalised_infinitive_is_no_unknown_noun() -> None:
    focus = question_focus("Gibt es Programme, die beim Aussortieren von Bewerbungen helfen?")
    unknown = {"aussorti", "programm"}  # stems neither material nor glossary knows
    assert "Aussortieren" in focus.nouns
    assert unknown_nouns(focus, unknown) == ["Programme"]
