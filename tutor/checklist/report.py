"""The checklist report as Markdown (saved atomically), and the parts the PDF shares with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.textkit import write_atomic
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


BAND_COLOURS = ("#c62828", "#ef8f00", "#9ccc65", "#2e7d32")
"""Verdict colours from the lowest to the highest band: red, amber, light green, green."""


def band_colour(result: ChecklistResult) -> str:
    """The colour of the result's band (hex)."""
    return BAND_COLOURS[round(result.band_share * (len(BAND_COLOURS) - 1))]


@dataclass(frozen=True)
class StepText:
    """The German lines of one next step, shared by Markdown and PDF."""

    title: str  # "★ Frage 5 (Prozessanalyse): …" (★ only when urgent)
    answer: str  # "Ihre Antwort: Nein („teilweise“)"
    guide: list[tuple[str, list[str]]]  # (location, quotes from there)
    missing: str | None  # why there is no guide quote
    course_head: str  # "Im Kurs:" or why no section is named
    course: list[str]  # 'Modul 2 „…“, Abschnitt „1. …“'


def step_text(step: NextStep) -> StepText:
    """The lines of one next step (see :class:`StepText`)."""
    title = _t(
        "bericht.schritt_titel",
        nummer=step.item.no,
        abschnitt=step.item.section,
        frage=step.item.text,
    )
    if step.urgent:
        title = _t("bericht.dringend_marke") + title
    status = status_text(step.status)
    said = step.answer.strip()
    answer = f"{status} („{said}“)" if said and said.casefold() != status.casefold() else status
    guide: list[tuple[str, list[str]]] = []
    for advice in step.guide:  # quotes from the same place under one location
        if guide and guide[-1][0] == advice.location():
            guide[-1][1].append(advice.quote)
        else:
            guide.append((advice.location(), [advice.quote]))
    # without an index, say why instead of "nothing found"
    head = _t("bericht.kurs") if step.course else step.note or _t("bericht.kurs_fehlt")
    return StepText(
        title=title,
        answer=_t("bericht.ihre_antwort", status=answer),
        guide=guide,
        missing=None if guide else _t("bericht.leitfaden_fehlt"),
        course_head=head,
        course=[r.label() for r in step.course],
    )


def urgent_lines(result: ChecklistResult) -> list[str]:
    """'★ Frage 5: … – reason' for each urgent step."""
    return [
        _t("bericht.dringend_zeile", nummer=s.item.no, frage=s.item.text, grund=s.urgent_reason)
        for s in result.urgent
    ]


def phase_groups(result: ChecklistResult) -> list[tuple[str, list[NextStep]]]:
    """Next steps grouped under 'Phase n: …' headings, in the guide's order."""
    groups: list[tuple[str, list[NextStep]]] = []
    for step in result.next_steps:
        heading = (
            _t("bericht.phase_titel", nummer=step.phase_index + 1, phase=step.phase)
            if step.phase
            else ""
        )
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(step)
    return groups


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
        out.append(
            f"### {_t('bericht.dringend_titel')}\n\n"
            + "\n".join(f"- {line}" for line in urgent_lines(result))
        )
    for heading, steps in phase_groups(result):
        if heading:
            out.append(f"### {heading}")
        for step in steps:
            text = step_text(step)
            block = [f"#### {text.title}", text.answer]
            for loc, quotes in text.guide:
                block.append(_t("bericht.leitfaden", ort=loc))
                block += [f"> „{quote}“" for quote in quotes]
            if text.missing:
                block.append(text.missing)
            course = [text.course_head, *(f"- {label}" for label in text.course)]
            block.append("\n".join(course))
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


REPORT_MODE = 0o600  # a report tells how ready one business is: readable by its owner only


def write_markdown(path: Path, result: ChecklistResult, created: date | None = None) -> Path:
    """Save the Markdown report (UTF-8) atomically; returns the path."""
    text = render_markdown(result, created=created or date.today())
    write_atomic(path, text, mode=REPORT_MODE)
    return Path(path)
