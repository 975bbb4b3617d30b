"""Anaphoric pronouns as a signal that a question continues the conversation
(``tutor/retrieval/followup.toml`` ``[pronomen]``), and the validation of that class."""

from __future__ import annotations

import pytest

from tutor.retrieval.followup import WORDS_FILE, has_pro_form, refers_back, word_classes

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    [
        "Hat ein Händler das schon mal so umgesetzt?",  # article word standing alone
        "Wie sieht das in der Praxis aus?",
        "Was sagt sie zum Thema Fachpersonal?",  # 3rd-person pronoun
        "Was hat ihm das gebracht?",
        "Muss ich die dann für jeden Bereich extra anpassen?",
        "Hat so etwas schon mal ein Handwerksbetrieb umgesetzt?",  # so etwas
        "Was ist das?",
    ],
)
def test_a_pronoun_without_its_noun_in_the_question_refers_back(question):
    assert has_pro_form(question)
    assert refers_back(question)


@pytest.mark.parametrize(
    "question",
    [
        "Was bedeuten die SMART-Kriterien?",  # article before a noun
        "Was sind die wichtigsten Vorteile von KI?",  # … before an adjective
        "Können Sie mir die Datenminimierung erklären?",  # 'Sie' is the polite address
        "Wie schütze ich Ihre Kundendaten?",
        "Was kostet IT-Sicherheit für KMU?",
        "How does a consulting firm use AI for its social media?",  # possessive: same question
        # the pronoun points into the question's own first clause or sentence
        "Bei uns prüft ein Kollege jede Schweißnaht per Auge. Geht das mit KI schneller?",
        "Meine Leute haben Angst, dass ihnen die KI den Job wegnimmt. Was rät der Kurs?",
        "Was ist so etwas wie ein Chatbot?",  # 'so etwas wie' announces its noun
    ],
)
def test_pronouns_with_their_noun_in_the_question_do_not_refer_back(question):
    assert not has_pro_form(question)


def test_the_pronoun_class_must_be_complete(tmp_path):
    text = WORDS_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "followup.toml"
    broken.write_text(text.replace("teilsatzgrenze =", "# teilsatzgrenze ="), encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[pronomen\]"):
        word_classes(broken)
    invalid = tmp_path / "invalid.toml"
    invalid.write_text(text.replace("muster = ['sie|", "muster = ['(sie|"), encoding="utf-8")
    with pytest.raises(ValueError, match="ungültiges Muster"):
        word_classes(invalid)
