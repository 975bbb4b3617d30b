"""English questions over the German material: told apart from German ones, mapped onto the
course's terms by the English glossary supplement, read by English question patterns."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import CORPUS
from tutor.answer.answer_type import expected_type
from tutor.answer.extractive import AnswerPolicy
from tutor.answer.patterns import question_form
from tutor.retrieval.expansion import (
    ENGLISH_CATEGORIES,
    GLOSSARY,
    GLOSSARY_EN,
    Glossary,
    default_glossary,
)
from tutor.retrieval.text import english_search_tokens, english_stem, looks_english, tokens

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    [
        "Which customer support systems prioritise incoming requests automatically?",
        "Besides warning before breakdowns, does the machine monitoring software save us any "
        "paperwork?",
        "Got an example with real numbers?",
        "Is there already an AI that thinks like a human?",
    ],
)
def test_content_heavy_english_questions_are_english(question):
    assert looks_english(question)


@pytest.mark.parametrize(
    "question",
    [
        "Was kann Microsoft Copilot for Business im Büro?",
        "Welche Tools wie Make oder Zapier verbinden Programme?",
        "Wie viel Zeit spart der Geschäftsführer mit Copilot?",
        "Und was hat das gebracht?",
    ],
)
def test_german_questions_with_english_names_stay_german(question):
    assert not looks_english(question)


def test_the_refusal_floor_is_lower_for_english_questions_only():
    policy = AnswerPolicy()
    assert policy.floor("What did the recommendations do for the shop's sales?") < (
        policy.floor("Was haben die Empfehlungen dem Shop gebracht?")
    )
    assert policy.floor("Was haben die Empfehlungen gebracht?") == policy.min_sentence


def test_everyday_english_words_reach_the_course_terms():
    glossary = default_glossary()
    terms = glossary.expand("How much time does Copilot save the boss every day?").terms
    assert {"sparen", "täglich", "Zeit"} <= set(terms)
    assert "Schreinermeister" in glossary.expand("What does the master carpenter say?").terms
    # German questions get nothing from the English supplement
    assert glossary.expand("Was versteht man unter KI?").terms == []


def _folded_corpus() -> str:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    return re.sub(r"\s+", " ", text).lower()


def test_every_supplement_term_is_in_the_material_and_no_phrase_repeats_the_glossary():
    corpus = _folded_corpus()
    main = Glossary(GLOSSARY).phrases
    entries = json.loads(GLOSSARY_EN.read_text(encoding="utf-8"))["entries"]
    assert entries
    for entry in entries:
        assert set(entry) - {"category"} == {"term", "en"}, entry  # English words only
        assert entry.get("category", ENGLISH_CATEGORIES[0]) in ENGLISH_CATEGORIES, entry
        assert entry["term"].lower() in corpus, entry["term"]
        for phrase in entry["en"]:
            stems = tuple(tokens(phrase))
            assert stems, phrase  # not only stopwords
            assert stems not in main, phrase  # glossar.json already says it


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("And what did that bring them?", "ergebnis"),
        ("What did product recommendations do for the online shop's sales?", "ergebnis"),
        ("Did the new software pay for itself?", "ergebnis"),
        ("Before we buy an AI tool, what should we compare the vendors on?", "aufzaehlung"),
        ("Can you name the most important success factors?", "aufzaehlung"),
    ],
)
def test_english_forms_of_german_question_forms(question, form):
    found = question_form(question)
    assert found is not None
    assert found.name == form


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much time does Copilot save each day?", "anzahl"),
        ("Wie viel Zeit spart Copilot täglich?", "anzahl"),
        ("How much does Copilot cost?", "preis"),
        ("How much money do we need for a pilot?", "betrag"),
    ],
)
def test_how_much_of_a_measurable_thing_asks_for_a_number(question, kind):
    assert expected_type(question) == kind


def test_no_supplement_phrase_shrinks_to_one_word_without_its_stopwords():
    # "so fast" would otherwise stand for every "fast", "in-house" for every "house"
    entries = json.loads(GLOSSARY_EN.read_text(encoding="utf-8"))["entries"]
    for entry in entries:
        for phrase in entry["en"]:
            words = re.findall(r"\w+", phrase)
            assert len(tokens(phrase)) > 1 or len(words) == 1, phrase


@pytest.mark.parametrize(
    ("forms", "stem"),
    [
        (["order", "orders", "ordering", "ordered"], "order"),
        (["hire", "hires", "hiring", "hired"], "hir"),
        (["company", "companies"], "compani"),
        (["plan", "plans", "planned", "planning"], "plan"),
        (["need", "needs", "needed"], "need"),
        (["staff", "staffed"], "staff"),
    ],
)
def test_english_stems_join_plural_and_verb_forms(forms, stem):
    assert {english_stem(f) for f in forms} == {stem}


def test_english_stems_keep_derivations_apart():
    # "using AI" must not stand for "usefulness" (Nutzen), nor "bring" lose its "-ing"
    assert english_stem("usefulness") != english_stem("using")
    assert english_stem("bring") == "bring"


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("Can a chatbot on my website be taking an order at night?", "nehmen Bestellungen auf"),
        ("How do I get my whole staff on board?", "Einbindung der Mitarbeiter"),
        ("Who foots the bill when the software messes up?", "Haftung"),
        ("Why do AI projects fizzle out so often?", "Stolpersteine"),
        ("We keep running out of wood. What can help?", "Engpässe"),
    ],
)
def test_english_phrasal_verbs_and_idioms_reach_the_course_term(question, term):
    assert term in default_glossary().expand(question).terms


def test_german_questions_get_nothing_from_the_english_supplement():
    glossary = default_glossary()
    # "starten" and "fast" look like the English "start" and "faster", "Flyer" is English
    assert "Einstieg" not in glossary.expand("Wie starte ich ein Pilotprojekt?").terms
    assert "beschleunigen" not in glossary.expand("Das Material ist fast alle.").terms
    assert "Werbung" not in glossary.expand("Darf ich KI-Bilder auf Flyer drucken?").terms


def test_an_unknown_category_fails_at_load(tmp_path):
    path = tmp_path / "en.json"
    entry = {"term": "Haftung", "category": "slang", "en": ["on the hook"]}
    path.write_text(json.dumps({"entries": [entry]}), encoding="utf-8")
    with pytest.raises(ValueError, match="category"):
        Glossary(GLOSSARY, english=path)


def test_english_search_drops_the_english_topic_name_but_keeps_tool_names():
    # "AI" alone is the topic; the German material has it only in tool names ("Notion AI")
    found = english_search_tokens(tokens("What can Notion AI do for my office?"))
    assert "ai" not in found
    assert "notion" in found
