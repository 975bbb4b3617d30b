"""Follow-ups that apply the topic under discussion to the asker's own business
(``tutor/retrieval/followup.toml`` ``[selbstbeschreibung]``, ``[eingrenzung]``), and the
demonstratives standing alone of ``[pronomen]`` ("das gerade …", English "that")."""

from __future__ import annotations

import pytest

from tutor.retrieval.followup import (
    WORDS_FILE,
    applies_to_own_case,
    asked_terms,
    narrowing_patterns,
    refers_back,
    self_description,
    self_description_patterns,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Was heißt das konkret für mich als Bäckerei?", "mich als Bäckerei"),
        ("Was heißt das für uns als kleinen Familienbetrieb?", "uns als kleinen Familienbetrieb"),
        ("Gilt das auch für uns mit 12 Leuten?", "mit 12 Leuten"),
        ("Ist das was für einen kleinen Betrieb wie meinen?", "einen kleinen Betrieb wie meinen"),
        ("Is that realistic for a small workshop like mine?", "a small workshop like mine"),
    ],
)
def test_the_asker_describing_their_business_is_found(question, phrase):
    assert phrase in self_description(question)
    assert applies_to_own_case(question)


@pytest.mark.parametrize(
    "question",
    [
        "Was heißt das konkret?",  # no description of the asker
        "Wie schützen wir unsere Kundendaten?",  # a possessive names the topic, not the asker
        "Welche Rolle spielt KI als Werkzeug im Handwerk?",  # "als" without the asker
    ],
)
def test_other_questions_describe_no_asker(question):
    assert self_description(question) == []


def test_an_unknown_trade_in_the_description_is_not_what_is_asked():
    # "Bäckerei" describes the asker; the refusal judges only what the question asks
    assert "backerei" not in asked_terms("Was heißt das konkret für mich als Bäckerei?")
    assert "chatbot" in asked_terms("Betrifft mich das als Onlinehändler mit einem Chatbot?")


@pytest.mark.parametrize(
    ("question", "own_case"),
    [
        ("Und im Handwerk?", True),  # an ellipsis that narrows to a kind of business
        ("Und bei einem Handwerksbetrieb?", True),
        ("Und fürs Personalwesen?", False),  # an ellipsis that swaps the field, no business
        ("Und gibt es für Firmen eine Schonfrist?", False),  # a new aspect, not an ellipsis
        ("Welche Tools gibt es fürs Handwerk?", False),  # does not refer back
        # a self-contained question: "damit" opens a clause of its own after the comma
        ("Was kann ich als Chef tun, damit mein Team KI ausprobiert?", False),
    ],
)
def test_an_ellipsis_naming_a_kind_of_business_applies_the_topic_to_it(question, own_case):
    assert applies_to_own_case(question) is own_case


@pytest.mark.parametrize(
    "question",
    [
        "Warum ist das gerade für kleine Betriebe wichtig?",  # "das" + particle, no noun
        "Wie setze ich das gegenüber Kunden um?",  # "das" + preposition in -er, no adjective
        "Who is responsible for that in our shop?",  # "that" before a preposition
        "Is that realistic for us?",  # "that" after an auxiliary
    ],
)
def test_demonstrative_das_and_english_that_standing_alone_refer_back(question):
    assert refers_back(question)


@pytest.mark.parametrize(
    "question",
    [
        "What does the guide say about the checklist?",
        "Which tools does the course name for bookkeeping?",
        "Is there a rule that covers chatbots?",  # "that" introduces a relative clause
        "Our list is a mess. Does that matter for AI?",  # "that" points into the question
        "When does it make sense to build our own AI?",  # "it" is no reference back
    ],
)
def test_self_contained_english_questions_do_not_refer_back(question):
    assert not refers_back(question)


def test_the_new_word_classes_need_a_rationale(tmp_path):
    text = WORDS_FILE.read_text(encoding="utf-8")
    for section, loader in (
        ("selbstbeschreibung", self_description_patterns),
        ("eingrenzung", narrowing_patterns),
    ):
        start = text.index(f"[{section}]")
        end = text.index("\n", text.index("rationale", start))
        broken = tmp_path / f"{section}.toml"
        broken.write_text(text[:start] + f"[{section}]" + text[end:], encoding="utf-8")
        with pytest.raises(ValueError, match=rf"\[{section}\]"):
            loader(broken)
