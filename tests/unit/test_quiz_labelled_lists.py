"""Review round 4 of issue #19: the points of one labelled list ("Label: description") are
asked against each other (the wrong options reviewers rated best), a label that gives its own
description away is not asked, checklist bands are asked at their edges, and the stats count
the candidates that could not be built. All on the real course text."""

from __future__ import annotations

import pytest

from tests.unit.test_quiz_fixtures import GUIDE, generator
from tests.unit.test_quiz_generate import built
from tutor.quiz.models import QuizItem, QuizScope, RejectReason
from tutor.quiz.siblings import sibling_list, sibling_problems
from tutor.quiz.textnorm import normalise

pytestmark = pytest.mark.unit


def _item(question: str, answer: str, options: list[str], subject: str, form: str) -> QuizItem:
    template = next(i for i in built(QuizScope(source=GUIDE)) if i.type == "mc")
    return template.model_copy(
        update={
            "question": question,
            "answer": answer,
            "options": options,
            "subject": subject,
            "form": form,
        }
    )


def test_the_guide_set_is_full_and_asks_its_labelled_points_against_each_other():
    result = generator().generate(QuizScope(source=GUIDE), 10, seed=1)
    # four options or none: many of the guide's three-point lists no longer make an item
    assert len(result.quiz.items) >= 4
    assert bool(result.warnings) == (len(result.quiz.items) < 10)
    book = generator().book
    siblings = [i for i in result.quiz.items if i.kind == "definition" and i.type == "mc"]
    assert siblings
    # a point's label is asked against other labels of the guide;
    # a label's description against the descriptions of the same list
    labels = {
        normalise(it.label)
        for e in book.enumerations
        if e.chunk.source == GUIDE
        for it in e.items
        if it.label
    }
    for item in siblings:
        if item.form == "begriff":
            assert all(normalise(o) in labels for o in item.options), item.question
            continue
        found = sibling_list(book, item)
        assert found is not None, item.question
        e, _ = found
        points = {normalise(p) for it in e.items for p in (it.label or "", it.description or "")}
        assert all(normalise(o.rstrip(".")) in points for o in item.options), item.question


def test_same_list_points_on_one_subject_are_fair_wrong_options():
    # e5 takes "Verbesserung der Verkaufsprognosen" and "Optimierung der Lieferketten" for
    # paraphrases; the guide's labels (Vertrieb, Logistik) set them apart
    options = [
        "Verbesserung der Verkaufsprognosen",
        "Zielgerichtete Kampagnen durch Datenanalyse",
        "Optimierung der Lieferketten",
    ]
    item = _item(
        "Was steht laut Leitfaden unter dem Punkt „Vertrieb“?",
        options[0],
        options,
        "Vertrieb",
        "definition",
    )
    truth = generator().truth
    assert truth.overlaps(options[0], options[2])
    assert sibling_problems(generator().book, truth, item) == []
    assert generator().validator.forms.problems(item) == []


def test_a_label_that_opens_a_word_of_its_own_description_is_not_asked():
    # "Kunden" → "Sammeln von Kundenfeedback …": a reader matches the word, not the guide
    item = _item(
        "Was steht laut Leitfaden unter dem Punkt „Kunden“?",
        "Sammeln von Kundenfeedback zur Optimierung der KI-Anwendungen",
        [
            "Sammeln von Kundenfeedback zur Optimierung der KI-Anwendungen",
            "Einholen von Rückmeldungen der Nutzer",
            "Anpassungen basierend auf Feedback und Überwachungsergebnissen",
        ],
        "Kunden",
        "definition",
    )
    problems = sibling_problems(generator().book, generator().truth, item)
    assert problems == [RejectReason.ANSWER_IN_STEM]
    assert generator().validator.forms.problems(item) == [RejectReason.ANSWER_IN_STEM]


def test_checklist_bands_are_asked_at_the_edge_between_two_bands():
    # "27 von 29" is answered by picking the most positive band (review round 4, Nr. 19)
    for seed in range(6):
        result = generator().generate(QuizScope(source=GUIDE), 10, seed=seed)
        for item in result.quiz.items:
            if item.form == "regel_band":
                score = int(item.question.split(" auf ")[1].split()[0])
                assert score in {4, 5, 14, 15, 24, 25}, item.question
                assert "„Ja“-Antworten" in item.question


def test_stats_count_the_candidates_that_could_not_be_built():
    stats = generator().generate(QuizScope(module=10), 10, seed=10).stats
    assert sum(stats.unbuilt.values()) > 0
    assert set(stats.unbuilt) <= {
        "definition",
        "enumeration",
        "case",
        "topic",
        "rule",
        "order",
        "purpose",
        "statement",
    }


def test_no_two_items_of_a_set_share_their_right_answer():
    # two topic items keyed "Ziele definieren und Prioritäten setzen" give each other away
    # (review round 4, Nr. 15/17 and 6/9)
    scopes = [QuizScope(module=m) for m in (3, 5, 7, 10)] + [QuizScope(source=GUIDE)]
    for scope in scopes:
        items = generator().generate(scope, 10, seed=scope.module or 1).quiz.items
        answers = [normalise(i.answer) for i in items if i.type != "tf"]
        assert len(answers) == len(set(answers)), scope
