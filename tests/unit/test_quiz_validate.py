"""The validator refuses items a learner would find broken: two right answers, twin options,
answers the source does not state, stems that give the answer away, repeated questions."""

from __future__ import annotations

import random

import pytest

from tests.unit.test_quiz_fixtures import generator
from tutor.quiz.models import QuizItem, QuizScope, RejectReason
from tutor.quiz.validate import Validator

pytestmark = pytest.mark.unit


def _items(module: int) -> list[QuizItem]:
    rng = random.Random(0)
    built = [c.build(rng) for c in generator().candidates(QuizScope(module=module))]
    return [it for it in built if it is not None]


def _first(module: int, **where: str) -> QuizItem:
    for item in _items(module):
        if all(getattr(item, k) == v for k, v in where.items()):
            return item
    raise AssertionError(f"no item with {where} in module {module}")


@pytest.fixture(scope="module")
def validator() -> Validator:
    return generator().validator


def _wrong_index(item: QuizItem) -> int:
    return next(i for i, o in enumerate(item.options) if o != item.answer)


def _with_option(item: QuizItem, text: str) -> QuizItem:
    options = list(item.options)
    options[_wrong_index(item)] = text
    return item.model_copy(update={"options": options})


def test_generated_items_are_valid(validator):
    item = _first(3, type="mc", form="liste")
    assert validator.problems(item) == []


def test_two_correct_options_are_rejected(validator):
    item = next(
        i
        for i in _items(3)
        if i.type == "mc" and i.form == "liste" and "Typische Beispiele" in i.question
    )
    # another point of the same list is "genannt", too
    sibling = next(
        s
        for s in ("Buchhaltungs- und Auftragsdaten", "Lager- und Logistikdaten")
        if s != item.answer
    )
    assert RejectReason.CORRECT_COUNT in validator.problems(_with_option(item, sibling))


def test_not_question_with_a_listed_answer_is_rejected(validator):
    item = _first(3, type="mc", form="liste_nicht")
    listed = [o for o in item.options if o != item.answer][0]
    options = [o if o != item.answer else "Ziel festlegen" for o in item.options]
    bad = item.model_copy(update={"options": options, "answer": "Ziel festlegen"})
    assert RejectReason.CORRECT_COUNT in validator.problems(bad)
    assert listed in item.source.quote


def test_duplicate_options_are_rejected(validator):
    item = _first(3, type="mc", form="liste")
    twin = item.answer.upper().replace(" UND ", " und ") + "."
    assert RejectReason.DUPLICATE_OPTIONS in validator.problems(_with_option(item, twin))


def test_answer_in_the_stem_is_rejected(validator):
    item = _first(3, type="mc", form="liste")
    leaky = item.model_copy(update={"question": f"{item.question} (Tipp: {item.answer})"})
    assert RejectReason.ANSWER_IN_STEM in validator.problems(leaky)
    cloze = _first(1, type="cloze", form="luecke")
    leaky_cloze = cloze.model_copy(update={"question": f"{cloze.question} – {cloze.answer}"})
    assert RejectReason.ANSWER_IN_STEM in validator.problems(leaky_cloze)


def test_answer_not_in_the_source_is_rejected(validator):
    item = _first(3, type="mc", form="liste")
    made_up = "Daten regelmäßig an Dritte verkaufen"
    options = [made_up if o == item.answer else o for o in item.options]
    bad = item.model_copy(update={"options": options, "answer": made_up, "fact": made_up})
    assert RejectReason.UNSUPPORTED in validator.problems(bad)


def test_quote_must_stand_in_the_cited_chunk(validator):
    item = _first(3, type="mc", form="liste")
    source = item.source.model_copy(update={"quote": "Ein Satz, der nirgends steht."})
    assert validator.problems(item.model_copy(update={"source": source})) == [
        RejectReason.UNSUPPORTED
    ]


def test_true_false_key_must_match_the_statement(validator):
    true_item = next(i for i in _items(3) if i.type == "tf" and i.answer == "Wahr")
    flipped = true_item.model_copy(update={"answer": "Falsch"})
    assert RejectReason.CORRECT_COUNT in validator.problems(flipped)
    false_item = next(i for i in _items(3) if i.type == "tf" and i.answer == "Falsch")
    assert RejectReason.CORRECT_COUNT in validator.problems(
        false_item.model_copy(update={"answer": "Wahr"})
    )


def test_wrong_figure_must_not_be_the_stated_one(validator):
    item = _first(7, type="mc", form="zahl")
    # put the true figure in twice (as a differently written twin)
    twin = item.answer.replace(" Prozent", " %")
    assert RejectReason.CORRECT_COUNT in validator.problems(_with_option(item, twin))


def test_repeated_question_in_a_set_is_rejected(validator):
    item = _first(3, type="mc", form="liste")
    assert validator.problems(item, [item]) == [RejectReason.DUPLICATE_QUESTION]
    same_fact = _first(3, type="tf", form="liste")
    if same_fact.fact == item.fact:
        assert RejectReason.DUPLICATE_QUESTION in validator.problems(same_fact, [item])


def test_malformed_items_are_rejected(validator):
    item = _first(3, type="mc", form="liste")
    keep = [o for o in item.options if o == item.answer] + [
        o for o in item.options if o != item.answer
    ][:2]
    three = item.model_copy(update={"options": keep})
    assert validator.problems(three) == [RejectReason.MALFORMED]
    cloze = _first(1, type="cloze", form="luecke")
    no_gap = cloze.model_copy(update={"question": "Ergänzen Sie."})
    assert validator.problems(no_gap) == [RejectReason.MALFORMED]
