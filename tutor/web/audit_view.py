"""Trainer part of the "Kursmaterial" tab: remove a document, and the change log (audit trail).

Built inside the material tab by one call (:func:`audit_section`); the tab is hidden from
learners, every handler checks the role on the server, and the guard in front of Gradio
refuses these events to non-trainers as well (:mod:`tutor.web.guard`).
"""

from __future__ import annotations

import json
from typing import Any

import gradio as gr

from tutor.container import Container
from tutor.progress import ProgressUnavailable
from tutor.progress.audit import recent_changes
from tutor.progress.models import MaterialChange
from tutor.prompts import render
from tutor.web import material
from tutor.web import material_changes as changes
from tutor.web.auth import Authenticator, may_train
from tutor.web.quiz_common import md

SHOWN = 50
# "" = the trainer cancelled the confirmation; null = nothing chosen
CONFIRM_JS = "(doc) => doc ? (confirm({frage}) ? doc : '') : null"


def _t(key: str, **values: object) -> str:
    return render("zugang", key, **values)


def _outcome(entry: MaterialChange) -> str:
    return (
        _t("protokoll.fehler_ergebnis")
        if entry.outcome == "fehler"
        else _t(f"protokoll.{entry.outcome}")
    )


def audit_markdown(entries: list[MaterialChange]) -> str:
    """The newest entries as a table (every cell made inert: names and files are user input)."""
    if not entries:
        return _t("protokoll.leer")
    rows = [
        _t(
            "protokoll.zeile",
            zeit=e.created_at.strftime("%d.%m.%Y %H:%M:%S"),
            wer=md(e.actor),
            aktion=_t(f"protokoll.{e.action}"),
            dateien=", ".join(md(f) for f in e.files) or "–",
            ergebnis=_outcome(e),
            details=md(e.detail.replace("\n", " ")) or "–",
        )
        for e in entries
    ]
    return "\n".join([_t("protokoll.kopf"), *rows])


def audit_view(container: Container) -> str:
    """The table of the newest entries, or the German database error."""
    try:
        return audit_markdown(recent_changes(container.progress, SHOWN))
    except ProgressUnavailable as exc:
        return _t("protokoll.fehler", grund=str(exc))


def audit_section(container: Container, auth: Authenticator | None, overview: gr.HTML) -> None:
    """Removal control and change log, placed where it is called (inside the material tab)."""
    with gr.Accordion(_t("entfernen.titel"), open=False, elem_id="entfernen") as removal:
        document = gr.Dropdown(
            changes.indexed_documents(container),
            value=None,
            label=_t("entfernen.auswahl"),
            # choices change with every upload; the handler checks the name against the index
            allow_custom_value=True,
            elem_id="entfernen-dokument",
        )
        remove = gr.Button(_t("entfernen.knopf"), variant="stop", elem_id="entfernen-knopf")
        removed = gr.Markdown(sanitize_html=True, elem_id="entfernen-ergebnis")
    with gr.Accordion(_t("protokoll.titel"), open=False, elem_id="protokoll-bereich") as trail:
        gr.Markdown(_t("protokoll.intro", anzahl=SHOWN))
        refresh = gr.Button(_t("protokoll.aktualisieren"), size="sm", elem_id="protokoll-neu")
        log = gr.Markdown(sanitize_html=True, elem_id="protokoll")

    def allowed(request: gr.Request) -> bool:
        return may_train(auth, getattr(request, "username", None))

    def show(request: gr.Request) -> str:
        return audit_view(container) if allowed(request) else _t("protokoll.nur_trainer")

    def on_remove(source: Any, request: gr.Request) -> tuple[Any, ...]:
        if not allowed(request):
            return _t("entfernen.nur_trainer"), gr.update(), gr.update(), gr.update()
        if source == "":
            return _t("entfernen.abgebrochen"), gr.update(), gr.update(), gr.update()
        user = getattr(request, "username", None)
        message = changes.remove_document(
            container, source if isinstance(source, str) else None, changes.actor_of(user)
        )
        choices = gr.update(choices=changes.indexed_documents(container), value=None)
        return message, choices, material.overview_html(container), audit_view(container)

    def choices(request: gr.Request) -> Any:
        return gr.update(choices=changes.indexed_documents(container) if allowed(request) else [])

    refresh.click(show, None, log, api_name="material_protokoll")
    trail.expand(show, None, log, api_visibility="private")
    removal.expand(choices, None, document, api_visibility="private")
    document.focus(choices, None, document, api_visibility="private")
    frage = json.dumps(_t("entfernen.frage"))
    remove.click(
        on_remove,
        document,
        [removed, document, overview, log],
        api_name="material_entfernen",
        js=CONFIRM_JS.format(frage=frage),
    )
