"""Handlers of the "Quiz" tab: start a quiz, check an answer, go on, show the result.

Plain functions over :mod:`tutor.quiz.session`; they return a :class:`QuizScreen` (what to
show) and never touch Gradio, so they can be tested directly. The per-user state is a JSON-able
dict (a :class:`QuizTabState` dump) that the tab keeps in ``gr.State``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from tutor.container import Container
from tutor.prompts import render
from tutor.quiz import Feedback, QuizError, QuizItem, QuizSession, submit_answer, summary
from tutor.quiz.grading import Grader, option_letters
from tutor.quiz.session import session_for
from tutor.web.quiz_common import checked_scope, generator, md, type_label

MIN_COUNT, MAX_COUNT, DEFAULT_COUNT = 3, 20, 5


class QuizTabState(BaseModel):
    """One learner's quiz plus whether the last answer's feedback is on screen."""

    session: QuizSession
    checked: bool = False
    feedback: str = ""
    started_at: float | None = None  # time.time() at start, for the stored duration


@dataclass(frozen=True)
class QuizScreen:
    """Everything the quiz tab shows after an action; the tab turns it into updates.

    ``choices`` are (label, value) pairs for the radio buttons (empty: no radio);
    ``keep_input`` means the learner's selection or text stays as it is (after a hint or
    after checking), ``locked`` that it can no longer be changed (answer already checked).
    """

    state: dict[str, Any] | None
    question: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    text_input: bool = False
    feedback: str = ""
    summary: str = ""
    can_check: bool = False
    can_next: bool = False
    keep_input: bool = False
    locked: bool = False


def _load(state: dict[str, Any] | None) -> QuizTabState | None:
    if not state:
        return None
    try:
        return QuizTabState.model_validate(state)
    except ValidationError:
        return None  # a state from an older app version: treat as "no quiz yet"


def _dump(tab: QuizTabState) -> dict[str, Any]:
    return tab.model_dump(mode="json")


def grader_of(container: Container) -> Grader | None:
    """The free-text grader of the active index (None when there is no index)."""
    try:
        return generator(container).grader
    except QuizError:
        return None


def hint(message: str) -> str:
    """A German hint line (warning sign + escaped message)."""
    return render("ui_quiz", "quiz.hinweis", meldung=md(message))


def choices_for(item: QuizItem) -> list[tuple[str, str]]:
    """Radio choices: ('A) text', 'A') for multiple choice, ('Wahr', 'Wahr') for true/false."""
    if item.type == "mc":
        letters = option_letters(item.options)
        return [(f"{ltr}) {opt}", ltr) for ltr, opt in zip(letters, item.options, strict=True)]
    if item.type == "tf":
        return [(opt, opt) for opt in item.options]
    return []


def score_line(session: QuizSession) -> str:
    """'Stand: 3 von 5 richtig' (the answers given so far); empty before the first answer."""
    if not session.answers:
        return ""
    right = sum(1 for a in session.answers if a.correct)
    return render("ui_quiz", "quiz.stand", richtig=right, beantwortet=len(session.answers))


def question_markdown(
    item: QuizItem, number: int, total: int, session: QuizSession | None = None
) -> str:
    """'**Frage 2 von 5 · Freitext** · Stand: 1 von 1 richtig' and the question (escaped)."""
    head = render("ui_quiz", "quiz.kopf", nummer=number, gesamt=total, typ=type_label(item.type))
    score = score_line(session) if session is not None else ""
    head = f"**{head}**" + (f" · {score}" if score else "")
    return f"{head}\n\n{md(item.question)}"


def explanation_head(feedback: Feedback) -> str:
    """The explanation without its trailing 'Laut <Ort>: „<Zitat>“' (shown as a quote)."""
    return feedback.explanation.split(f"Laut {feedback.location}:", 1)[0].strip()


def _plain_heads(feedback: Feedback) -> set[str]:
    """Heads of the plain explanations ('Richtig ist „X“.', 'Gesucht war „X“.') for this
    answer: after a wrong answer they would only repeat the message."""
    heads = set()
    for key in ("erklaerung.richtig", "erklaerung.luecke"):
        plain = render(
            "quiz", key, antwort=feedback.correct_answer, ort=feedback.location, zitat=""
        )
        heads.add(plain.split(f"Laut {feedback.location}:", 1)[0].strip())
    return heads


def feedback_markdown(feedback: Feedback) -> str:
    """Right/wrong with the correct answer, the explanation, the quoted source passage."""
    key = "quiz.richtig" if feedback.correct else "quiz.falsch"
    parts = [render("ui_quiz", key, meldung=md(feedback.message))]
    if feedback.note:
        parts.append(render("ui_quiz", "quiz.hinweis_bewertung", meldung=md(feedback.note)))
    head = explanation_head(feedback)
    if head and (feedback.correct or head not in _plain_heads(feedback)):
        parts.append(md(head))
    parts.append(
        render("ui_quiz", "quiz.zitat", zitat=md(feedback.quote), ort=md(feedback.location))
    )
    parts.append(
        render(
            "ui_quiz",
            "quiz.stand_fett",
            richtig=feedback.right_so_far,
            beantwortet=feedback.answered,
        )
    )
    return "\n\n".join(parts)


def summary_markdown(session: QuizSession) -> str:
    """'Ergebnis: 4 von 5 richtig, 80 %', the sections to re-read and how to go on."""
    result = summary(session)
    head = render(
        "ui_quiz",
        "quiz.ergebnis",
        richtig=result.correct,
        gesamt=result.total,
        prozent=result.percent,
    )
    lines = [head, "", md(result.message), "", md(result.review_message)]
    lines += [f"- {md(entry.location)}" for entry in result.review]
    lines += ["", render("ui_quiz", "quiz.neu")]
    return "\n".join(lines)


def _question_screen(tab: QuizTabState, feedback: str = "", keep: bool = False) -> QuizScreen:
    """The current (unanswered) question, ready to be answered."""
    session = tab.session
    item = session.current()
    if item is None:
        return _answered_screen(tab)
    return QuizScreen(
        state=_dump(tab),
        question=question_markdown(item, session.position + 1, len(session.items), session),
        choices=choices_for(item),
        text_input=item.type == "cloze",
        feedback=feedback,
        can_check=True,
        keep_input=keep,
    )


def _answered_screen(tab: QuizTabState, feedback: str | None = None) -> QuizScreen:
    """The question just answered with its feedback (and the result after the last one)."""
    session = tab.session
    number = max(session.position, 1)
    item = session.items[number - 1]
    finished = session.finished
    return QuizScreen(
        state=_dump(tab),
        question=question_markdown(item, number, len(session.items), session),
        choices=choices_for(item),
        text_input=item.type == "cloze",
        feedback=tab.feedback if feedback is None else feedback,
        summary=summary_markdown(session) if finished else "",
        can_next=not finished,
        keep_input=True,
        locked=True,
    )


def _current_screen(tab: QuizTabState | None, message: str) -> QuizScreen:
    """Whatever is on screen now, plus a hint (the session is kept as it is)."""
    if tab is None:
        return QuizScreen(state=None, feedback=hint(message))
    if tab.checked or tab.session.finished:
        return _answered_screen(tab, f"{tab.feedback}\n\n{hint(message)}".strip())
    return _question_screen(tab, hint(message), keep=True)


def start(
    container: Container, scope_value: str | None, count: float | None, state: Any = None
) -> QuizScreen:
    """Generate a quiz for the chosen module (or all modules) and show the first question.

    On a German error (no index, unknown module, no valid question) the running quiz, if
    any, stays as it is and the message is shown.
    """
    try:
        number = int(count if count is not None else DEFAULT_COUNT)
        number = min(max(number, MIN_COUNT), MAX_COUNT)
        scope = checked_scope(container, scope_value)
        result = generator(container).generate(scope, number)
        if not result.quiz.items:
            raise QuizError(render("quiz", "fehler.keine", bereich=scope.label()))
    except (QuizError, ValueError, TypeError) as exc:
        message = render("ui_quiz", "quiz.start_fehler", grund=str(exc))
        return _current_screen(_load(state), message)
    tab = QuizTabState(session=session_for(result.quiz), started_at=time.time())
    notes = "\n\n".join(hint(w) for w in result.warnings)
    return _question_screen(tab, notes)


def check(
    state: Any,
    choice: str | None,
    text: str | None,
    on_finish: Callable[[QuizTabState], str] | None = None,
    grader: Grader | None = None,
) -> QuizScreen:
    """Grade the answer to the current question (radio value for mc/tf, text for cloze).

    Invalid input (nothing chosen, empty text) gives a German hint and keeps the session.
    When this answer finishes the quiz, ``on_finish`` (e.g. saving the attempt) is called
    once and its German note is shown under the result. ``grader`` judges free text against
    the course vocabulary (synonyms count, other course terms do not).
    """
    tab = _load(state)
    if tab is None:
        return _current_screen(None, render("ui_quiz", "quiz.kein_quiz"))
    item = tab.session.current()
    if tab.checked or item is None:
        return _current_screen(tab, render("ui_quiz", "quiz.schon_geprueft"))
    given = (text if item.type == "cloze" else choice) or ""
    if not given.strip() and item.type != "cloze":
        return _current_screen(tab, render("ui_quiz", "quiz.keine_auswahl"))
    try:
        session, feedback = submit_answer(tab.session, given, grader)
    except QuizError as exc:
        return _current_screen(tab, str(exc))
    answered = QuizTabState(
        session=session,
        checked=True,
        feedback=feedback_markdown(feedback),
        started_at=tab.started_at,
    )
    screen = _answered_screen(answered)
    if session.finished and on_finish is not None:
        note = on_finish(answered)
        screen = replace(
            screen, summary=f"{screen.summary}\n\n{md(note)}" if note else screen.summary
        )
    return screen


def next_question(state: Any) -> QuizScreen:
    """Leave the feedback and show the next question (or the result if there is none)."""
    tab = _load(state)
    if tab is None:
        return _current_screen(None, render("ui_quiz", "quiz.kein_quiz"))
    if tab.session.finished:
        return _answered_screen(tab)
    if not tab.checked:
        return _question_screen(tab, keep=True)
    return _question_screen(tab.model_copy(update={"checked": False, "feedback": ""}))
