"""Handlers of the "KI-Readiness-Check" tab: the guided conversation, result and reports."""

from __future__ import annotations

import html
import uuid
from pathlib import Path
from typing import Any

from tutor.checklist.conversation import ChecklistConversation
from tutor.checklist.pdf import write_pdf
from tutor.checklist.report import BAND_COLOURS, write_markdown
from tutor.checklist.result import ChecklistResult
from tutor.checklist.state import ChecklistState
from tutor.checklist.turns import Turn
from tutor.prompts import render
from tutor.web.chat import Message, escape, text_of


def progress_text(turn: Turn) -> str:
    """'Frage 7 von 29 · 6 beantwortet' (or the finished line)."""
    p = turn.progress
    if turn.finished:
        return render("ui", "check.fertig", beantwortet=p.answered, gesamt=p.total)
    return render(
        "ui", "check.fortschritt", aktuell=p.current, gesamt=p.total, beantwortet=p.answered
    )


def _tint(colour: str, share: float) -> str:
    """``colour`` (#rrggbb) mixed with white: share 0 = white, 1 = the colour."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def css() -> str:
    """Styles of the result box (one colour per band, as in the PDF) and the chart table."""
    bands = "\n".join(
        f".check-ergebnis.stufe-{i} {{border-left-color: {c}; background: {_tint(c, 0.16)};}}"
        for i, c in enumerate(BAND_COLOURS)
    )
    return f"""
.check-ergebnis {{border-left: 8px solid; border-radius: 6px; padding: 8px 14px; margin: 8px 0;
  color: #1b1b1b;}}
.check-ergebnis p {{margin: 4px 0;}}
/* dark text on the light band tint in both themes (Gradio's dark prose colour would vanish) */
.check-ergebnis, .check-ergebnis * {{color: #1b1b1b !important;}}
.check-ergebnis .check-punkte {{font-weight: 700; font-size: 1.1em;}}
.check-ergebnis .check-urteil {{font-weight: 600;}}
{bands}
.check-diagramm {{width: 100%; border-collapse: collapse;}}
.check-diagramm caption {{text-align: left; font-weight: 600; padding: 6px 0;}}
.check-diagramm th, .check-diagramm td {{padding: 4px 6px; text-align: left; font-weight: normal;
  vertical-align: middle; border-bottom: 1px solid var(--border-color-primary);}}
.check-diagramm thead th {{font-weight: 600;}}
.check-diagramm td.balken {{width: 38%; background: linear-gradient(#d9d9d9, #d9d9d9) left
  center / 100% 12px no-repeat;}}
.check-diagramm td.balken span {{display: block; height: 12px; background: {BAND_COLOURS[-1]};}}
.check-diagramm td:last-child {{white-space: nowrap;}}
@media (max-width: 640px) {{ .check-diagramm {{font-size: 0.9em;}}
  .check-diagramm td.balken {{width: 28%;}} }}
"""


def result_html(result: ChecklistResult) -> str:
    """Score line and the guide's verdict in a box of the band's colour (text escaped)."""
    level = round(result.band_share * (len(BAND_COLOURS) - 1))
    head = render("ui", "check.ergebnis_titel", punkte=result.score, maximum=result.max_score)
    band = render("ui", "check.ergebnis_stufe", von=result.band.min, bis=result.band.max)
    return (
        f'<div class="check-ergebnis stufe-{level}" role="status">'
        f'<p class="check-punkte">{html.escape(head)}</p>'
        f"<p>{html.escape(band)}</p>"
        f'<p class="check-urteil">{html.escape(result.verdict)}</p></div>'
    )


def chart_html(result: ChecklistResult) -> str:
    """Share of Ja per checklist section, in the guide's phase order, as a table whose rows
    carry a bar on a common 0–100 % scale: readable at phone width and by screen readers
    (the bars are decorative; the numbers are text)."""
    caption = html.escape(render("ui", "check.diagramm"))
    heads = [render("ui", f"check.spalte_{k}") for k in ("abschnitt", "anteil", "ja")]
    rows = []
    for s in result.sections:
        share = round(100 * s.ja / s.total) if s.total else 0
        rows.append(
            "<tr>"
            f'<th scope="row">{html.escape(s.section)}</th>'
            f'<td class="balken" aria-hidden="true"><span style="width:{share}%"></span></td>'
            f"<td>{s.ja}/{s.total} ({share} %)</td>"
            "</tr>"
        )
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in heads)
    return (
        f'<table class="check-diagramm"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


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
) -> tuple[list[Message], dict[str, Any], str, str, str, str | None, str | None]:
    """Feed one answer (free text or a button's word) to the engine; once finished also the
    result box, the chart table and the two report files (empty/None before)."""
    history = [{"role": m.get("role"), "content": text_of(m.get("content"))} for m in history]
    current = ChecklistState.model_validate(state) if state else conv.start().state
    message = (text or "").strip()
    if message:
        history.append({"role": "user", "content": escape(message)})
    turn = conv.reply(current, message)
    history.append({"role": "assistant", "content": turn.markdown})
    summary, chart, md, pdf = "", "", None, None
    if turn.finished and turn.result:
        summary = result_html(turn.result)
        chart = chart_html(turn.result)
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
