"""The "Quiz" tab (learners): one question at a time, immediate feedback, score at the end.

Layout and wiring only; every decision is made in :mod:`tutor.web.quiz_play`.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from tutor.container import Container
from tutor.prompts import render
from tutor.web import learner as learners
from tutor.web import quiz_play
from tutor.web.quiz_common import module_choices
from tutor.web.quiz_play import QuizScreen


def _updates(screen: QuizScreen) -> tuple[Any, ...]:
    """Gradio updates for (state, question, choice, text, check, next, feedback, result)."""
    if screen.keep_input:  # same question: leave the learner's selection/text alone
        choice = gr.update(visible=bool(screen.choices), interactive=not screen.locked)
        text = gr.update(visible=screen.text_input, interactive=not screen.locked)
    else:
        choice = gr.update(
            choices=screen.choices, value=None, visible=bool(screen.choices), interactive=True
        )
        text = gr.update(value="", visible=screen.text_input, interactive=True)
    return (
        screen.state,
        screen.question,
        choice,
        text,
        gr.update(visible=screen.can_check),
        gr.update(visible=screen.can_next),
        screen.feedback,
        screen.summary,
    )


def build_quiz_tab(container: Container, learner: gr.State | None = None) -> None:
    """The learner's quiz: module + number of questions, then question → feedback → next.

    A finished quiz is saved for the learner in ``learner`` (pseudonymous id) if there is one.
    """
    choices = module_choices(container)
    with gr.Tab(render("ui_quiz", "quiz.tab"), id="quiz") as tab:
        gr.Markdown(render("ui_quiz", "quiz.intro"))
        with gr.Row(equal_height=False):
            module = gr.Dropdown(
                choices,
                value=choices[0][1],
                label=render("ui_quiz", "quiz.modul"),
                min_width=300,
                scale=3,
                elem_id="quiz-modul",
            )
            count = gr.Slider(
                quiz_play.MIN_COUNT,
                quiz_play.MAX_COUNT,
                value=quiz_play.DEFAULT_COUNT,
                step=1,
                label=render("ui_quiz", "quiz.anzahl"),
                scale=2,
                elem_id="quiz-anzahl",
            )
            start = gr.Button(
                render("ui_quiz", "quiz.starten"), variant="primary", scale=1, elem_id="quiz-start"
            )
        state = gr.State(None)
        question = gr.Markdown(
            sanitize_html=True, label=render("ui_quiz", "quiz.feld_frage"), elem_id="quiz-frage"
        )
        radio = gr.Radio(
            [], label=render("ui_quiz", "quiz.auswahl"), visible=False, elem_id="quiz-optionen"
        )
        box = gr.Textbox(
            label=render("ui_quiz", "quiz.eingabe"),
            placeholder=render("ui_quiz", "quiz.platzhalter"),
            visible=False,
            max_length=200,
            elem_id="quiz-eingabe",
        )
        with gr.Row():
            check = gr.Button(
                render("ui_quiz", "quiz.pruefen"),
                variant="primary",
                visible=False,
                elem_id="quiz-pruefen",
            )
            further = gr.Button(
                render("ui_quiz", "quiz.weiter"), visible=False, elem_id="quiz-weiter"
            )
        feedback = gr.Markdown(
            sanitize_html=True,
            label=render("ui_quiz", "quiz.feld_rueckmeldung"),
            elem_id="quiz-rueckmeldung",
        )
        result = gr.Markdown(
            sanitize_html=True,
            label=render("ui_quiz", "quiz.feld_ergebnis"),
            elem_id="quiz-ergebnis",
        )
        outputs = [state, question, radio, box, check, further, feedback, result]
        learner = learner if learner is not None else gr.State(None)

        def on_start(scope: str, count: float, current: Any) -> tuple[Any, ...]:
            return _updates(quiz_play.start(container, scope, count, current))

        def on_check(
            current: Any, choice: str | None, text: str | None, key: Any, request: gr.Request
        ) -> tuple[Any, ...]:
            who = learners.resolve(container, key, getattr(request, "username", None))
            recorder = learners.quiz_recorder(container, who)
            grader = quiz_play.grader_of(container)
            return _updates(quiz_play.check(current, choice, text, recorder, grader))

        def on_next(current: Any) -> tuple[Any, ...]:
            return _updates(quiz_play.next_question(current))

        start.click(on_start, [module, count, state], outputs, api_name="quiz_start")
        check.click(on_check, [state, radio, box, learner], outputs, api_name="quiz_check")
        box.submit(on_check, [state, radio, box, learner], outputs, api_visibility="private")
        further.click(on_next, state, outputs, api_name="quiz_next")
        # Modules can change after an ingest in the "Kursmaterial" tab.
        tab.select(
            lambda: gr.update(choices=module_choices(container)),
            None,
            module,
            api_visibility="private",
        )
