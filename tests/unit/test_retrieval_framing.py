"""Question framing that is not the topic (light-verb frames), split separable verbs and
questionnaire passages: the rule tables as data and what they find (no models)."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS
from tutor.retrieval.framing import Frame, frame_spans, light_verb_frames, without_frames
from tutor.retrieval.questionnaire import is_questionnaire, names_questionnaire
from tutor.retrieval.text import STOPWORDS, tokens
from tutor.retrieval.vocabulary import separable_verbs
from tutor.wordlists import WordListError, load_wordlists

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("Welche Rolle spielt die Cloud bei KI?", "Welche die Cloud bei KI?"),
        (
            "Spielt die Qualität der Daten überhaupt eine Rolle, wenn ich eine KI nutze?",
            "die Qualität der Daten überhaupt eine, wenn ich eine KI nutze?",
        ),
        ("Welche Tools kommen in der Buchhaltung zum Einsatz?", "Welche Tools in der Buchhaltung?"),
        ("Kommt für uns ein Chatbot in Frage?", "für uns ein Chatbot?"),
        ("Ist die Akzeptanz im Team von Bedeutung?", "Ist die Akzeptanz im Team?"),
        (
            "Azubis kopieren Kundendaten in ChatGPT. Ist das ein Problem?",
            "Azubis kopieren Kundendaten in ChatGPT. Ist?",
        ),
    ],
)
def test_a_light_verb_frame_is_left_out_of_the_search(question, searched):
    assert without_frames(question) == searched


@pytest.mark.parametrize(
    "question",
    [
        "Welche Rolle hat der Mensch bei KI-Entscheidungen?",  # "Rolle" without its verb
        "Wer spielt die Hauptrolle?",  # the verb without the noun
        "Welches Problem möchte ich mit KI lösen?",  # a problem as the topic
        "Welche Rolle? Wer spielt mit?",  # noun and verb in different clauses
    ],
)
def test_a_frame_is_a_pair_in_one_clause_not_a_word(question):
    assert frame_spans(question) == []
    assert without_frames(question) == question


def test_a_question_that_is_all_frame_keeps_its_words():
    assert without_frames("Was kommt in Frage?") == "Was kommt in Frage?"


def test_frames_are_data_and_not_stopwords():
    assert light_verb_frames()
    assert "rolle + spiel*" not in STOPWORDS
    assert "an" in STOPWORDS  # the separable-verb particles stay stopwords of the index
    assert tokens("Welche Rolle spielt die Cloud?") == ["roll", "spielt", "cloud"]  # indexing
    with pytest.raises(WordListError):
        Frame.parse("rolle + ")


def test_a_split_separable_verb_is_searched_joined_only_where_the_corpus_has_it():
    known = {"anfang": 6, "anzufang": 1, "ausprobi": 0, "auszuprobi": 1}
    assert separable_verbs("Wie fange ich mit KI an?", known) == ["anfang", "anzufang"]
    assert separable_verbs("Wie probiere ich das aus?", known) == ["auszuprobi"]
    assert separable_verbs("Wie gehen wir das an?", known) == []  # "angehen": not in the corpus
    assert separable_verbs("Was fange ich mit KI an, und wie?", known) == ["anfang", "anzufang"]
    assert separable_verbs("Wie fange ich mit KI sinnvoll?", known) == []  # no particle


def test_the_guide_checklist_items_are_questionnaire_passages():
    guide = (CORPUS / "leitfaden-ki-integration-kmu.txt").read_text(encoding="utf-8")
    item = "21. Sind die Mitarbeiter im Umgang mit den KI-Tools geschult?\n[ ] Ja\n[ ] Nein"
    assert is_questionnaire(item)
    assert is_questionnaire("5. Ist die Verfügbarkeit geprüft?\n☐ Ja\n☐ Nein")
    assert not is_questionnaire(guide[:2000])
    assert not is_questionnaire("- Teilnahme: Sicherstellen, dass alle geschult werden.")


def test_a_question_or_conversation_that_names_the_questionnaire_keeps_it():
    assert names_questionnaire("Was fragt die Checkliste zur Schulung?")
    assert names_questionnaire("Und zur Datensicherheit?", "Was fragt der Readiness-Test?")
    assert not names_questionnaire("Wie oft sollte ich die KI überprüfen?", None)
    assert not names_questionnaire("Wie groß sollte ein erstes Testprojekt sein?")


def test_the_questionnaire_file_loads_with_its_categories():
    lists = load_wordlists("fragebogen")
    assert {"antwortfeld", "fragebogen_genannt"} <= set(lists)
