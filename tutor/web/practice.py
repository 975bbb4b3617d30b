""" "Übungsfrage dazu" under an answer in the Fragen tab: one quiz item from the passage the
answer cites, answered and graded right there.

:func:`attach` adds the button and the inline quiz under the source cards (one call in
``fragen_tab``); :func:`build` and :func:`check` are plain handlers that never touch
Gradio, so they can be tested directly. The item lives in the session state as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import gradio as gr
from pydantic import ValidationError

from ingest.index import StoreError
from tutor.container import Container
from tutor.prompts import render
from tutor.quiz import QuizError, QuizSession, submit_answer
from tutor.quiz.models import QuizSet
from tutor.quiz.practice import cited_chunks, has_citation, practice_item, quoted_lines
from tutor.quiz.session import session_for
from tutor.web.quiz_common import generator, md, type_label
from tutor.web.quiz_play import choices_for, feedback_markdown, hint


@dataclass(frozen=True)
class PracticeScreen:
    """What the inline practice shows: question, choices or text box, feedback."""

    state: dict[str, Any] | None
    question: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    text_input: bool = False
    feedback: str = ""
    can_check: bool = False


def build(container: Container, sources: str | None, seed: int = 0) -> PracticeScreen:
    """One item from the passages quoted in ``sources`` (the answer's source cards)."""
    if not quoted_lines(sources or "") or not has_citation(sources or ""):
        # nothing asked yet: the sources column still shows its placeholder
        return PracticeScreen(None, feedback=hint(render("ui_quiz", "uebung.keine_antwort")))
    try:
        gen = generator(container)
    except QuizError as exc:
        return PracticeScreen(None, feedback=hint(str(exc)))
    item = practice_item(gen, cited_chunks(sources or "", gen.material.chunks), seed)
    if item is None:
        return PracticeScreen(None, feedback=hint(render("ui_quiz", "uebung.keine_frage")))
    session = session_for(QuizSet(items=[item]))
    head = render("ui_quiz", "uebung.kopf", typ=type_label(item.type))
    return PracticeScreen(
        session.model_dump(mode="json"),
        question=f"{head}\n\n{md(item.question)}",
        choices=choices_for(item),
        text_input=item.type == "cloze",
        can_check=True,
    )


def check(container: Container, state: Any, choice: str | None, text: str | None) -> PracticeScreen:
    """Grade the learner's answer inline (same feedback as in the Quiz tab)."""
    try:
        session = QuizSession.model_validate(state)
    except ValidationError:
        return PracticeScreen(None, feedback=hint(render("ui_quiz", "uebung.keine_antwort")))
    item = session.current()
    if item is None:
        return PracticeScreen(state, feedback=hint(render("ui_quiz", "quiz.schon_geprueft")))
    given = (text if item.type == "cloze" else choice) or ""
    try:
        grader = generator(container).grader
        _, feedback = submit_answer(session, given, grader)
    except (QuizError, StoreError) as exc:
        return PracticeScreen(
            state,
            choices=choices_for(item),
            text_input=item.type == "cloze",
            feedback=hint(str(exc)),
            can_check=True,
        )
    return PracticeScreen(state, feedback=feedback_markdown(feedback))


def attach(container: Container, sources: gr.HTML) -> None:
    """The "Übungsfrage dazu" button and the inline quiz below ``sources``."""
    state = gr.State(None)
    button = gr.Button(render("ui_quiz", "uebung.knopf"), size="sm", elem_id="uebung-knopf")
    question = gr.Markdown(sanitize_html=True, elem_id="uebung-frage")
    radio = gr.Radio(
        [], label=render("ui_quiz", "uebung.auswahl"), visible=False, elem_id="uebung-optionen"
    )
    box = gr.Textbox(
        label=render("ui_quiz", "uebung.eingabe"),
        visible=False,
        max_length=200,
        elem_id="uebung-eingabe",
    )
    check_button = gr.Button(
        render("ui_quiz", "uebung.pruefen"), visible=False, elem_id="uebung-pruefen"
    )
    feedback = gr.Markdown(sanitize_html=True, elem_id="uebung-rueckmeldung")
    outputs = [state, question, radio, box, check_button, feedback]

    def shown(screen: PracticeScreen, fresh: bool) -> tuple[Any, ...]:
        radio_update = (
            gr.update(choices=screen.choices, value=None, visible=bool(screen.choices))
            if fresh
            else gr.update(interactive=screen.can_check)
        )
        box_update = gr.update(value="", visible=screen.text_input) if fresh else gr.update()
        return (
            screen.state,
            screen.question if fresh else gr.update(),
            radio_update,
            box_update,
            gr.update(visible=screen.can_check),
            screen.feedback,
        )

    def on_build(text: str) -> tuple[Any, ...]:
        return shown(build(container, text), fresh=True)

    def on_check(current: Any, choice: str | None, typed: str | None) -> tuple[Any, ...]:
        return shown(check(container, current, choice, typed), fresh=False)

    button.click(on_build, sources, outputs, api_name="uebung")
    check_button.click(on_check, [state, radio, box], outputs, api_name="uebung_pruefen")
