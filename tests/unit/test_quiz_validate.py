"""The validator refuses items a learner or trainer would find broken: a wrong option that
repeats a right answer or is true elsewhere in the material, weak forms, unclean German, a key
the source does not state, twin options, a second right answer in a structured question."""

from __future__ import annotations

import random

import pytest

from tests.unit.test_quiz_fixtures import generator
from tutor.prompts import render
from tutor.quiz.build_common import BuildRun
from tutor.quiz.material import source_ref
from tutor.quiz.models import GenerationStats, QuizItem, QuizScope, RejectReason
from tutor.quiz.validate import Validator

pytestmark = pytest.mark.unit

FORM_GIVEAWAYS = {
    RejectReason.FEW_OPTIONS,
    RejectReason.KEY_LONGEST,
    RejectReason.MIXED_FORMS,
    RejectReason.KEY_NEAR_STEM,
}


def _items(scope: QuizScope, seed: int = 0) -> list[QuizItem]:
    run = BuildRun(random.Random(seed), GenerationStats())
    built = [c.build(run) for c in generator().candidates(scope)]
    return [it for it in built if it is not None]


def _first(scope: QuizScope, test) -> QuizItem:  # type: ignore[no-untyped-def]
    items = (it for seed in range(6) for it in _items(scope, seed))
    item = next((it for it in items if test(it)), None)
    assert item is not None, f"no such item in {scope}"
    return item


@pytest.fixture(scope="module")
def validator() -> Validator:
    return generator().validator


def _with_option(item: QuizItem, text: str) -> QuizItem:
    options = list(item.options)
    options[next(i for i, o in enumerate(options) if o != item.answer)] = text
    return item.model_copy(update={"options": options})


def _criteria_item() -> QuizItem:
    """A list question on module 10's selection criteria, written as a trainer would (the
    generator no longer builds list questions whose wrong options come from other lists):
    the validator is what is under test."""
    book = generator().book
    criteria = next(e for e in book.enumerations if "folgende Kriterien" in e.intro)
    key = "Datenverfügbarkeit"
    wrong = ["Anzahl der Standorte", "Alter der Geschäftsführung", "Anzahl der Parkplätze"]
    intro = criteria.intro.rstrip(" :")
    return QuizItem(
        type="mc",
        kind="enumeration",
        form="liste",
        question=render("quiz", "frage.liste", ort="Modul 10", einleitung=intro),
        options=[wrong[0], key, wrong[1], wrong[2]],
        answer=key,
        fact=key,
        explanation="Richtig: Datenverfügbarkeit.",
        source=source_ref(criteria.chunk, criteria.quote),
        subject=criteria.subject,
        right=[it.text for it in criteria.items],
    ).with_id()


def test_the_hand_written_list_question_is_valid(validator):
    assert validator.problems(_criteria_item()) == []


def test_every_built_item_of_the_course_and_guide_is_valid(validator):
    scopes = [QuizScope(module=m) for m in range(1, 12)]
    for scope in [*scopes, QuizScope(source="leitfaden-ki-integration-kmu.txt")]:
        for item in _items(scope):
            # the form give-aways of option_checks (length, forms, a key near the stem) are
            # judged on the finished item: a builder may make one, the set refuses and counts it
            found = [r for r in validator.problems(item) if r not in FORM_GIVEAWAYS]
            assert found == [], (item.question, item.options)


def test_a_paraphrase_of_a_listed_point_is_no_wrong_option(validator):
    # "Akzeptanz bei Mitarbeitern" is one of the criteria: its paraphrase must not be "wrong"
    item = _with_option(_criteria_item(), "Frühzeitige Einbindung der Mitarbeiter")
    assert RejectReason.DISTRACTOR_PARAPHRASE in validator.problems(item)


