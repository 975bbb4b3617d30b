"""Handlers of the "Für Trainer" tab: generate a set, edit/delete (with undo)/regenerate
items; exports are in :mod:`tutor.web.trainer_export`.

Plain functions over :mod:`tutor.quiz`; each returns a :class:`TrainerView` (what to show) and
never touches Gradio. The set itself is a JSON-able dict (a :class:`QuizSet` dump) that the tab
keeps in ``gr.State``; every change returns a new one, a refused change keeps the old one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from tutor.container import Container
from tutor.prompts import render
from tutor.quiz import (
    QuizError,
    QuizItem,
    QuizSet,
    delete_item,
    edit_item,
    regenerate_item,
)
from tutor.quiz.generate import parse_types
from tutor.quiz.grading import option_letters
from tutor.web.quiz_common import checked_scope, count_phrase, generator, md, type_label

MIN_COUNT, MAX_COUNT, DEFAULT_COUNT = 1, 50, 10


@dataclass(frozen=True)
class TrainerView:
    """The set as shown: list, item selector, edit form of the selected item, status line."""

    state: dict[str, Any] | None
    listing: str
    numbers: list[tuple[str, int]]
    selected: int | None
    question: str
    options: str
    options_editable: bool
    answer: str
    status: str
    undo: dict[str, Any] | None = None  # the set before the last deletion ("Rückgängig")


def type_choices() -> list[tuple[str, str]]:
    """('Multiple Choice', 'mc'), ('Wahr oder falsch', 'tf'), ('Lückentext', 'cloze')."""
    return [(type_label(t), t) for t in ("mc", "tf", "cloze")]


def hint(message: str) -> str:
    """A German warning line for the status area."""
    return render("ui_quiz", "trainer.hinweis", meldung=md(message))


def load(state: Any) -> QuizSet | None:
    """The set kept in the session state (None if there is none or it is unreadable)."""
    if not state:
        return None
    try:
        return QuizSet.model_validate(state)
    except ValidationError:
        return None


def item_markdown(number: int, item: QuizItem) -> str:
    """One numbered item: type, question, options (correct one ticked), answer, source."""
    head = render(
        "ui_quiz",
        "trainer.eintrag",
        nummer=number,
        typ=type_label(item.type),
        frage=md(item.question),
    )
    lines = [head, ""]
    if item.type == "mc":
        for letter, option in zip(option_letters(item.options), item.options, strict=True):
            tick = " ✔" if option == item.answer else ""
            lines.append(f"- {letter}) {md(option)}{tick}")
        lines.append("")
    lines.append(render("ui_quiz", "trainer.richtig", antwort=md(item.answer)))
    if item.accepted:
        variants = ", ".join(md(a) for a in item.accepted)
        lines[-1] += " · " + render("ui_quiz", "trainer.auch", varianten=variants)
    lines += ["", f"_{render('ui_quiz', 'trainer.quelle', ort=md(item.source.location()))}_"]
    return "\n".join(lines)


def scope_title(quiz: QuizSet) -> str:
    """'Modul 3', 'gemischt (alle Module)' or the document's title (not its file name)."""
    if quiz.scope.source and quiz.items:
        return quiz.items[0].source.title
    return quiz.scope.label()


def listing_markdown(quiz: QuizSet | None) -> str:
    """The whole set as a numbered list (or a hint when there is none yet)."""
    if quiz is None:
        return render("ui_quiz", "trainer.leer")
    title = render(
        "ui_quiz",
        "trainer.titel",
        bereich=md(scope_title(quiz)),
        fragen=count_phrase("frage", len(quiz.items)),
        seed=quiz.seed if quiz.seed is not None else "–",
    )
    blocks = [item_markdown(n, it) for n, it in enumerate(quiz.items, 1)]
    return "\n\n".join([title, *blocks])


