"""Handlers of the "KI-Readiness-Check" tab: the guided conversation, result and reports."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from tutor.checklist.conversation import ChecklistConversation, Turn
from tutor.checklist.report import write_markdown, write_pdf
from tutor.checklist.result import ChecklistResult
from tutor.checklist.state import ChecklistState
from tutor.prompts import render
from tutor.web.chat import Message, escape, text_of

ChatUpdate = tuple[list[Message], dict[str, Any] | None, str, str, Any, Any, Any]


def progress_text(turn: Turn) -> str:
    """'Frage 7 von 29 · 6 beantwortet' (or the finished line)."""
    p = turn.progress
    if turn.finished:
        return render("ui", "check.fertig", beantwortet=p.answered, gesamt=p.total)
    return render(
        "ui", "check.fortschritt", aktuell=p.current, gesamt=p.total, beantwortet=p.answered
    )


def chart_rows(result: ChecklistResult) -> dict[str, list[Any]]:
    """Per-section share of Ja for a bar chart (section order as in the guide)."""
    return {
        "Abschnitt": [s.section for s in result.sections],
        "Ja": [s.ja for s in result.sections],
        "Fragen": [s.total for s in result.sections],
    }


def result_markdown(result: ChecklistResult) -> str:
    """Score, band and the guide's verdict, verbatim."""
    head = render(
        "ui",
        "check.ergebnis_titel",
        punkte=result.score,
        maximum=result.max_score,
        von=result.band.min,
        bis=result.band.max,
    )
    return f"### {head}\n\n> {escape(result.verdict)}"


def write_reports(result: ChecklistResult, folder: Path) -> tuple[str, str]:
    """Markdown and PDF report in a fresh per-download folder; returns both paths."""
    target = folder / uuid.uuid4().hex
    target.mkdir(parents=True, exist_ok=True)
    md = write_markdown(target / "ki-readiness-bericht.md", result)
    pdf = write_pdf(target / "ki-readiness-bericht.pdf", result)
    return str(md), str(pdf)


def start(conv: ChecklistConversation) -> tuple[list[Message], dict[str, Any], str]:
    """A new conversation: first question in the chat, state for the session."""
    turn = conv.start()
    history = [{"role": "assistant", "content": turn.markdown}]
    return history, turn.state.model_dump(mode="json"), progress_text(turn)


def reply(
    conv: ChecklistConversation,
    reports: Path,
    text: str,
    history: list[Message],
    state: dict[str, Any] | None,
) -> tuple[
    list[Message], dict[str, Any], str, str, dict[str, list[Any]] | None, str | None, str | None
]:
    """Feed one answer (free text or a button's word) to the engine."""
    history = [{"role": m.get("role"), "content": text_of(m.get("content"))} for m in history]
    current = ChecklistState.model_validate(state) if state else conv.start().state
    message = (text or "").strip()
    if message:
        history.append({"role": "user", "content": escape(message)})
    turn = conv.reply(current, message)
    history.append({"role": "assistant", "content": turn.markdown})
    summary, chart, md, pdf = "", None, None, None
    if turn.finished and turn.result:
        summary = result_markdown(turn.result)
        chart = chart_rows(turn.result)
        md, pdf = write_reports(turn.result, reports)
    return (
        history,
        turn.state.model_dump(mode="json"),
        progress_text(turn),
        summary,
        chart,
        md,
        pdf,
    )
