"""The "KI-Readiness-Check" tab: the checklist as a conversation, result chart and reports."""

from __future__ import annotations

from typing import Any, cast

import gradio as gr

from ingest.index import StoreError
from tutor.container import Container
from tutor.prompts import render
from tutor.web import a11y, readiness
from tutor.web import learner as learners


def readiness_tab(container: Container, learner: gr.State | None = None) -> None:
    """The checklist as a conversation (free text + buttons), result chart and reports;
    saved after every answer and offered for "Fortsetzen" on the next visit."""
    with gr.Tab(render("ui", "check.tab"), id="check"):
        gr.Markdown(render("ui", "check.intro"))
        try:
            conv = container.checklist
            error = None
        except (ValueError, StoreError) as exc:
            conv, error = None, str(exc)
        if conv is None:
            gr.Markdown(render("ui", "check.fehler", grund=readiness.escape(error or "")))
            return
        reports = container.settings.data_dir / "reports"
        first, first_state, first_progress = readiness.start(conv)
        state = gr.State(first_state)
        learner = learner if learner is not None else gr.State(None)
        offer = gr.Markdown(elem_id="check-angebot")
        resume = gr.Button(
            render("fortschritt", "check.fortsetzen"), visible=False, elem_id="check-fortsetzen"
        )
        progress = gr.Markdown(first_progress, elem_id="check-fortschritt")
        bot = gr.Chatbot(
            value=cast(Any, first),
            height=380,
            sanitize_html=True,
            elem_id="check-chat",
            buttons=a11y.chat_buttons(),
            label=render("ui", "check.tab"),
        )
        with gr.Row():
            box = gr.Textbox(label=render("ui", "check.eingabe"), scale=5, elem_id="check-antwort")
            send = gr.Button(
                render("ui", "check.senden"), variant="primary", scale=1, elem_id="check-senden"
            )
        with gr.Row(elem_id="check-knoepfe"):
            buttons = {
                word: gr.Button(render("ui", f"check.{key}"), elem_id=f"check-{key}", size="sm")
                for word, key in (
                    ("ja", "ja"),
                    ("nein", "nein"),
                    ("zurück", "zurueck"),
                    ("überspringen", "ueberspringen"),
                    ("Ergebnis", "ergebnis"),
                    ("neu starten", "neu"),
                )
            }
        # nothing of the result is shown before there is one (no empty chart or file boxes)
        summary = gr.HTML(visible=False, elem_id="check-resultat")
        chart = gr.HTML(visible=False, elem_id="check-diagramm")
        with gr.Row():
            md_file = gr.DownloadButton(
                render("ui", "check.bericht_md"), visible=False, elem_id="bericht-md"
            )
            pdf_file = gr.DownloadButton(
                render("ui", "check.bericht_pdf"), visible=False, elem_id="bericht-pdf"
            )
        outputs = [bot, state, progress, summary, chart, md_file, pdf_file]

        def answer(
            text: str, history: list[dict[str, Any]], current: dict[str, Any], key: Any = None
        ) -> Any:
            h, st, prog, summ, table, md, pdf = readiness.reply(
                conv, reports, text, history, current
            )
            note = learners.save_check(container, conv, key, st)
            return h, st, f"{prog}\n\n{note}".strip(), summ, table, md, pdf

        def reveal(current: dict[str, Any] | None) -> Any:
            """Result box, chart and downloads only once the check is finished."""
            done = bool(current and current.get("finished"))
            return tuple(gr.update(visible=done) for _ in range(4))

        show_result = (reveal, state, [summary, chart, md_file, pdf_file])

        def continue_saved(key: Any) -> Any:
            found = learners.resume(container, conv, key)
            if isinstance(found, str):  # nothing to continue, or the database is down
                return gr.update(), gr.update(), gr.update(), found, gr.update(visible=False)
            history, st, prog = found
            return history, st, prog, "", gr.update(visible=False)

        def offer_saved(key: Any) -> Any:
            text, can_resume = learners.resume_offer(container, conv, key)
            return text, gr.update(visible=can_resume)

        hide_offer = (lambda: ("", gr.update(visible=False)), None, [offer, resume])
        learner.change(offer_saved, learner, [offer, resume], api_visibility="private")
        resume.click(
            continue_saved, learner, [bot, state, progress, offer, resume], api_visibility="private"
        ).then(*show_result, api_visibility="private")
        for trigger in (box.submit, send.click):
            trigger(answer, [box, bot, state, learner], outputs, api_name="check_antwort").then(
                lambda: "", None, box, api_visibility="private"
            ).then(*hide_offer, api_visibility="private").then(
                *show_result, api_visibility="private"
            )
        for word, button in buttons.items():
            button.click(
                lambda h, s, k, w=word: answer(w, h, s, k),
                [bot, state, learner],
                outputs,
                api_visibility="private",
            ).then(*hide_offer, api_visibility="private").then(
                *show_result, api_visibility="private"
            )
