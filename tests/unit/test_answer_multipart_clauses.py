"""Clauses that each ask (issue 21, branch multi6): a question with a coordinated request, an
English question with coordinated clauses, and two question words of one indirect question."""

from __future__ import annotations

import pytest

from tutor.answer.multipart import CLAUSES, question_parts

pytestmark = pytest.mark.unit


def texts(question: str, documents: tuple[str, ...] = ()) -> list[str]:
    split = question_parts(question, documents)
    return [] if split is None else [p.text for p in split.parts]


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        (  # a question and a coordinated request in the imperative
            "Was ist ein Chatbot und nennen Sie ein Beispiel aus dem Handwerk.",
            "Was ist ein Chatbot?",
            "nennen Sie ein Beispiel aus dem Handwerk?",
        ),
        (  # the same with a comma and another request verb
            "Wozu dient ein Dateninventar, und beschreiben Sie, wie man es anlegt.",
            "Wozu dient ein Dateninventar?",
            "beschreiben Sie, wie man es anlegt?",
        ),
        (  # an English question with two coordinated interrogative clauses
            "How did the carpentry shop handle its receipts, and which tool did the builder use?",
            "How did the carpentry shop handle its receipts?",
            "which tool did the builder use?",
        ),
        (  # … the second one opening with a preposition
            "What does the AI Act ban, and in which areas is an AI system high-risk?",
            "What does the AI Act ban?",
            "in which areas is an AI system high-risk?",
        ),
    ],
)
def test_clauses_that_each_ask_become_parts(question, first, second):
    split = question_parts(question)
    assert split is not None
    assert split.category == CLAUSES
    assert texts(question) == [first, second]
    # the request leans on the question before it: what it leaves unsaid comes from there
    assert split.parts[1].earlier == first


def test_two_question_words_of_one_indirect_question_are_no_two_clauses():
    question = "Was sagen Kurs und Leitfaden darüber, wo und wie sicher Daten gespeichert werden?"
    documents = ("kurs-ki-fuer-kmu.txt", "leitfaden-ki-integration-kmu.txt")
    split = question_parts(question, documents)
    assert split is not None
    assert split.category != CLAUSES  # the named documents split it, each with the whole topic
    assert all(p.text == question for p in split.parts)
    assert question_parts("Was sagt der Kurs dazu, wo und wie man Daten speichert?") is None
