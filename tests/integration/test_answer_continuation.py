"""Answers go on to the point of a passage: its conclusion, a case's outcome (real index)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_the_conclusion_after_deshalb_is_quoted(container):
    # (the first wording, "… möglichst viele Daten zu haben oder gute?", ranks the Dateninventar
    # passage first since glossary terms the corpus already uses weigh half in BM25, branch retr4)
    answer = container.answers.ask("Ist es wichtiger, viele Datensätze zu haben oder fehlerfreie?")
    assert "Qualität geht vor Quantität" in answer.answer


@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        (
            "Was geschah mit dem Pilotprojekt zur Angebotserstellung des hessischen "
            "Handwerksbetriebs, nachdem es sich bewährt hatte?",
            "andere Dokumenttypen",
        ),
        (
            "Was erledigt das KI-System ToolSense beim Maschinenbauer aus Baden-Württemberg "
            "neben der Ausfallwarnung noch automatisch?",
            "Wartungsprotokolle",
        ),
    ],
)
def test_a_case_that_leads_is_told_to_its_outcome(container, question, outcome):
    answer = container.answers.ask(question)
    assert outcome in answer.lead  # the case leads, with the sentence that answers


def test_a_topic_announcement_is_not_quoted(container):
    answer = container.answers.ask("Wer haftet, wenn die KI im Betrieb einen Fehler macht?")
    assert not answer.refused
    assert "ist ein weiterer zentraler Punkt" not in answer.answer


def test_the_sentence_with_the_asked_condition_leads_over_the_topic_sentence(container):
    answer = container.answers.ask(
        "Wann lohnt es sich, eine KI selbst entwickeln zu lassen statt eine fertige zu kaufen?"
    )
    assert answer.lead.startswith("Eigene Entwicklungen lohnen sich vor allem dann, wenn")
