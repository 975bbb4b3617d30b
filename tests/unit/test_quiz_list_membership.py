"""List membership against other lists of the same module: Modul 10's criteria for choosing
pilot projects are asked against the features of agile methods (another list of the module),
each checked not to be a member (stems, shared nouns, e5 closer than two members are) and not
stated about the criteria anywhere; why a builder stops short is counted."""

from __future__ import annotations

import random

import pytest

from tests.unit.test_quiz_fixtures import generator
from tutor.quiz.build_common import BuildRun
from tutor.quiz.build_lists import lead_in
from tutor.quiz.distractors import Option
from tutor.quiz.models import GenerationStats, QuizScope, RejectReason

pytestmark = pytest.mark.unit


def _criteria():  # type: ignore[no-untyped-def]
    return next(e for e in generator().book.enumerations if "folgende Kriterien" in e.intro)


def _option(text: str) -> Option:
    return Option(text, _criteria().chunk.chunk_id, "item", "x", "")


def test_pilot_criteria_are_asked_against_another_list_of_module_10() -> None:
    gen = generator()
    items = [
        it
        for seed in range(4)
        for it in gen.generate(QuizScope(module=10), 10, seed=seed).quiz.items
        if it.kind == "enumeration"
    ]
    assert items, "no list item in module 10"
    criteria = {it.text.lower() for it in _criteria().items}
    agile = {"kurze entwicklungszyklen", "regelmäßiges feedback", "kontinuierliche verbesserung"}
    for item in items:
        assert len(item.options) == 4
        foreign = [o for o in item.options if o.lower() not in criteria]
        assert foreign, item.options
        assert all(o.lower() in agile for o in foreign), item.options
        if item.form == "liste_nicht":
            assert item.answer in foreign
            # the foreign point comes from Modul 10 too: its section is named, so the
            # explanation does not read as if the point belonged to the quoted list
            assert "stammt aus Modul 10, Abschnitt „6. Werkzeuge" in item.explanation
        assert gen.validator.problems(item) == []


def test_a_foreign_point_too_close_to_a_member_is_refused() -> None:
    lists = generator()._lists
    e = _criteria()
    # shares the noun of "Akzeptanz bei Mitarbeitern"
    assert lists._not_member(e, _option("Einbindung der Mitarbeiter")) is not None
    # e5 puts it nearer a criterion than any two criteria are to each other
    found = lists._not_member(e, _option("Kontinuierliche Verbesserung"))
    assert found == RejectReason.DISTRACTOR_PARAPHRASE
    assert lists._not_member(e, _option("Kurze Entwicklungszyklen")) is None


def test_the_validator_refuses_a_member_offered_as_not_listed() -> None:
    gen = generator()
    item = next(
        it
        for seed in range(4)
        for it in gen.generate(QuizScope(module=10), 10, seed=seed).quiz.items
        if it.form == "liste_nicht"
    )
    member = next(o for o in item.options if o != item.answer)
    swapped = item.model_copy(update={"answer": member})
    assert gen.validator.problems(swapped)


def test_why_builders_stop_short_is_counted() -> None:
    gen = generator()
    run = BuildRun(random.Random(1), GenerationStats())
    for cand in gen.candidates(QuizScope(module=3)):
        cand.build(run)
    # module 3's three lists are each of another form (sources, principles, steps)
    assert run.stats.short_options.get("andere_art", 0) > 0
    result = gen.generate(QuizScope(module=10), 10, seed=10)
    assert "short_options" in result.stats.model_dump()


def test_a_list_is_named_by_the_sentence_that_opens_it() -> None:
    """Modul 11 opens its GPAI list with two sentences; the stem quotes only the second,
    which introduces the list."""
    gpai = next(e for e in generator().book.enumerations if "führt daher" in e.intro)
    assert "einzubeziehen." in gpai.intro
    assert lead_in(gpai.intro) == "Der EU AI Act führt daher"
    assert lead_in("Bei der Auswahl sollte auf folgende Kriterien geachtet werden:") == (
        "Bei der Auswahl sollte auf folgende Kriterien geachtet werden"
    )
    stems = [
        it.question
        for seed in range(3)
        for it in generator().generate(QuizScope(module=11), 10, seed=seed).quiz.items
        if it.kind == "enumeration" and "Aufzählung" in it.question
    ]
    assert stems, "no list item in module 11"
    assert all(". " not in stem.split("„", 1)[1] for stem in stems), stems
