"""Question generation on the real course text: types, correctness by construction, seeds."""

from __future__ import annotations

import random

import pytest

from tests.unit.test_quiz_fixtures import GUIDE, generator
from tutor.quiz.build_common import nested
from tutor.quiz.models import QuizError, QuizItem, QuizScope
from tutor.quiz.textnorm import normalise
from tutor.quiz.validate import supported

pytestmark = pytest.mark.unit

MODULE_1 = "Modul 1 „Grundlagen der Künstlichen Intelligenz“"


def built(scope: QuizScope) -> list[QuizItem]:
    """Every candidate of a scope, built once (what the generator could ever show)."""
    rng = random.Random(0)
    items = [c.build(rng) for c in generator().candidates(scope)]
    return [it for it in items if it is not None]


@pytest.mark.parametrize("qtype", ["mc", "tf", "cloze"])
def test_each_type_has_the_promised_shape(qtype):
    result = generator().generate(QuizScope(module=1), 6, [qtype], seed=1)
    assert len(result.quiz.items) == 6
    for item in result.quiz.items:
        assert item.type == qtype
        assert item.module == 1
        assert MODULE_1 in item.explanation
        assert nested(item.source.quote)[:30] in item.explanation  # the source is quoted
        assert supported(item.source.quote, item.fact)
        if qtype == "mc":
            assert len(item.options) == 4
            assert item.options.count(item.answer) == 1
        elif qtype == "tf":
            assert item.options == ["Wahr", "Falsch"]
            assert item.answer in item.options
        else:
            assert not item.options
            assert "_____" in item.question


def test_every_possible_item_of_the_course_passes_validation():
    gen = generator()
    for module in range(1, 12):
        for item in built(QuizScope(module=module)):
            assert gen.validator.problems(item) == [], (item.question, item.options)


def test_not_questions_name_three_listed_points_and_one_foreign():
    gen = generator()
    items = [it for it in built(QuizScope(module=3)) if it.form == "liste_nicht"]
    assert items
    for item in items:
        assert "NICHT" in item.question
        wrong = [o for o in item.options if o != item.answer]
        assert all(supported(item.source.quote, o) for o in wrong)
        chunk = gen.material.by_id[item.source.chunk_id]
        assert not gen.material.is_stated(item.answer, chunk)
        assert "stammt aus Modul" in item.explanation


def test_list_distractors_are_not_stated_in_the_module():
    gen = generator()
    for item in built(QuizScope(module=1)):
        if item.form != "liste" or item.type != "mc":
            continue
        chunk = gen.material.by_id[item.source.chunk_id]
        for option in item.options:
            if option != item.answer:
                assert not gen.material.is_stated(option, chunk), option


def test_case_study_figures_ask_how_many_percent():
    items = [it for it in built(QuizScope(module=7)) if it.form == "zahl" and it.type == "mc"]
    assert any("um wie viel Prozent" in it.question for it in items)
    for item in items:
        assert all(o.endswith("Prozent") for o in item.options)
        assert item.answer in item.source.quote
        others = [o for o in item.options if o != item.answer]
        assert not any(o in item.source.quote for o in others)


def test_definitions_become_term_questions():
    items = built(QuizScope(module=1))
    gaps = [it for it in items if it.form == "luecke" and it.answer == "Predictive Maintenance"]
    assert gaps
    assert "_____" in gaps[0].question
    assert "bezeichnet" in gaps[0].question
    what = [it for it in built(QuizScope(module=3)) if it.form == "definition"]
    assert any("Was versteht man" in it.question and "Dateninventar" in it.question for it in what)


def test_same_seed_same_set_other_seed_other_set():
    gen = generator()
    first = gen.generate(QuizScope(module=3), 10, seed=42)
    again = gen.generate(QuizScope(module=3), 10, seed=42)
    other = gen.generate(QuizScope(module=3), 10, seed=43)
    assert first.quiz.model_dump() == again.quiz.model_dump()
    assert [i.question for i in first.quiz.items] != [i.question for i in other.quiz.items]


