"""Editing API for the trainer UI: change, delete or regenerate single items of a set.

Every change is validated like a generated item; an edit that would make the item invalid is
refused with a German message naming the reasons, and the set stays unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from tutor.prompts import render
from tutor.quiz.generate import QuizGenerator
from tutor.quiz.models import QUESTION_TYPES, QuizError, QuizItem, QuizScope, QuizSet
from tutor.quiz.validate import Validator


def _replace(quiz: QuizSet, item_id: str, new: QuizItem) -> QuizSet:
    items = [new if it.item_id == item_id else it for it in quiz.items]
    return quiz.model_copy(update={"items": items})


def reasons_text(reasons: Sequence[object]) -> str:
    """German list of rejection reasons ("die Frage verrät die Antwort, …")."""
    return ", ".join(render("quiz", f"grund.{getattr(r, 'value', r)}") for r in reasons)


def edit_item(
    validator: Validator,
    quiz: QuizSet,
    item_id: str,
    *,
    question: str | None = None,
    options: Sequence[str] | None = None,
    answer: str | None = None,
) -> QuizSet:
    """The set with one item's question text, options and/or correct answer changed.

    The explanation follows a changed answer. Raises QuizError (German) if the item does not
    exist or the edit breaks a validation rule (e.g. the new answer is not in the source).
    """
    item = quiz.item(item_id)
    update: dict[str, object] = {}
    if question is not None:
        update["question"] = question.strip()
    if options is not None:
        if item.type != "mc":
            raise QuizError(render("quiz", "fehler.optionen"))
        update["options"] = [o.strip() for o in options]
    if answer is not None and answer.strip() != item.answer:
        new_answer = answer.strip()
        update["answer"] = new_answer
        # The fact is what the source must state: it changes with the answer ("18 Prozent"
        # becomes "25 Prozent"), so the validator checks the new answer against the source.
        if item.fact == item.answer:
            update["fact"] = new_answer
        elif item.type == "cloze" and item.answer and item.answer in item.fact:
            update["fact"] = item.fact.replace(item.answer, new_answer, 1)
        update["explanation"] = item.explanation.replace(f"„{item.answer}“", f"„{new_answer}“", 1)
    try:
        edited = QuizItem.model_validate({**item.model_dump(), **update}).with_id()
    except ValidationError:
        reasons = reasons_text(["malformed"])
        raise QuizError(render("quiz", "fehler.bearbeitung", gruende=reasons)) from None
    others = [it for it in quiz.items if it.item_id != item_id]
    problems = validator.problems(edited, others)
    if problems:
        raise QuizError(render("quiz", "fehler.bearbeitung", gruende=reasons_text(problems)))
    return _replace(quiz, item_id, edited)


def delete_item(quiz: QuizSet, item_id: str) -> QuizSet:
    """The set without one item (QuizError if it is not there)."""
    quiz.item(item_id)
    return quiz.model_copy(update={"items": [it for it in quiz.items if it.item_id != item_id]})


def regenerate_item(
    generator: QuizGenerator, quiz: QuizSet, item_id: str, seed: int | None = None
) -> QuizSet:
    """The set with one item replaced by a different valid item from the same module (or
    document), same question type if possible; deterministic for a given seed."""
    old = quiz.item(item_id)
    scope = (
        QuizScope(module=old.module)
        if old.module is not None
        else QuizScope(source=old.source.source)
    )
    for types in ([old.type], list(QUESTION_TYPES)):
        result = generator.generate(scope, 1, types, seed, exclude=quiz.items)
        if result.quiz.items:
            return _replace(quiz, item_id, result.quiz.items[0])
    raise QuizError(render("quiz", "fehler.keine_ersatzfrage"))