def _clamp(number: Any, size: int) -> int | None:
    """A valid 1-based item number near ``number``, or None (no items / no number)."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        return None
    return min(max(wanted, 1), size) if size else None


def view_of(
    quiz: QuizSet | None,
    selected: int | None = None,
    status: str = "",
    undo: dict[str, Any] | None = None,
) -> TrainerView:
    """Everything the tab shows for a set, with item ``selected`` (1-based) in the form."""
    items = quiz.items if quiz else []
    numbers = [
        (render("ui_quiz", "trainer.frage_eintrag", nummer=n, typ=type_label(it.type)), n)
        for n, it in enumerate(items, 1)
    ]
    selected = _clamp(selected, len(items))
    item = items[selected - 1] if selected else None
    return TrainerView(
        state=quiz.model_dump(mode="json") if quiz is not None else None,
        listing=listing_markdown(quiz),
        numbers=numbers,
        selected=selected,
        question=item.question if item else "",
        options="\n".join(item.options) if item else "",
        options_editable=bool(item and item.type == "mc"),
        answer=item.answer if item else "",
        status=status,
        undo=undo,
    )


def refused() -> TrainerView:
    """What a learner gets from a trainer function with login on: an empty view and a hint."""
    return view_of(None, status=hint(render("ui", "app.nur_trainer")))


def _seed(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        raise QuizError(render("quiz", "fehler.seed", wert=value)) from None


def generate(
    container: Container,
    scope_value: str | None,
    count: float | None,
    types: Sequence[str] | None,
    seed: Any,
    state: Any = None,
) -> TrainerView:
    """A new validated set for the chosen scope; on a German error the old set stays."""
    try:
        if not types:
            raise QuizError(render("ui_quiz", "trainer.keine_typen"))
        wanted = parse_types(list(types))
        number = int(count if count is not None else DEFAULT_COUNT)
        scope = checked_scope(container, scope_value)
        result = generator(container).generate(scope, number, wanted, _seed(seed))
    except (QuizError, ValueError, TypeError) as exc:
        return view_of(load(state), None, hint(str(exc)))
    quiz = result.quiz
    stats = result.stats
    status = render(
        "ui_quiz",
        "trainer.erzeugt",
        fragen=count_phrase("frage", len(quiz.items)),
        seed=quiz.seed,
        kandidaten=count_phrase("kandidat", stats.rejected_total),
        ablenker=count_phrase("ablenker", sum(stats.distractors_dropped.values())),
    )
    notes = [hint(w) for w in result.warnings]
    return view_of(quiz, 1 if quiz.items else None, "\n\n".join([status, *notes]))


def _target(state: Any, number: Any) -> tuple[QuizSet, int, QuizItem]:
    """The set, the 1-based number and the item the trainer selected (QuizError if none)."""
    quiz = load(state)
    if quiz is None:
        raise QuizError(render("ui_quiz", "trainer.kein_satz"))
    try:
        index = int(number)
    except (TypeError, ValueError):
        raise QuizError(render("ui_quiz", "trainer.keine_auswahl")) from None
    if not 1 <= index <= len(quiz.items):
        raise QuizError(render("ui_quiz", "trainer.keine_auswahl"))
    return quiz, index, quiz.items[index - 1]


def select(state: Any, number: Any, undo: Any = None) -> TrainerView:
    """Show the selected item in the edit form (a pending "Rückgängig" stays available)."""
    return view_of(load(state), number, undo=undo if isinstance(undo, dict) else None)


def save(
    container: Container, state: Any, number: Any, question: str, options: str, answer: str
) -> TrainerView:
    """Store the edited question text, options (mc, one per line) and correct answer."""
    try:
        quiz, index, item = _target(state, number)
        lines = [line.strip() for line in (options or "").splitlines() if line.strip()]
        edited = edit_item(
            generator(container).validator,
            quiz,
            item.item_id,
            question=question,
            options=lines if item.type == "mc" else None,
            answer=answer,
        )
    except QuizError as exc:
        return view_of(load(state), number, hint(str(exc)))
    return view_of(edited, index, render("ui_quiz", "trainer.gespeichert", nummer=index))


def delete(state: Any, number: Any) -> TrainerView:
    """Remove the selected item; the next one (or the new last one) is selected. The set as
    it was is kept in ``undo`` so that "Rückgängig" brings the question back."""
    try:
        quiz, index, item = _target(state, number)
    except QuizError as exc:
        return view_of(load(state), number, hint(str(exc)))
    smaller = delete_item(quiz, item.item_id)
    undo = {"set": quiz.model_dump(mode="json"), "nummer": index}
    status = render("ui_quiz", "trainer.geloescht", nummer=index)
    return view_of(smaller, index, status, undo)


def restore(state: Any, undo: Any) -> TrainerView:
    """Undo the last deletion: the set as it was before, with the question selected again."""
    before = load(undo.get("set")) if isinstance(undo, dict) else None
    if before is None:
        return view_of(load(state), None, hint(render("ui_quiz", "trainer.nichts_rueckgaengig")))
    number = int(undo.get("nummer") or 1)
    return view_of(before, number, render("ui_quiz", "trainer.wiederhergestellt", nummer=number))


def regenerate(container: Container, state: Any, number: Any) -> TrainerView:
    """Replace the selected item by a different valid one from the same module/document."""
    try:
        quiz, index, item = _target(state, number)
        renewed = regenerate_item(generator(container), quiz, item.item_id)
    except QuizError as exc:
        return view_of(load(state), number, hint(str(exc)))
    return view_of(renewed, index, render("ui_quiz", "trainer.ersetzt", nummer=index))
