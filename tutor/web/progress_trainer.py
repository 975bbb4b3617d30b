"""The trainers' "Auswertung" tab: anonymous quiz results per module, hardest questions.

Shows only counts and averages over all learners (see :mod:`tutor.progress.aggregate`); with
a login the server also refuses the data to learners, not just hides the tab.
"""

from __future__ import annotations

import gradio as gr

from tutor.container import Container
from tutor.progress import ProgressUnavailable
from tutor.progress.aggregate import MIN_ANSWERS, module_stats
from tutor.progress.models import ModuleStats
from tutor.prompts import render
from tutor.web.auth import Authenticator
from tutor.web.quiz_common import md


def _t(key: str, **values: object) -> str:
    return render("fortschritt", key, **values)


def _module_name(module: int | None) -> str:
    return _t("trainer.gemischt") if module is None else _t("trainer.modul", nummer=module)


def stats_markdown(stats: list[ModuleStats]) -> str:
    """Table of attempts and averages per module, then the hardest questions per module."""
    if not stats:
        return _t("trainer.leer")
    rows = [
        _t(
            "trainer.zeile",
            modul=_module_name(s.module),
            versuche=s.attempts,
            durchschnitt=f"{s.average_percent:.1f}".replace(".", ","),
        )
        for s in stats
    ]
    parts = ["\n".join([_t("trainer.tabelle_kopf"), *rows])]
    for s in stats:
        if s.hardest:
            lines = [
                _t(
                    "trainer.schwer_zeile",
                    frage=md(q.question),
                    falsch=q.wrong,
                    beantwortet=q.answered,
                    prozent=q.wrong_percent,
                )
                for q in s.hardest
            ]
            parts.append(
                "\n".join([_t("trainer.schwer_kopf", modul=_module_name(s.module)), *lines])
            )
    return "\n\n".join(parts)


def trainer_overview(container: Container) -> str:
    """The aggregate view, or the German database error."""
    try:
        return stats_markdown(module_stats(container.progress))
    except ProgressUnavailable as exc:
        return str(exc)


def build_progress_trainer_tab(container: Container, auth: Authenticator | None) -> gr.Tab:
    """Trainer-only tab (hidden for learners by app.py's visibility rule)."""
    with gr.Tab(_t("trainer.titel"), id="auswertung") as tab:
        gr.Markdown(_t("trainer.intro", mindestens=MIN_ANSWERS))
        refresh = gr.Button(_t("trainer.aktualisieren"), size="sm", elem_id="auswertung-neu")
        view = gr.Markdown(sanitize_html=True, elem_id="auswertung")

        def show(request: gr.Request) -> str:
            if auth is not None and not auth.is_trainer(getattr(request, "username", None)):
                return _t("trainer.nur_trainer")
            return trainer_overview(container)

        for event in (tab.select, refresh.click):
            event(show, None, view, api_visibility="private")
    return tab
