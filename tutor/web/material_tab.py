"""The "Kursmaterial" tab: upload and re-ingest first, then a compact list of what is indexed."""

from __future__ import annotations

from typing import Any

import gradio as gr

from tutor.container import Container
from tutor.prompts import render
from tutor.web import material
from tutor.web.audit_view import audit_section
from tutor.web.auth import Authenticator

PROGRESS = gr.Progress()  # Gradio injects a per-request tracker for this default


def material_tab(container: Container, auth: Authenticator | None) -> tuple[gr.Tab, gr.HTML]:
    """Upload files and re-ingest with progress; below, one collapsed entry per document with
    its modules/chapters and sections."""
    with gr.Tab(render("ui", "material.tab"), id="material") as tab:
        files = gr.File(
            label=render("ui", "material.hochladen"),
            file_count="multiple",
            file_types=[".pdf", ".txt", ".md"],
            type="filepath",
            height=120,
            elem_id="upload",
        )
        run = gr.Button(render("ui", "material.einlesen"), variant="primary", elem_id="einlesen")
        result = gr.Markdown(sanitize_html=True, elem_id="ingest-ergebnis")
        overview = gr.HTML(elem_id="uebersicht")

        def ingest(
            paths: list[str] | None, request: gr.Request, progress: gr.Progress = PROGRESS
        ) -> Any:
            if auth is not None and not auth.is_trainer(request.username):
                return render("ui", "material.nur_trainer"), material.overview_html(container)
            message = material.upload_and_ingest(
                container, paths, lambda f, d: progress(f, desc=d), request.username
            )
            return message, material.overview_html(container)

        run.click(ingest, files, [result, overview], api_name="einlesen")
        audit_section(container, auth, overview)  # removal and change log (trainers only)
    return tab, overview
