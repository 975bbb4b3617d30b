"""Questions back during the checklist: "Was heißt X?" gets the defining sentence(s) of the
material with the source, or says that the material does not define X and where it is used."""

from __future__ import annotations

import pytest

from tests.checklist_helpers import run
from tutor.checklist.conversation import ChecklistConversation
from tutor.checklist.definitions import asked_term

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def conv(container) -> ChecklistConversation:
    return container.checklist


def test_break_even_gets_the_guide_bullet_and_the_question_again(conv):
    turn = run(conv, ["ja"] * 14 + ["Was heißt Break-Even?"])
    answer, again = turn.messages[0], turn.messages[-1]
    assert answer.startswith("So erklärt das Material „Break-Even“:")
    assert "Berechnen Sie den Zeitpunkt, an dem die Investitionen" in answer
    assert "— Leitfaden, Kapitel „Machbarkeitsstudie“, Abschnitt „Kosten-Nutzen-Analyse“" in answer
    assert again.startswith("Zurück zur Checkliste – Abschnitt Kosten-Nutzen-Analyse, Frage 15")
    assert turn.progress.current == 15
    assert 15 not in turn.state.answers  # a question back records nothing


def test_poc_is_spelled_out_by_the_guide(conv):
    turn = run(conv, ["ja"] * 11 + ["Was ist ein PoC?"])
    assert (
        "„Proof of Concept (PoC) Phase starten: Führen Sie eine PoC-Phase durch"
        in (turn.messages[0])
    )
    assert "Abschnitt „Technologieauswahl“" in turn.messages[0]


def test_stakeholder_is_not_defined_and_the_answer_says_where_it_is_used(conv):
    turn = run(conv, ["ja"] * 23 + ["was sind Stakeholder?"])
    answer = turn.messages[0]
    assert answer.startswith("Leitfaden und Kurs erklären „Stakeholder“ nicht.")
    assert "Benutzern und Stakeholdern" in answer
    assert "KI-Readiness-Checkliste, Frage 24" in answer
    assert turn.messages[-1].endswith(
        "Wird Feedback von Benutzern und Stakeholdern gesammelt und umgesetzt?"
    )


def test_abbreviation_is_looked_up_under_its_long_form(conv):
    turn = run(conv, ["Was ist KI?"])
    assert "Unter Künstlicher Intelligenz versteht man Computersysteme" in turn.messages[0]
    assert "Modul 1" in turn.messages[0]


def test_a_term_the_material_never_uses(conv):
    turn = run(conv, ["Was ist ein Quantencomputer?"])
    assert turn.messages[0] == (
        "„Quantencomputer“ kommt im Leitfaden und im Kurs nicht vor – dazu kann ich Ihnen aus "
        "dem Material nichts sagen."
    )


def test_other_questions_back_still_get_a_cited_answer(conv):
    turn = run(conv, ["Wie macht man das?"])
    assert turn.citations or "nicht" in turn.messages[0]
    assert turn.messages[-1].startswith("Zurück zur Checkliste – Abschnitt Zielsetzung klären")


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("Was heißt Break-Even?", "Break-Even"),
        ("Was ist ein PoC?", "PoC"),
        ("was sind Stakeholder?", "Stakeholder"),
        ("Was ist mit Break-Even gemeint?", "Break-Even"),
        ("Was versteht man unter Datenminimierung", "Datenminimierung"),
        ("What does KPI mean?", "KPI"),
        ("Was heißt das?", None),
        ("Was ist damit gemeint?", None),
        ("Wie macht man das?", None),
    ],
)
def test_term_questions_are_recognised(question, term):
    assert asked_term(question) == term
