"""The focus of a question: its interrogative sentence, without the asker's own business.

The asker's business says who asks, not what: „meines Friseursalons“, „als kleine Bäckerei“,
„bei uns im Friseursalon“, „Ich betreibe eine Metzgerei“, „Wir sind ein Handwerksbetrieb“ are
context, so the answer never says the material does not mention them. A business that is the
topic of the question stays in the focus."""

from __future__ import annotations

import pytest

from tutor.answer.focus import question_focus, unknown_noun_share, unknown_nouns
from tutor.retrieval.text import tokens

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


def _stems(*words: str) -> set[str]:
    return {s for w in words for s in tokens(w)}


def _flat_idf(term: str) -> float:
    return 1.0


def test_everyday_wording_and_the_story_never_count_as_an_unknown_topic() -> None:
    """Verbs, particles and interrogative adverbs the material does not use say how a question
    is asked; the story before it says who asks. Neither lowers the refusal confidence."""
    story = "Wir vermieten Ferienhäuser an der Ostsee. Muss ich dafür jemanden einstellen?"
    unknown = _stems("vermieten", "Ferienhäuser", "Ostsee", "jemanden")
    assert unknown_noun_share(story, unknown, _flat_idf) == 0.0
    wording = "Woran merkt eine Vertriebs-KI, welcher Interessent wirklich heiß ist?"
    assert (
        unknown_noun_share(wording, _stems("woran", "merkt", "wirklich", "heiß"), _flat_idf) == 0.0
    )


def test_unknown_nouns_of_the_focus_count_as_an_unknown_topic() -> None:
    question = "Welche Handwerkskammer bietet kostenlose KI-Sprechstunden an?"
    unknown = _stems("Handwerkskammer", "kostenlose", "KI-Sprechstunden")
    share = unknown_noun_share(question, unknown, _flat_idf)
    assert 0.4 < share <= 1.0
    # the adjective alone would not have counted
    assert unknown_noun_share(question, _stems("kostenlose"), _flat_idf) == 0.0


@pytest.mark.parametrize(
    ("question", "word", "named"),
    [
        (
            "Was ist der Unterschied zwischen maschinellem Lernen und Deep Learning?",
            "Deep",
            "Deep Learning",
        ),
        ("Brauche ich eigene Data Scientists?", "Scientists", "Data Scientists"),
        ("Was kostet der Stundensatz eines Beraters?", "Stundensatz", "Stundensatz"),
    ],
)
def test_an_unknown_word_is_named_with_the_multi_word_name_it_stands_in(question, word, named):
    from tutor.answer.focus import as_named

    assert as_named(question_focus(question), [word]) == [named]
