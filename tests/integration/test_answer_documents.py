"""A question that names one document as its source is answered from that document; one that
asks a document about a topic it never mentions is answered from the rest of the material and
says so (real index, real e5)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

GUIDE = "leitfaden-ki-integration-kmu.txt"
SEMINAR = "seminararbeit-ki-herausforderungen-kmu.txt"
COURSE = "kurs-ki-fuer-kmu.txt"


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("Was rät die Seminararbeit zu den Kosten?", SEMINAR),
        ("What does the integration guide recommend before choosing an AI tool?", GUIDE),
        ("Welche Praxisbeispiele für Chatbots nennt der Kurs?", COURSE),
    ],
)
def test_a_question_naming_one_document_is_answered_from_it(container, question, source):
    answer = container.answers.ask(question)
    assert not answer.refused
    assert answer.citations
    assert all(c.source == source for c in answer.citations)
    assert "nicht ein." not in answer.answer


@pytest.mark.parametrize(
    ("question", "source", "topic"),
    [
        ("Was sagt der Leitfaden über den EU AI Act?", GUIDE, "EU AI Act"),
        ("What does the seminar paper say about chatbots?", SEMINAR, "chatbots"),
    ],
)
def test_a_document_that_never_mentions_the_topic_is_named_and_searched_past(
    container, question, source, topic
):
    answer = container.answers.ask(question)
    assert not answer.refused
    assert f"geht auf „{topic}“ nicht ein." in answer.answer
    assert answer.citations
    assert all(c.source != source for c in answer.citations)


def test_two_named_documents_are_both_heard(container):
    answer = container.answers.ask("Was sagen Kurs und Leitfaden über Pilotprojekte?")
    assert {COURSE, GUIDE} <= {c.source for c in answer.citations}


def test_a_document_that_names_the_topic_as_a_verb_is_not_called_silent(container):
    # the guide says "Erfolgreiche Projekte skalieren", "Werden … Pilotprojekte skaliert":
    # the stemmer keeps these apart from "Skalierung", the learner does not
    answer = container.answers.ask("Was sagt der Leitfaden zur Skalierung?")
    assert "geht auf „Skalierung“ nicht ein" not in answer.answer
