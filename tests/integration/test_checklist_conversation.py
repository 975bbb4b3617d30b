"""The checklist conversation over the real index: questions back, guide advice, course modules."""

from __future__ import annotations

import pytest

from tests.checklist_helpers import run
from tutor.checklist.actions import GuideActionFinder
from tutor.checklist.conversation import ChecklistConversation

pytestmark = pytest.mark.integration

BREAK_EVEN = (
    "Break-Even-Analyse durchführen: Berechnen Sie den Zeitpunkt, an dem die Investitionen "
    "durch Einsparungen und zusätzliche Einnahmen gedeckt sind."
)

# The guide bullet each question should be answered with (start of the quoted text).
EXPECTED_ADVICE = {
    1: "Strategische Ziele definieren:",
    3: "Ist-Analyse der aktuellen Geschäftsprozesse erstellen:",
    5: "Datenverfügbarkeit überprüfen:",
    8: "Budget sicherstellen:",
    10: "Risikoanalyse und Erfolgsfaktoren festlegen:",
    11: "Marktstudie durchführen:",
    13: "Initialkosten und Betriebskosten berechnen:",
    23: "Echtzeit-Überwachung:",
    26: "Kontinuierliche Analyse:",
    27: "Prüfung: Regelmäßige Überprüfung der KI-Systeme",
    28: "Optimierung:",
}


@pytest.fixture(scope="module")
def conv(container) -> ChecklistConversation:
    return container.checklist


def test_all_yes_reaches_top_band(conv):
    turn = run(conv, ["Ja"] * 29)
    assert turn.finished
    assert turn.result is not None
    assert turn.result.score == 29
    assert (
        turn.result.verdict
        == "Ihr Unternehmen ist sehr gut auf die Integration von KI vorbereitet."
    )


def test_mixed_run_answers_question_back_and_quotes_the_guide(conv):
    turn = run(conv, ["ja"] * 14)
    asked = turn.messages[-1]
    assert asked.startswith("Abschnitt Kosten-Nutzen-Analyse, Frage 15 von 29:")
    turn = conv.reply(turn.state, "Was ist mit Break-Even gemeint?")
    assert turn.messages[0].startswith("So erklärt das Material „Break-Even“:")
    assert f"„{BREAK_EVEN}“" in turn.messages[0]
    assert "Abschnitt „Kosten-Nutzen-Analyse“" in turn.messages[0]
    assert turn.messages[-1].endswith(asked)
    assert turn.progress.current == 15
    turn = run(conv, ["not yet", "yes", "zurück", "nein", "überspringen"], turn)
    assert turn.progress.current == 18
    assert [turn.state.status_of(n) for n in (15, 16, 17)] == ["nein", "nein", "uebersprungen"]
    turn = run(conv, ["ja"] * 10 + ["nein", "teilweise"], turn)  # "teilweise" is a Nein
    result = turn.result
    assert turn.finished
    assert result is not None
    assert result.score == 24
    assert (result.band.min, result.band.max) == (15, 24)
    assert result.verdict == (
        "Ihr Unternehmen ist gut vorbereitet, aber es gibt noch Bereiche zur Verbesserung."
    )
    assert [s.item.no for s in result.next_steps] == [15, 16, 17, 28, 29]
    step15 = result.next_steps[0]
    assert step15.guide[0].quote == BREAK_EVEN
    assert step15.guide[0].section == "Kosten-Nutzen-Analyse"
    assert [(r.module, r.section) for r in step15.course][:1] == [
        (2, "1. Effizienzsteigerung durch Automatisierung")  # the amortisation example
    ]
    assert all(ref.label().startswith(f"Modul {ref.module} „") for ref in step15.course)
    assert f"„{BREAK_EVEN}“" in turn.markdown


@pytest.mark.parametrize(("no", "expected"), sorted(EXPECTED_ADVICE.items()))
def test_advice_names_the_matching_guide_bullet(conv, no, expected):
    finder = conv._actions
    assert isinstance(finder, GuideActionFinder)
    advice = finder.advice()[no]
    assert advice.quotes
    assert advice.quotes[0].text.startswith(expected), [q.text for q in advice.quotes]
    course = finder.course_for(conv.checklist.item(no))
    assert len(course) <= 4
    assert len({(r.module, r.section) for r in course}) == len(course)


def test_english_answers_and_unclear_follow_up(conv):
    turn = run(conv, ["yes", "not yet", "I'm not sure", "no idea honestly"])
    assert [turn.state.status_of(n) for n in (1, 2, 3)] == ["ja", "nein", "unklar"]
    assert turn.progress.current == 4
