"""Review round 3 of issue #19: wrong options are siblings of the same module (or of the same
chapter of the guide), statements that need the sentence before are not asked on their own,
product names are left out of a statement, and time-span questions use a duration inside a
span. All on the real course text."""

from __future__ import annotations

import pytest

from tests.unit.test_quiz_fixtures import GUIDE, generator
from tests.unit.test_quiz_generate import built
from tutor.quiz.build_scales import interior_duration
from tutor.quiz.models import QuizScope
from tutor.quiz.sentence import without_tool_list

pytestmark = pytest.mark.unit

SCOPES = [QuizScope(module=m) for m in range(1, 12)] + [QuizScope(source=GUIDE)]


def test_wrong_options_come_from_the_same_module_or_guide_chapter():
    # "Optimierung der Lieferketten" (guide) as a wrong meaning of "Dateninventar" (module 3)
    # was struck out at sight: a trainer's distractors are of the same kind and place
    material = generator().material
    for scope in SCOPES:
        for item in built(scope):
            home = material.by_id[item.source.chunk_id]
            for chunk_id in item.distractor_sources:
                other = material.by_id[chunk_id]
                assert other.source == home.source, item.question
                assert other.module == home.module, item.question
                if home.module is None and item.form != "begriff":
                    # the guide's point labels are one kind across its chapters (a label is
                    # asked against other labels of the guide); descriptions stay in-chapter
                    assert other.chapter == home.chapter, item.question


def test_a_sentence_that_needs_the_one_before_is_not_asked_on_its_own():
    # "So wird KI Schritt für Schritt …" fits any topic of module 10 (review round 3, Nr. 18)
    for item in built(QuizScope(module=10)):
        if item.kind == "topic":
            quoted = item.question.split("„", 1)[-1]
            assert not quoted.startswith(("So ", "Auch ", "Dazu ")), item.question


def test_a_topic_item_asks_only_what_is_clearly_about_its_own_topic():
    # "Für die Analyse von Ergebnissen können Power BI oder Tableau genutzt werden." stands
    # under "Ressourcenplanung" but reads as "Werkzeuge und Methoden" (round 3, Nr. 21)
    questions = [i.question for i in built(QuizScope(module=10)) if i.kind == "topic"]
    assert not any("Power BI" in q for q in questions)


def test_product_names_are_left_out_of_a_statement():
    text = (
        "Supportsysteme wie Freshdesk AI oder Zendesk AI priorisieren eingehende Anfragen "
        "automatisch und schlagen Mitarbeitern passende Antworten vor."
    )
    assert without_tool_list(text) == (
        "Supportsysteme priorisieren eingehende Anfragen automatisch und schlagen "
        "Mitarbeitern passende Antworten vor."
    )
    tools = "Zur Organisation eignen sich Tools wie Trello, Asana oder Microsoft Planner, um …"
    assert without_tool_list(tools) == "Zur Organisation eignen sich Tools, um …"
    plain = "Sensoren erfassen Daten wie Temperatur oder Laufzeit."
    assert without_tool_list(plain) == plain  # no tool noun, no product names: unchanged


def test_a_time_span_question_uses_a_duration_inside_the_span():
    # "3 Monate" sat on the edge of "kurzfristig (3–6 Monate)": a trick, not the idea
    assert interior_duration(3, 6) == (4, "4 Monaten")
    assert interior_duration(12, 24) == (18, "18 Monaten")
    assert interior_duration(36, 60) == (48, "4 Jahren")
    assert interior_duration(5, 6) is None
    spans = [i for i in built(QuizScope(module=10)) if i.form == "regel_band"]
    assert spans
    for item in spans:
        assert item.type == "mc"
        assert sorted(item.options) == ["kurzfristig", "langfristig", "mittelfristig"]
