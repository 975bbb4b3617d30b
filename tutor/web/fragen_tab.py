"""The "Fragen" tab: chat with streamed, cited answers; module filter; examples."""

from __future__ import annotations

from typing import Any

import gradio as gr

from ingest.index import StoreError
from tutor.container import Container
from tutor.prompts import render
from tutor.web import chat, practice
from tutor.web import learner as learners


def _modules(container: Container) -> dict[int, str]:
    try:
        snap = container.corpus.snapshot()
    except StoreError:
        return {}
    return {c.module: c.module_title or "" for c in snap.chunks if c.module is not None}


def fragen_tab(container: Container, learner: gr.State | None = None) -> None:
    """Chat with streamed, cited answers; module filter; examples; new conversation."""
    with gr.Tab(render("ui", "fragen.tab"), id="fragen"):
        with gr.Row():
            module = gr.Dropdown(
                chat.module_choices(_modules(container)),
                value=render("ui", "fragen.alle"),
                label=render("ui", "fragen.filter"),
                scale=3,
            )
            new = gr.Button(render("ui", "fragen.neu"), scale=1, elem_id="neues-gespraech")
        chatbot = gr.Chatbot(
            label=render("ui", "app.titel"), height=420, sanitize_html=True, elem_id="chat"
        )
        with gr.Row():
            box = gr.Textbox(
                label=render("ui", "fragen.eingabe"),
                placeholder=render("ui", "fragen.platzhalter"),
                scale=5,
                elem_id="frage",
                max_length=container.settings.max_question_chars,
            )
            send = gr.Button(
                render("ui", "fragen.senden"), variant="primary", scale=1, elem_id="senden"
            )
        gr.Examples(chat.EXAMPLES, inputs=box, label=render("ui", "fragen.beispiele"))
        sources = gr.Markdown(sanitize_html=True, elem_id="quellen")
        practice.attach(container, sources)  # "Übungsfrage dazu" under the sources

        learner = learner if learner is not None else gr.State(None)

        def answer(
            message: str, history: list[dict[str, Any]], label: str, key: Any, req: gr.Request
        ) -> Any:
            who = learners.resolve(container, key, getattr(req, "username", None))
            stream = chat.ask_stream(container.answers, message, history, label)
            yield from learners.transcribed(container, who, stream)

        for trigger in (box.submit, send.click):
            trigger(
                answer,
                [box, chatbot, module, learner],
                [chatbot, sources],
                api_visibility="private",
            ).then(lambda: "", None, box, api_visibility="private")
        new.click(lambda: ([], ""), None, [chatbot, sources], api_visibility="private")

        # A stable API endpoint for scripts and tests: one question → answer + sources.
        api_in = gr.Textbox(visible=False)
        api_out = gr.JSON(visible=False)

        def api_ask(question: str) -> dict[str, Any]:
            try:
                return container.answers.ask(question).to_json()
            except (ValueError, StoreError) as exc:
                return {"error": str(exc)}

        api_in.submit(api_ask, api_in, api_out, api_name="ask")
