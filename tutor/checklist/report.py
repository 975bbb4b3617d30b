"""The checklist report as Markdown, and atomic saving of Markdown and PDF files."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date
from pathlib import Path

from tutor.checklist.result import ChecklistResult, NextStep
from tutor.prompts import render


def _t(key: str, **values: object) -> str:
    return render("checklist", key, **values)


def status_text(label: str) -> str:
    """German display name of an answer status ("Ja", "Übersprungen", "Nicht beantwortet", …)."""
    return _t(f"status.{label}")


def score_lines(result: ChecklistResult) -> tuple[str, str, str]:
    """(score line, band heading, the guide's verdict) — shared by Markdown and PDF."""
    score = _t("bericht.punktzahl", punkte=result.score, maximum=result.max_score)
    band = _t("bericht.bewertung", von=result.band.min, bis=result.band.max)
    return score, band, result.verdict


def step_lines(step: NextStep) -> tuple[str, str, list[tuple[str, str]], str | None, str | None]:
    """(title, "Ihre Antwort: …", [(guide location, quote)], course line, why advice is
    missing) of one next step; the last two are None when there is nothing to say."""
    title = _t(
        "bericht.schritt_titel",
        nummer=step.item.no,
        abschnitt=step.item.section,
        frage=step.item.text,
    )
    status = status_text(step.status)
    answer = f"{status} („{step.answer}“)" if step.answer else status
    guide = [(a.location(), a.quote) for a in step.guide]
    missing = None if guide else (step.note or _t("bericht.leitfaden_fehlt"))
    if step.course:
        course: str | None = _t("bericht.kurs", module="; ".join(r.label() for r in step.course))
    else:
        course = None if step.note else _t("bericht.kurs_fehlt")
    return title, _t("bericht.ihre_antwort", status=answer), guide, course, missing


def _md_escape_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(
    result: ChecklistResult, *, answers: bool = True, created: date | None = None
) -> str:
    """The full German report: score, verdict, per-section table, next steps (and answers)."""
    score, band, verdict = score_lines(result)
    out = [f"# {_t('bericht.titel')}"]
    if created is not None:
        out.append(_t("bericht.datum", datum=created.strftime("%d.%m.%Y")))
    out += [f"**{score}**", f"{band}\n\n> {verdict}"]
    if result.finished_early:
        out.append(f"*{_t('bericht.vorzeitig', offen=result.unanswered)}*")
    out.append(f"## {_t('bericht.abschnitte')}")
    table = [
        f"| {_t('bericht.spalte_abschnitt')} | {_t('bericht.spalte_ja')} "
        f"| {_t('bericht.spalte_fragen')} |",
        "|---|---:|---:|",
    ]
    table += [f"| {_md_escape_cell(s.section)} | {s.ja} | {s.total} |" for s in result.sections]
    out.append("\n".join(table))
    out.append(f"## {_t('bericht.schritte')}")
    if not result.next_steps:
        out.append(_t("bericht.keine_schritte"))
    else:
        out.append(_t("bericht.schritte_einleitung"))
    for step in result.next_steps:
        title, answer, guide, course, missing = step_lines(step)
        block = [f"### {title}", answer]
        block += [f"{_t('bericht.leitfaden', ort=loc)}\n\n> „{quote}“" for loc, quote in guide]
        block += [line for line in (missing, course) if line]
        out.append("\n\n".join(block))
    if answers:
        out.append(f"## {_t('bericht.antworten')}")
        out.append(
            "\n".join(
                _t(
                    "bericht.antwort_zeile",
                    nummer=o.item.no,
                    frage=o.item.text,
                    status=status_text(o.status),
                )
                for o in result.outcomes
            )
        )
    return "\n\n".join(out) + "\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and os.replace,
    so readers never see a half-written file; the temporary file is removed on failure."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_markdown(path: Path, result: ChecklistResult, created: date | None = None) -> Path:
    """Save the Markdown report (UTF-8) atomically; returns the path."""
    text = render_markdown(result, created=created or date.today())
    write_atomic(path, text.encode("utf-8"))
    return Path(path)


def write_pdf(path: Path, result: ChecklistResult, created: date | None = None) -> Path:
    """Save the PDF report atomically; returns the path."""
    from tutor.checklist.pdf import render_pdf

    write_atomic(path, render_pdf(result, created=created or date.today()))
    return Path(path)
