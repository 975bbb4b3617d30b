"""The "Mein Fortschritt" tab: quiz results per module, weak sections, the next module.

Layout and wiring only; the numbers come from :mod:`tutor.progress.compute`.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ingest.index import StoreError
from tutor.container import Container
from tutor.progress import ProgressReport, ProgressUnavailable, build_report, is_browser_id
from tutor.prompts import render
from tutor.web.learner import resolve, when
from tutor.web.quiz_common import md


def _t(key: str, **values: object) -> str:
    return render("fortschritt", key, **values)


def course_modules(container: Container) -> dict[int, str]:
    """Module number → title from the active index (empty without an index)."""
    try:
        chunks = container.corpus.snapshot().chunks
    except StoreError:
        return {}
    return {c.module: c.module_title or "" for c in chunks if c.module is not None}


def _percent(value: int | None) -> str:
    return _t("tab.nicht_begonnen") if value is None else _t("tab.prozent", prozent=value)


def report_markdown(report: ProgressReport) -> str:
    """The progress view as Markdown (course text escaped)."""
    parts: list[str] = []
    if report.suggestion:
        s = report.suggestion
        key = {"schwach": "vorschlag_schwach", "neu": "vorschlag_neu"}.get(
            s.reason, "vorschlag_wiederholen"
        )
        values: dict[str, object] = {"modul": s.module, "titel": md(s.title)}
        if s.reason != "neu":
            values["prozent"] = s.percent if s.percent is not None else 0
        parts += [_t("tab.ueberschrift_vorschlag"), _t(f"tab.{key}", **values)]
    if report.total_attempts == 0:
        parts.append(_t("tab.leer"))
    rows = [
        _t(
            "tab.zeile",
            modul=md(f"{m.module}: {m.title}"),
            versuche=m.attempts,
            bestes=_percent(m.best_percent),
            letztes=_percent(m.last_percent),
            datum=when(m.last_at) if m.last_at else _t("tab.nicht_begonnen"),
        )
        for m in report.modules
    ]
    if rows:
        parts += [_t("tab.ueberschrift_module"), "\n".join([_t("tab.tabelle_kopf"), *rows])]
    if report.mixed_attempts:
        parts.append(_t("tab.gemischt", anzahl=report.mixed_attempts))
    if report.weak_sections:
        lines = [
            _t("tab.schwach_zeile", ort=md(w.location), falsch=w.wrong, beantwortet=w.answered)
            for w in report.weak_sections
        ]
        parts += [_t("tab.ueberschrift_schwach"), "\n".join(lines)]
    if report.open_checklist:
        saved = report.open_checklist
        parts.append(
            _t("tab.check_offen", beantwortet=saved.answered, datum=when(saved.updated_at))
        )
    elif report.last_checklist and report.last_checklist.score is not None:
        saved = report.last_checklist
        parts.append(
            _t(
                "tab.check_fertig",
                datum=when(saved.updated_at),
                punkte=saved.score,
                maximum=saved.max_score or 0,
            )
        )
    return "\n\n".join(parts)


def progress_markdown(container: Container, learner: str | None, browser_id: Any = None) -> str:
    """Everything the tab shows for one learner (a German note if the database is down)."""
    if learner is None:
        return _t("fehler.keine_kennung")
    store = container.progress
    try:
        report = build_report(
            store.attempts(learner),
            course_modules(container),
            store.open_checklist(learner),
            store.last_result(learner),
        )
    except ProgressUnavailable as exc:
        return str(exc)
    own = (
        _t("tab.kennung", kennung=browser_id)
        if is_browser_id(browser_id) and learner == container.pseudonyms.for_browser(browser_id)
        else _t("tab.kennung_login")
    )
    return f"{report_markdown(report)}\n\n---\n{own}"


def build_progress_tab(container: Container, learner: gr.State, browser: Any) -> gr.Tab:
    """The learner's own progress; refreshed when opened, on the button and after login."""
    with gr.Tab(_t("tab.titel"), id="fortschritt") as tab:
        gr.Markdown(_t("tab.intro"))
        refresh = gr.Button(_t("tab.aktualisieren"), size="sm", elem_id="fortschritt-neu")
        view = gr.Markdown(sanitize_html=True, elem_id="fortschritt")

        def show(key: Any, browser_id: Any, request: gr.Request) -> str:
            who = resolve(container, key, getattr(request, "username", None))
            return progress_markdown(container, who, browser_id)

        for event in (tab.select, refresh.click, learner.change):
            event(show, [learner, browser], view, api_visibility="private")
    return tab
