"""The Gradio web app: one tab per user task; callbacks only call the engines' handlers."""

from __future__ import annotations

from typing import Any, Literal, cast

import gradio as gr

from ingest.index import StoreError
from tutor.container import Container
from tutor.prompts import render
from tutor.web import chat, material, readiness
from tutor.web import learner as learners
from tutor.web.auth import Authenticator
from tutor.web.progress_tab import build_progress_tab
from tutor.web.progress_trainer import build_progress_trainer_tab
from tutor.web.quiz_tab import build_quiz_tab
from tutor.web.trainer_tab import build_trainer_tab

PROGRESS = gr.Progress()  # Gradio injects a per-request tracker for this default
CSS = """
.gradio-container {max-width: 1100px !important; margin: auto;}
@media (max-width: 640px) { .gradio-container {padding: 4px !important;} }
"""


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


def material_tab(container: Container, auth: Authenticator | None) -> tuple[gr.Tab, gr.Markdown]:
    """Indexed documents and sections; upload files and re-ingest with progress."""
    with gr.Tab(render("ui", "material.tab"), id="material") as tab:
        overview = gr.Markdown(sanitize_html=True, elem_id="uebersicht")
        files = gr.File(
            label=render("ui", "material.hochladen"),
            file_count="multiple",
            file_types=[".pdf", ".txt", ".md"],
            type="filepath",
            elem_id="upload",
        )
        run = gr.Button(render("ui", "material.einlesen"), variant="primary", elem_id="einlesen")
        result = gr.Markdown(sanitize_html=True, elem_id="ingest-ergebnis")

        def ingest(
            paths: list[str] | None, request: gr.Request, progress: gr.Progress = PROGRESS
        ) -> Any:
            if auth is not None and not auth.is_trainer(request.username):
                return render("ui", "material.nur_trainer"), material.overview_markdown(container)
            message = material.upload_and_ingest(container, paths, lambda f, d: progress(f, desc=d))
            return message, material.overview_markdown(container)

        run.click(ingest, files, [result, overview], api_name="einlesen")
    return tab, overview


def readiness_tab(container: Container, learner: gr.State | None = None) -> None:
    """The checklist as a conversation (free text + buttons), result chart and reports;
    saved after every answer and offered for "Fortsetzen" on the next visit."""
    import pandas as pd

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
            label=render("ui", "check.tab"),
        )
        with gr.Row():
            box = gr.Textbox(label=render("ui", "check.eingabe"), scale=5, elem_id="check-antwort")
            send = gr.Button(
                render("ui", "check.senden"), variant="primary", scale=1, elem_id="check-senden"
            )
        with gr.Row():
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
        summary = gr.Markdown(sanitize_html=True, elem_id="check-ergebnis")
        chart = gr.BarPlot(
            x="Abschnitt",
            y="Ja",
            y_lim=[0, None],
            label=render("ui", "check.diagramm"),
            x_label_angle=-45,
            visible=True,
        )
        with gr.Row():
            md_file = gr.File(label=render("ui", "check.bericht_md"), elem_id="bericht-md")
            pdf_file = gr.File(label=render("ui", "check.bericht_pdf"), elem_id="bericht-pdf")
        outputs = [bot, state, progress, summary, chart, md_file, pdf_file]

        def answer(
            text: str, history: list[dict[str, Any]], current: dict[str, Any], key: Any = None
        ) -> Any:
            h, st, prog, summ, rows, md, pdf = readiness.reply(
                conv, reports, text, history, current
            )
            note = learners.save_check(container, conv, key, st)
            frame = pd.DataFrame(rows) if rows else None
            return h, st, f"{prog}\n\n{note}".strip(), summ, frame, md, pdf

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
        )
        for trigger in (box.submit, send.click):
            trigger(answer, [box, bot, state, learner], outputs, api_name="check_antwort").then(
                lambda: "", None, box, api_visibility="private"
            ).then(*hide_offer, api_visibility="private")
        for word, button in buttons.items():
            button.click(
                lambda h, s, k, w=word: answer(w, h, s, k),
                [bot, state, learner],
                outputs,
                api_visibility="private",
            ).then(*hide_offer, api_visibility="private")


def build_app(container: Container, auth: Authenticator | None = None) -> gr.Blocks:
    """All tabs of the tutor for one configuration; with a login, trainer tabs only for
    trainers."""
    with gr.Blocks(title=render("ui", "app.titel"), analytics_enabled=False) as demo:
        gr.Markdown(f"# {render('ui', 'app.titel')}\n{render('ui', 'app.untertitel')}")
        # Who is learning: a random id kept in the browser (or the login), only its
        # pseudonym is held server-side (see tutor.web.learner).
        browser = gr.BrowserState(
            None,
            storage_key=learners.STORAGE_KEY,
            secret=container.pseudonyms.browser_state_secret(),
        )
        learner = gr.State(None)
        with gr.Tabs():
            fragen_tab(container, learner)
            build_quiz_tab(container, learner)
            readiness_tab(container, learner)
            build_progress_tab(container, learner, browser)
            trainer = build_trainer_tab(container, auth)
            material_page, overview = material_tab(container, auth)
            results = build_progress_trainer_tab(container, auth)

        def identify(browser_id: Any, request: gr.Request) -> tuple[str, str]:
            return learners.identify(container, browser_id, getattr(request, "username", None))

        demo.load(identify, browser, [browser, learner], api_visibility="private")
        demo.load(
            lambda: material.overview_markdown(container), None, overview, api_visibility="private"
        )

        def visibility(request: gr.Request) -> tuple[Any, Any, Any]:
            # Gradio 6 hides a tab button only with visible="hidden" (False keeps it shown).
            shown: bool | Literal["hidden"] = (
                True if auth is None or auth.is_trainer(request.username) else "hidden"
            )
            return gr.Tab(visible=shown), gr.Tab(visible=shown), gr.Tab(visible=shown)

        demo.load(visibility, None, [trainer, material_page, results], api_visibility="private")
    return demo
