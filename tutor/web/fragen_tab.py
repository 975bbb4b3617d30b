"""The "Fragen" tab: chat with streamed, cited answers; module filter; examples.

Layout: the answer and its source cards side by side on a desktop; on a phone the cards
follow the chat directly (the row wraps), before the input box and the example questions.
An example question is asked at once. The [n] links of an answer open and scroll to their
card (a click handler installed once by the sources component).
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ingest.index import StoreError
from tutor.container import Container
from tutor.prompts import render
from tutor.web import a11y, chat, practice
from tutor.web import learner as learners

# Opens the card an [n] link points to and brings it into view (capture phase: the chat's
# own link handling, which would open a new tab, never runs for these links).
SOURCES_JS = """
if (!window.__quellenLinks) {
  window.__quellenLinks = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#quelle-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById(link.getAttribute("href").slice(1));
    if (!card) return;
    card.open = true;
    card.scrollIntoView({behavior: "smooth", block: "nearest"});
    const summary = card.querySelector("summary");
    if (summary) summary.focus({preventScroll: true});
    card.classList.add("quelle-aktiv");
    setTimeout(() => card.classList.remove("quelle-aktiv"), 1600);
  }, true);
}
"""
SOURCES_CSS = """
.quellen-titel { margin: 0 0 .5rem; font-size: 1.1rem; }
.quelle { border: 1px solid var(--border-color-primary); border-radius: 8px;
  margin-bottom: .5rem; padding: .25rem .75rem; }
.quelle > summary { cursor: pointer; padding: .35rem 0; font-weight: 600; }
.quelle-nr { color: var(--color-accent); }
.quelle-text { white-space: pre-wrap; line-height: 1.5; padding-bottom: .5rem; }
.quelle-text mark { background: #fff1a8; color: #1a1a1a; padding: 0 .1em; border-radius: 2px; }
.quelle-aktiv { outline: 3px solid var(--color-accent); }
"""
# Global rules: the [n] links in the chat, and the chat's toolbar (clear button) in a strip of
# its own above the messages instead of floating over them, so it never covers the newest one.
PAGE_HEAD = """<style id="fragen-stil">
#chat a.quelle-link { font-weight: 600; text-decoration: none; white-space: nowrap; }
#chat a.quelle-link:hover, #chat a.quelle-link:focus { text-decoration: underline; }
#chat .top-panel { position: static !important; display: flex; justify-content: flex-end;
  padding: 2px 4px; }
</style>"""


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
        with gr.Row(equal_height=False, elem_id="antwort-zeile"):
            with gr.Column(scale=3, min_width=340):
                chatbot = gr.Chatbot(
                    label=render("ui", "app.titel"),
                    show_label=False,
                    height=440,
                    sanitize_html=True,
                    elem_id="chat",
                    buttons=a11y.chat_buttons(),
                )
            with gr.Column(scale=2, min_width=300, elem_id="quellen-spalte"):
                hint = chat.escape(render("ui", "fragen.quellen_hinweis"))
                sources = gr.HTML(
                    f'<p class="quellen-hinweis">{hint}</p>',
                    elem_id="quellen",
                    css_template=SOURCES_CSS,
                    js_on_load=SOURCES_JS,
                    head=PAGE_HEAD,
                    padding=False,
                )
                practice.attach(container, sources)  # "Übungsfrage dazu" under the sources
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
        gr.Markdown(f"**{render('ui', 'fragen.beispiele')}**")
        with gr.Row(elem_id="beispiele"):
            examples = [
                gr.Button(text, size="sm", elem_classes=["beispielfrage"]) for text in chat.EXAMPLES
            ]

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
        for button, text in zip(examples, chat.EXAMPLES, strict=True):
            # an example question is asked at once, as if typed and sent
            button.click(lambda t=text: t, None, box, api_visibility="private").then(
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
