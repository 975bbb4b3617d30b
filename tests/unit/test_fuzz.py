"""Fuzzing with random unicode: the checklist interpreter and parser and the quiz grader never
crash — a learner's odd input gets an answer ("unklar", "falsch"), never a stack trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tutor.checklist.interpret import AnswerInterpreter
from tutor.checklist.models import ANSWER_LABELS, ChecklistParseError
from tutor.checklist.parse import parse_checklist
from tutor.quiz.grading import choose, is_correct, text_matches
from tutor.quiz.models import QuizItem, SourceRef

pytestmark = pytest.mark.unit

GUIDE = Path(__file__).resolve().parents[2] / "corpus" / "leitfaden-ki-integration-kmu.txt"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Everything unicode has, including control characters, combining marks and surrogates' kin.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=["Cs"]), max_size=300)
WORDS = st.sampled_from(
    [
        "ja",
        "nein",
        "jein",
        "zurück",
        "Ergebnis",
        "neu starten",
        "überspringen",
        "?",
        "nicht",
        "eher",
        "kein",
        "A",
        "b)",
        "1",
        "wahr",
        "falsch",
        "\u200b",
        "\u0301",
        "ß",
        "İ",
        "ﬁ",
    ]
)
MIXED = st.lists(st.one_of(WORDS, ANY_TEXT), max_size=8).map(" ".join)


@pytest.fixture(scope="module")
def interp() -> AnswerInterpreter:
    return AnswerInterpreter()  # rules only: the fuzzed code path is the one without a model


@FAST
@given(answer=st.one_of(ANY_TEXT, MIXED))
def test_interpreter_rules_never_crash(interp, answer):
    result = interp.interpret_rules(answer)
    assert result.command is not None or result.label in ANSWER_LABELS
    assert 0.0 <= result.confidence <= 1.0


@FAST
@given(answer=st.one_of(ANY_TEXT, MIXED), question=ANY_TEXT)
def test_interpreter_never_needs_its_safety_net(interp, answer, question):
    # interpret() catches everything as a last resort (rule "error"); fuzz must never reach it
    result = interp.interpret(answer, question)
    assert result.rule != "error"
    assert result.command is not None or result.label in ANSWER_LABELS


@FAST
@given(text=ANY_TEXT)
def test_parser_gives_a_checklist_or_a_german_error(text):
    message = "Checkliste"
    try:
        parse_checklist(text)
    except ChecklistParseError as exc:
        message = str(exc)
    assert "Checkliste" in message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_parser_survives_noise_inside_the_real_checklist(data):
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(lines)))
        lines.insert(at, data.draw(ANY_TEXT))
    try:
        parsed = parse_checklist("\n".join(lines))
    except ChecklistParseError as exc:
        message = str(exc)
        assert "Checkliste" in message
        return
    assert parsed.items


def _item(type_: str, answer: str, options: list[str]) -> QuizItem:
    try:
        return _build(type_, answer, options)
    except ValidationError:
        reject()  # not a valid quiz item: nothing a learner could ever be asked
        raise


def _build(type_: str, answer: str, options: list[str]) -> QuizItem:
    return QuizItem(
        type=type_,
        kind="definition",
        form="luecke",
        question="Ergänzen Sie: _____",
        options=options,
        answer=answer,
        accepted=[],
        fact=answer or "x",
        source=SourceRef(chunk_id="c", source="s", title="t", module=1, quote=answer or "x"),
    )


@FAST
@given(expected=ANY_TEXT, given_=st.one_of(ANY_TEXT, MIXED))
def test_cloze_grading_never_crashes(expected, given_):
    assert isinstance(text_matches(expected, given_), bool)


@FAST
@given(given_=st.one_of(ANY_TEXT, MIXED), options=st.lists(ANY_TEXT, min_size=2, max_size=5))
def test_choice_grading_never_crashes(given_, options):
    mc = _item("mc", options[0], options)
    picked = choose(mc, given_)
    assert picked is None or picked in options
    assert isinstance(is_correct(mc, given_), bool)
    tf = _item("tf", "Wahr", ["Wahr", "Falsch"])
    assert choose(tf, given_) in {None, "Wahr", "Falsch"}
    assert isinstance(is_correct(_item("cloze", options[1], []), given_), bool)
