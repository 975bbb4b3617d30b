"""The trainers' "Auswertung" tab: anonymous quiz results per module (with titles), hardest
questions, and the readiness checks (how many, which band, which questions most often Nein).

Shows only counts and averages over all learners (see :mod:`tutor.progress.aggregate`); with
a login the server also refuses the data to learners, not just hides the tab.
"""

from __future__ import annotations

import gradio as gr

from ingest.index import StoreError
from tutor.checklist.models import Checklist
from tutor.container import Container
from tutor.progress import ProgressUnavailable
from tutor.progress.aggregate import MIN_ANSWERS, ChecklistStats, checklist_stats, module_stats
from tutor.progress.models import ModuleStats
from tutor.prompts import render
from tutor.web.auth import Authenticator
from tutor.web.progress_tab import course_modules
from tutor.web.quiz_common import md

TOP_NOT_YES = 5


def _t(key: str, **values: object) -> str:
    return render("fortschritt", key, **values)


def _module_name(module: int | None, titles: dict[int, str] | None = None) -> str:
    if module is None:
        return _t("trainer.gemischt")
    title = (titles or {}).get(module)
    if title:
        return _t("trainer.modul_titel", nummer=module, titel=md(title))
    return _t("trainer.modul", nummer=module)


def stats_markdown(stats: list[ModuleStats], titles: dict[int, str] | None = None) -> str:
    """Table of attempts and averages per module, then the hardest questions per module."""
    if not stats:
        return _t("trainer.leer")
    rows = [
        _t(
            "trainer.zeile",
            modul=_module_name(s.module, titles),
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
                "\n".join([_t("trainer.schwer_kopf", modul=_module_name(s.module, titles)), *lines])
            )
    return "\n\n".join(parts)


def checks_markdown(stats: ChecklistStats, checklist: Checklist | None) -> str:
    """Number of finished readiness checks, how many fall into each band of the guide, and the
    questions most often answered Nein/unklar (only from MIN_ANSWERS checks on)."""
    if not stats.checks:
        return "\n\n".join([_t("trainer.check_kopf"), _t("trainer.check_leer")])
    parts = [_t("trainer.check_kopf"), _t("trainer.check_anzahl", anzahl=stats.checks)]
    if checklist is not None:
        rows = [
            _t(
                "trainer.band_zeile",
                von=b.min,
                bis=b.max,
                urteil=md(b.verdict),
                anzahl=sum(b.contains(score) for score in stats.scores),
            )
            for b in sorted(checklist.bands, key=lambda b: b.min)
        ]
        parts.append("\n".join([_t("trainer.band_kopf"), *rows]))
    if stats.checks < MIN_ANSWERS:
        parts.append(_t("trainer.nein_zu_wenig", mindestens=MIN_ANSWERS))
        return "\n\n".join(parts)
    common = sorted(stats.not_yes.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_NOT_YES]
    texts = {i.no: i.text for i in checklist.items} if checklist else {}
    lines = [
        _t(
            "trainer.nein_zeile",
            nummer=no,
            frage=md(texts.get(no, "")),
            anzahl=n,
            gesamt=stats.checks,
        )
        for no, n in common
    ]
    if lines:
        parts.append("\n".join([_t("trainer.nein_kopf"), *lines]))
    return "\n\n".join(parts)


def trainer_overview(container: Container) -> str:
    """The aggregate view (quizzes, then readiness checks), or the German database error."""
    try:
        quizzes = stats_markdown(module_stats(container.progress), course_modules(container))
        checks = checklist_stats(container.progress)
    except ProgressUnavailable as exc:
        return str(exc)
    try:
        checklist: Checklist | None = container.checklist.checklist
    except (ValueError, StoreError):  # no guide or no index: counts without question texts
        checklist = None
    return f"{quizzes}\n\n{checks_markdown(checks, checklist)}"


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