def test_without_seed_sets_vary_but_can_be_reproduced():
    gen = generator()
    runs = [gen.generate(QuizScope(), 8) for _ in range(4)]
    assert len({tuple(i.item_id for i in r.quiz.items) for r in runs}) > 1
    replay = gen.generate(QuizScope(), 8, seed=runs[0].quiz.seed)
    assert replay.quiz.items == runs[0].quiz.items


def test_no_duplicate_questions_or_facts_in_a_set():
    items = generator().generate(QuizScope(module=8), 20, seed=3).quiz.items
    questions = [normalise(i.question) for i in items]
    assert len(set(questions)) == len(questions)
    facts = [(i.source.chunk_id, normalise(i.fact)) for i in items]
    assert len(set(facts)) == len(facts)


def test_rejections_are_counted_and_replaced():
    gen = generator()
    first = gen.generate(QuizScope(module=3), 5, seed=9)
    second = gen.generate(QuizScope(module=3), 5, seed=9, exclude=first.quiz.items)
    stats = second.stats
    assert stats.rejected.get("duplicate_question", 0) > 0
    assert stats.generated == stats.accepted + stats.rejected_total
    assert len(second.quiz.items) == 5
    assert not {i.item_id for i in first.quiz.items} & {i.item_id for i in second.quiz.items}


def test_short_material_gives_a_shorter_set_and_says_so():
    result = generator().generate(QuizScope(module=9), 50, seed=1)
    assert 10 <= len(result.quiz.items) < 50
    assert "Modul 9" in result.warnings[0]
    assert "konnten nur" in result.warnings[0]


def test_guide_questions_come_from_the_guide():
    items = generator().generate(QuizScope(source=GUIDE), 8, seed=2).quiz.items
    assert len(items) == 8
    assert all(i.module is None and i.source.source == GUIDE for i in items)
    assert all("Leitfaden" in i.explanation for i in items)


def test_mixed_sets_span_modules_and_types():
    items = generator().generate(QuizScope(), 20, seed=5).quiz.items
    assert len({i.module for i in items}) >= 6
    assert {i.type for i in items} == {"mc", "tf", "cloze"}
    assert {i.kind for i in items} >= {"enumeration", "figure", "definition"}


def test_rephrase_hook_is_used_and_falls_back_on_failure():
    gen = generator()

    def polite(item: QuizItem) -> QuizItem:
        return item.model_copy(update={"question": "Bitte beantworten Sie: " + item.question})

    def broken(item: QuizItem) -> QuizItem:
        raise RuntimeError("LLM nicht erreichbar")

    def cheating(item: QuizItem) -> QuizItem:
        return item.model_copy(update={"answer": "etwas anderes"})

    scope = QuizScope(module=2)
    plain = gen.generate(scope, 4, seed=1)
    nice = gen.generate(scope, 4, seed=1, rephrase=polite)
    assert all(i.question.startswith("Bitte beantworten Sie: ") for i in nice.quiz.items)
    for hook in (broken, cheating):
        result = gen.generate(scope, 4, seed=1, rephrase=hook)
        assert [i.question for i in result.quiz.items] == [i.question for i in plain.quiz.items]
        assert result.stats.rephrase_fallbacks >= 4


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 0}, "größer 0"),
        ({"count": 10_000}, "Höchstens"),
        ({"types": ["mc", "essay"]}, "Unbekannter Fragetyp „essay“"),
        ({"scope": QuizScope(module=12)}, "Modul 12 gibt es nicht"),
        ({"scope": QuizScope(source="fehlt.txt")}, "„fehlt.txt“ gibt es im Index nicht"),
    ],
)
def test_bad_requests_get_german_errors(kwargs, message):
    args = {"scope": QuizScope(module=1), "count": 5, **kwargs}
    with pytest.raises(QuizError, match=message):
        generator().generate(**args)


def test_figure_sentences_become_natural_questions():
    from tutor.quiz.build_figures import echo_question

    questions = {echo_question(f) for f in generator().book.figures}
    expected = {
        "Die Abschlussquote stieg innerhalb eines halben Jahres um wie viel Prozent?",
        "Dadurch konnten ungeplante Stillstände um wie viel Prozent reduziert werden?",
    }
    assert expected <= questions
    assert all(q.endswith("?") and "wie viel Prozent" in q for q in questions)
