"""Form give-aways a trainer counts (blind review round 5 of issue #19) are refused: too few
options, a key that is by far the longest, a fragment among sentences, a stem that names a
synonym of the key; a set never repeats an option set or shows one item's key as another's
wrong option; keys are spread over the option positions; no turned-statement true/false."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.unit.test_quiz_fixtures import generator
from tutor.quiz.key_positions import balance_keys
from tutor.quiz.models import QuizItem, QuizScope, RejectReason
from tutor.quiz.set_caps import Tally

pytestmark = pytest.mark.unit


def _mc_items() -> list[QuizItem]:
    gen = generator()
    out: list[QuizItem] = []
    for module in (3, 7, 10):
        out += [it for it in gen.generate(QuizScope(module=module), 10, seed=2).quiz.items]
    return [it for it in out if it.type == "mc" and len(it.options) == 4]


def _base() -> QuizItem:
    items = [it for it in _mc_items() if it.kind != "rule"]
    assert items, "the sample modules yield four-option items"
    return items[0]


def _replace_wrong(item: QuizItem, texts: list[str]) -> QuizItem:
    options = [item.answer, *texts]
    return item.model_copy(update={"options": options})


def test_generated_sets_pass_every_option_check() -> None:
    validator = generator().validator
    for item in _mc_items():
        assert validator.problems(item) == [], item.question


def test_three_options_are_refused_outside_a_scale() -> None:
    item = _base()
    three = item.model_copy(
        update={
            "options": item.options[:3]
            if item.answer in item.options[:3]
            else [item.answer, *[o for o in item.options if o != item.answer][:2]]
        }
    )
    assert RejectReason.FEW_OPTIONS in generator().validator.problems(three)


def test_key_far_longest_is_refused() -> None:
    item = _base()
    long_key = item.answer + " – " + " ".join(item.options)
    wrong = [o for o in item.options if o != item.answer]
    longer = item.model_copy(update={"answer": long_key, "options": [long_key, *wrong]})
    assert RejectReason.KEY_LONGEST in generator().validator.problems(longer)


def test_fragment_among_sentences_is_refused() -> None:
    item = _base()
    sentences = [
        "Das Unternehmen muss seine Daten regelmäßig prüfen.",
        "Die Mitarbeiter müssen geschult werden.",
        "Eine deutlich reduzierte Ausschussquote.",
    ]
    mixed = _replace_wrong(
        item.model_copy(update={"answer": "Der Betrieb kann Wartungen proaktiv planen."}), sentences
    )
    mixed = mixed.model_copy(
        update={"options": ["Der Betrieb kann Wartungen proaktiv planen.", *sentences]}
    )
    from tutor.quiz.option_checks import mixed_forms

    assert mixed_forms(mixed)
    assert not mixed_forms(
        mixed.model_copy(
            update={"options": mixed.options[:3] + ["Die Kunden müssen informiert werden."]}
        )
    )


def test_stem_naming_a_synonym_of_the_key_is_refused() -> None:
    """„Berichterstattung“ in the stem, „Reports“ only in the key (glossary group)."""
    item = _base().model_copy(
        update={
            "question": "Was steht laut Leitfaden unter dem Punkt „Berichterstattung“?",
            "answer": "Regelmäßige Reports zur Systemleistung",
            "options": [
                "Regelmäßige Reports zur Systemleistung",
                "Einsatz von Tools zur kontinuierlichen Überwachung der KI-Systeme",
                "Überprüfung der festgelegten KPIs zur Erfolgsmessung",
                "Schulung der Mitarbeiter im Umgang mit dem System",
            ],
        }
    )
    from tutor.quiz.lexicon import lexicon
    from tutor.quiz.option_checks import key_near_stem, synonym_giveaway

    assert synonym_giveaway(item, lexicon())
    assert key_near_stem(item, generator().sim)
    plain = item.model_copy(
        update={"question": "Was versteht man laut Modul 3 unter „Datenminimierung“?"}
    )
    assert not synonym_giveaway(plain, lexicon())


def test_set_never_repeats_options_or_shows_a_key_as_wrong_option() -> None:
    item = _base()
    tally = Tally([item])
    assert tally.repeats(item.model_copy(update={"question": "Eine andere Frage?"}))
    wrong = next(o for o in item.options if o != item.answer)
    other = item.model_copy(
        update={"answer": wrong, "options": [wrong, "A b c", "D e f", "G h i"], "question": "X?"}
    )
    assert tally.repeats(other)  # its key is a wrong option of the first item
    fresh = item.model_copy(
        update={
            "answer": "P q r",
            "options": ["P q r", "A b c", "D e f", "G h i"],
            "question": "Y?",
        }
    )
    assert not tally.repeats(fresh)


def test_key_positions_are_balanced_and_deterministic() -> None:
    item = _base()
    many = [
        item.model_copy(
            update={"options": [item.answer, *[o for o in item.options if o != item.answer]]}
        )
    ] * 12
    balanced = balance_keys(many, seed=4)
    positions = Counter(it.options.index(it.answer) for it in balanced)
    assert sorted(positions.values()) == [3, 3, 3, 3]
    assert balance_keys(many, seed=4) == balanced
    assert all(sorted(b.options) == sorted(item.options) for b in balanced)


def test_true_false_statements_only_where_the_turn_reads_as_a_claim() -> None:
    gen = generator()
    claims = {s.key: s for s in gen.book.statements}
    absurd = [s for s in gen.book.statements if "darauf achten" in s.false]
    assert absurd, "the negated infinitive clause of module 7 is a statement"
    assert not any(s.claim for s in absurd)
    assert any(s.claim and "Quantität geht vor Qualität" in s.false for s in claims.values())
    for module in range(1, 12):
        for cand in gen.candidates(QuizScope(module=module)):
            if cand.family == "statement" and cand.type == "tf":
                assert claims[cand.key].claim


def test_a_heading_gloss_in_brackets_is_not_part_of_the_topic_name() -> None:
    from tutor.quiz.steps import step_name

    heading = "2. Prozessoptimierung und vorausschauende Wartung (Predictive Maintenance)"
    assert step_name(heading) == "Prozessoptimierung und vorausschauende Wartung"
