"""The "Für Trainer" tab: generate a question set, review and edit it, export it.

Layout and wiring only; every decision is made in :mod:`tutor.web.trainer_set`.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from tutor.container import Container
from tutor.prompts import render
from tutor.web import trainer_export, trainer_set
from tutor.web.auth import Authenticator, may_train
from tutor.web.quiz_common import MIXED, scope_choices
from tutor.web.trainer_set import TrainerView


def _text(key: str) -> str:
    return render("ui_quiz", f"trainer.{key}")


def _updates(view: TrainerView) -> tuple[Any, ...]:
    """Updates for (state, undo state, listing, number, question, options, answer, status,
    file, note); the "Rückgängig" button follows the undo state in a chained step, so the
    public API keeps its outputs."""
    return (
        view.state,
        view.undo,
        view.listing,
        gr.update(choices=view.numbers, value=view.selected),
        view.question,
        gr.update(value=view.options, interactive=view.options_editable),
        view.answer,
        view.status,
        None,  # the set changed: an earlier export no longer matches it
        "",
    )


def build_trainer_tab(container: Container, auth: Authenticator | None = None) -> gr.Tab:
    """Generate (scope, count, types, seed) → numbered list → edit one item → export.

    With a login every handler checks the caller's role on the server: hiding the tab from
    learners does not stop a direct API call.
    """
    reports = container.settings.data_dir / "reports"
    with gr.Tab(_text("tab"), id="trainer") as tab:
        gr.Markdown(_text("intro"))
        with gr.Row(equal_height=True):
            scope = gr.Dropdown(
                scope_choices(container),
                value=MIXED,
                label=_text("bereich"),
                min_width=300,
                scale=3,
                elem_id="trainer-bereich",
            )
            count = gr.Slider(
                trainer_set.MIN_COUNT,
                trainer_set.MAX_COUNT,
                value=trainer_set.DEFAULT_COUNT,
                step=1,
                label=_text("anzahl"),
                scale=2,
                elem_id="trainer-anzahl",
            )
        with gr.Row(equal_height=True):
            types = gr.CheckboxGroup(
                trainer_set.type_choices(),
                value=["mc", "tf", "cloze"],
                label=_text("typen"),
                scale=3,
                elem_id="trainer-typen",
            )
            seed = gr.Textbox(
                label=_text("seed"),
                info=_text("seed_info"),
                placeholder=_text("seed_platzhalter"),
                max_length=12,
                scale=1,
                elem_id="trainer-seed",
            )
            generate = gr.Button(
                _text("erzeugen"), variant="primary", scale=1, elem_id="trainer-erzeugen"
            )
        status = gr.Markdown(
            sanitize_html=True, label=_text("feld_meldung"), elem_id="trainer-status"
        )
        state = gr.State(None)
        undo_state = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                listing = gr.Markdown(
                    _text("leer"),
                    sanitize_html=True,
                    max_height=720,
                    label=_text("feld_liste"),
                    elem_id="trainer-liste",
                )
            with gr.Column(scale=2):
                gr.Markdown(_text("bearbeiten"))
                number = gr.Dropdown([], label=_text("frage_waehlen"), elem_id="trainer-nummer")
                question = gr.Textbox(label=_text("fragetext"), lines=4, elem_id="trainer-frage")
                options = gr.Textbox(
                    label=_text("optionen"),
                    info=_text("optionen_info"),
                    lines=4,
                    interactive=False,
                    elem_id="trainer-optionen",
                )
                answer = gr.Textbox(
                    label=_text("antwort"), info=_text("antwort_info"), elem_id="trainer-antwort"
                )
                save = gr.Button(_text("speichern"), variant="primary", elem_id="trainer-speichern")
                with gr.Row():
                    renew = gr.Button(_text("neu"), size="md", elem_id="trainer-neu")
                    delete = gr.Button(
                        _text("loeschen"), variant="stop", size="md", elem_id="trainer-loeschen"
                    )
                    undo = gr.Button(
                        _text("rueckgaengig"), size="md", visible=False, elem_id="trainer-undo"
                    )
                fmt = gr.Radio(
                    trainer_export.format_choices(),
                    value="gift",
                    label=_text("format"),
                    elem_id="trainer-format",
                )
                export = gr.Button(_text("exportieren"), elem_id="trainer-exportieren")
                download = gr.File(label=_text("datei"), interactive=False, elem_id="trainer-datei")
                exported = gr.Markdown(sanitize_html=True, elem_id="trainer-export-meldung")
        outputs = [
            state,
            undo_state,
            listing,
            number,
            question,
            options,
            answer,
            status,
            download,
            exported,
        ]

        def allowed(request: gr.Request) -> bool:
            return may_train(auth, getattr(request, "username", None))

        def on_generate(
            scope: str, count: float, types: list[str], seed: Any, current: Any, r: gr.Request
        ) -> Any:
            if not allowed(r):
                return _updates(trainer_set.refused())
            view = trainer_set.generate(container, scope, count, types, seed, current)
            return _updates(view)

        def on_select(current: Any, number: Any, previous: Any, r: gr.Request) -> Any:
            if not allowed(r):
                return _updates(trainer_set.refused())[:-2]
            return _updates(trainer_set.select(current, number, previous))[:-2]

        def on_save(
            current: Any, number: Any, question: str, options: str, answer: str, r: gr.Request
        ) -> Any:
            if not allowed(r):
                return _updates(trainer_set.refused())
            view = trainer_set.save(container, current, number, question, options, answer)
            return _updates(view)

        def on_delete(current: Any, number: Any, r: gr.Request) -> Any:
            if not allowed(r):
                return _updates(trainer_set.refused())
            return _updates(trainer_set.delete(current, number))

        def on_undo(current: Any, previous: Any, r: gr.Request) -> Any:
            if not allowed(r):
                return _updates(trainer_set.refused())
            return _updates(trainer_set.restore(current, previous))

        def on_renew(current: Any, number: Any, r: gr.Request) -> Any:
            if not allowed(r):
                return _updates(trainer_set.refused())
            return _updates(trainer_set.regenerate(container, current, number))

        def on_export(current: Any, fmt: str, r: gr.Request) -> Any:
            if not allowed(r):
                return None, trainer_set.refused().status
            return trainer_export.export_file(current, fmt, reports)

        def show_undo(previous: Any) -> Any:
            return gr.update(visible=previous is not None)

        def then_undo(event: Any) -> None:
            event.then(show_undo, undo_state, undo, api_visibility="private")

        then_undo(
            generate.click(
                on_generate,
                [scope, count, types, seed, state],
                outputs,
                api_name="trainer_generate",
            )
        )
        number.input(on_select, [state, number, undo_state], outputs[:-2], api_visibility="private")
        edit_inputs = [state, number, question, options, answer]
        then_undo(save.click(on_save, edit_inputs, outputs, api_name="trainer_save"))
        then_undo(delete.click(on_delete, [state, number], outputs, api_name="trainer_delete"))
        then_undo(undo.click(on_undo, [state, undo_state], outputs, api_name="trainer_undo"))
        then_undo(renew.click(on_renew, [state, number], outputs, api_name="trainer_regenerate"))
        export.click(on_export, [state, fmt], [download, exported], api_name="trainer_export")
        # New documents can appear after an ingest in the "Kursmaterial" tab.
        tab.select(
            lambda: gr.update(choices=scope_choices(container)),
            None,
            scope,
            api_visibility="private",
        )
    return tab
