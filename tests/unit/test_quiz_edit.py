"""Trainer editing: changes are re-validated, deletions and regenerations keep the set valid."""

from __future__ import annotations

import pytest

from tests.unit.test_quiz_fixtures import generator
from tutor.quiz.edit import delete_item, edit_item, regenerate_item
from tutor.quiz.models import QuizError, QuizScope, QuizSet

pytestmark = pytest.mark.unit


@pytest.fixture
def quiz() -> QuizSet:
    return (
        generator().generate(QuizScope(source="leitfaden-ki-integration-kmu.txt"), 8, seed=21).quiz
    )


def _mc(quiz: QuizSet):
    return next(i for i in quiz.items if i.type == "mc")


def test_rewording_a_question_keeps_it_and_gives_a_new_id(quiz):
    item = _mc(quiz)
    new_text = "Welche Beschreibung passt laut Leitfaden zu diesem Punkt?"
    edited = edit_item(generator().validator, quiz, item.item_id, question=new_text)
    position = quiz.items.index(item)
    assert edited.items[position].question == new_text
    assert edited.items[position].item_id != item.item_id
    assert len(edited.items) == len(quiz.items)


def test_edit_that_gives_the_answer_away_is_refused(quiz):
    item = _mc(quiz)
    with pytest.raises(QuizError, match="die Frage verrät die Antwort"):
        edit_item(generator().validator, quiz, item.item_id, question=f"Ist es {item.answer}?")


def test_edit_with_twin_options_is_refused(quiz):
    item = _mc(quiz)
    others = [o for o in item.options if o != item.answer]
    options = [item.answer, others[0], others[1], others[0].upper()]
    with pytest.raises(QuizError, match="zwei Antworten sind \\(fast\\) gleich"):
        edit_item(generator().validator, quiz, item.item_id, options=options)


def test_marking_a_wrong_option_as_correct_is_refused(quiz):
    item = _mc(quiz)
    wrong = next(o for o in item.options if o != item.answer)
    with pytest.raises(
        QuizError, match="steht so nicht in der zitierten Quelle|nicht genau eine richtige Antwort"
    ):
        edit_item(generator().validator, quiz, item.item_id, answer=wrong)


def test_flipping_a_true_false_key_is_refused():
    # true/false items now come from rules only (no turned statements): the guide's score bands
    gen = generator()
    quiz = gen.generate(
        QuizScope(source="leitfaden-ki-integration-kmu.txt"), 4, ("tf",), seed=21
    ).quiz
    item = next(i for i in quiz.items if i.type == "tf")
    flipped = "Falsch" if item.answer == "Wahr" else "Wahr"
    with pytest.raises(QuizError, match="nicht genau eine richtige Antwort"):
        edit_item(gen.validator, quiz, item.item_id, answer=flipped)


def test_empty_question_is_refused(quiz):
    with pytest.raises(QuizError, match="unvollständig"):
        edit_item(generator().validator, quiz, _mc(quiz).item_id, question="  ")


def test_delete_and_unknown_ids(quiz):
    item = quiz.items[0]
    smaller = delete_item(quiz, item.item_id)
    assert len(smaller.items) == len(quiz.items) - 1
    assert item not in smaller.items
    with pytest.raises(QuizError, match="nicht in diesem Quiz"):
        delete_item(smaller, item.item_id)


def test_regenerate_gives_another_valid_item_from_the_same_document(quiz):
    position = next(n for n, i in enumerate(quiz.items) if i.type == "mc")
    item = quiz.items[position]
    again = regenerate_item(generator(), quiz, item.item_id, seed=5)
    new = again.items[position]
    assert new.item_id != item.item_id
    assert new.source.source == item.source.source
    assert new.type == item.type
    others = [i for i in again.items if i is not new]
    assert generator().validator.problems(new, others) == []
    assert regenerate_item(generator(), quiz, item.item_id, seed=5) == again


def test_editing_a_free_text_answer_is_checked_against_the_source():
    gen = generator()
    terms = gen.generate(QuizScope(module=3), 4, ("cloze",), seed=3).quiz
    item = terms.items[0]
    with pytest.raises(QuizError, match="steht so nicht in der zitierten Quelle"):
        edit_item(gen.validator, terms, item.item_id, answer="Blumenkohl")