def test_a_statement_true_elsewhere_is_no_wrong_option():
    # Module 3 lists the DSGVO principles; module 1's "Datenschutz und rechtliche Vorgaben
    # müssen eingehalten werden" is true of them as well: never a wrong option for that list
    book = generator().book
    principles = next(e for e in book.enumerations if e.intro.startswith("Wesentliche Prinzipien"))
    subject = f"{principles.intro} {principles.chunk.section}"
    right = [it.text for it in principles.items]
    option = "Datenschutz und rechtliche Vorgaben (z. B. DSGVO) müssen eingehalten werden"
    assert generator().truth.distractor_problem(option, right, subject) in {
        RejectReason.DISTRACTOR_TRUE,
        RejectReason.DISTRACTOR_PARAPHRASE,
    }


def test_the_same_case_told_in_another_module_is_no_wrong_outcome():
    # module 2 tells module 7's chatbot story too ("Anfragen um 25 Prozent erhöht"): as a
    # wrong outcome of module 7's case it would be true
    chatbot = next(c for c in generator().book.cases if "Sanitärunternehmen" in c.quote)
    twin = (
        "Seitdem hat sich die Zahl der eingehenden Anfragen um 25 Prozent erhöht – viele davon "
        "außerhalb der üblichen Geschäftszeiten."
    )
    subject = " ".join(chatbot.sentences[: chatbot.outcome_index])
    right = chatbot.sentences[chatbot.outcome_index :]
    assert generator().truth.distractor_problem(twin, right, subject) is not None


def test_weak_forms_are_refused(validator):
    item = _criteria_item()
    gap_tf = item.model_copy(
        update={
            "type": "tf",
            "options": ["Wahr", "Falsch"],
            "answer": "Wahr",
            "shown": item.fact,
            "question": "In die Lücke gehört „Datenverfügbarkeit“: „Bei der Auswahl _____.“",
        }
    )
    assert RejectReason.WEAK_FORM in validator.problems(gap_tf)
    term = _first(QuizScope(module=3), lambda i: i.type == "cloze")
    tool = term.model_copy(update={"answer": "Zendesk", "fact": term.fact})
    assert RejectReason.WEAK_FORM in validator.problems(tool)
    number = term.model_copy(update={"answer": "25 Prozent"})
    assert RejectReason.WEAK_FORM in validator.problems(number)


@pytest.mark.parametrize(
    "question",
    [
        "Welcher Punkt wird dort genannt? „Bei der Auswahl",  # unbalanced quotes
        "Which of the following is correct?",  # English
        "Welcher Punkt wird {ort} genannt?",  # a template placeholder left over
        "Welcher der der folgenden Punkte wird genannt?",  # doubled word
    ],
)
def test_unclean_german_is_refused(validator, question):
    item = _criteria_item().model_copy(update={"question": question})
    assert RejectReason.BAD_GERMAN in validator.problems(item)


def test_a_key_the_source_does_not_state_is_refused(validator):
    item = _criteria_item()
    wrong_key = item.model_copy(update={"fact": "Budget für ein Rechenzentrum"})
    assert RejectReason.UNSUPPORTED in validator.problems(wrong_key)


def test_twin_options_are_refused(validator):
    item = _criteria_item()
    twin = _with_option(item, item.answer + " ")
    assert validator.problems(twin)[0] in {
        RejectReason.MALFORMED,
        RejectReason.DUPLICATE_OPTIONS,
    }


def test_a_second_right_step_is_refused(validator):
    after = _first(QuizScope(module=3), lambda i: i.form == "folge_nach")
    wrong = next(o for o in after.options if o != after.answer)
    swapped = after.model_copy(update={"answer": wrong})
    assert RejectReason.CORRECT_COUNT in validator.problems(swapped)


def test_a_wrong_risk_class_is_refused(validator):
    rule = _first(QuizScope(module=11), lambda i: i.form == "regel_klasse" and i.type == "mc")
    other = next(o for o in rule.options if o != rule.answer)
    assert RejectReason.CORRECT_COUNT in validator.problems(
        rule.model_copy(update={"answer": other})
    )


def test_the_same_question_twice_is_refused(validator):
    item = _criteria_item()
    assert RejectReason.DUPLICATE_QUESTION in validator.problems(item, [item])
