"""The checklist report as a PDF (fpdf2) with embedded DejaVu Sans.

Font decision: DejaVu Sans (regular, bold, oblique) ships with the package in
``tutor/checklist/fonts`` with its licence and is embedded as a subset, so umlauts, „quotes“,
→, ★ and • render as themselves on every viewer (the former built-in Helvetica was not
embedded, which spaced letters on some viewers, and could only map "→" to "->").
Layout: left-aligned text; each next step is kept on one page; the section chart shows the
share of Ja per section on a common 0–100 % scale, in the guide's phase order, with "Ja/Fragen"
labels; the verdict box takes the band's colour (red, amber, light green, green).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from ingest.textkit import write_atomic
from tutor.checklist.report import (
    REPORT_MODE,
    band_colour,
    phase_groups,
    score_lines,
    status_text,
    step_text,
    urgent_lines,
)
from tutor.checklist.result import ChecklistResult, NextStep
from tutor.prompts import render

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
_FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
_TRACK = (225, 225, 225)
_BAR = (46, 125, 50)
_DARK = (40, 40, 40)
_GREY = (90, 90, 90)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _tint(rgb: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    """``rgb`` mixed with white (share 0 = white, 1 = the colour)."""
    r, g, b = rgb
    return tuple(round(255 - (255 - c) * share) for c in (r, g, b))  # type: ignore[return-value]


@dataclass(frozen=True)
class Line:
    """One paragraph of a block that is kept together."""

    text: str
    size: float = 10.5
    style: str = ""
    gap: float = 1.5
    indent: float = 0.0


class _ReportPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*_GREY)
        self.cell(0, 6, f"{self.page_no()}", align="C")


class _Writer:
    """Small layout helpers over one FPDF document."""

    def __init__(self) -> None:
        pdf = _ReportPDF(format="A4")
        for style, name in _FONTS.items():
            pdf.add_font(FAMILY, style, str(FONT_DIR / name))
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_margins(18, 18, 18)
        pdf.set_title(render("checklist", "bericht.titel"))
        pdf.set_lang("de-DE")
        pdf.add_page()
        pdf.set_text_color(*_DARK)
        self.pdf = pdf

    def para(
        self, text: str, size: float = 10.5, style: str = "", gap: float = 1.5, indent: float = 0
    ) -> None:
        pdf = self.pdf
        pdf.set_font(FAMILY, style=style, size=size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(
            pdf.epw - indent, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(gap)

    def height(self, line: Line) -> float:
        """How tall :meth:`para` would render ``line`` (nothing is drawn)."""
        pdf = self.pdf
        pdf.set_font(FAMILY, style=line.style, size=line.size)
        rendered = pdf.multi_cell(
            pdf.epw - line.indent,
            line.size * 0.5,
            line.text,
            align="L",
            dry_run=True,
            output=MethodReturnValue.HEIGHT,
        )
        assert isinstance(rendered, float | int)
        return float(rendered) + line.gap

    def block(self, lines: list[Line]) -> None:
        """Lines kept together on one page (a new page first if they do not fit)."""
        needed = sum(self.height(line) for line in lines)
        if self.pdf.will_page_break(needed) and self.pdf.get_y() > self.pdf.t_margin + 1:
            self.pdf.add_page()
        for line in lines:
            self.para(line.text, line.size, line.style, line.gap, line.indent)

    def heading(self, text: str, size: float = 13) -> None:
        self.pdf.ln(2)
        self.para(text, size=size, style="B", gap=2)

    def verdict(self, text: str, colour: str) -> None:
        """The guide's verdict in a box of the band's colour (light tint, solid left edge)."""
        pdf = self.pdf
        rgb = _rgb(colour)
        pdf.set_font(FAMILY, style="B", size=11)
        y = pdf.get_y()
        pdf.set_fill_color(*_tint(rgb, 0.18))
        pdf.set_x(pdf.l_margin + 3)
        pdf.multi_cell(
            pdf.epw - 3, 6, text, fill=True, padding=2, align="L",
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip
        pdf.set_fill_color(*rgb)
        pdf.rect(pdf.l_margin, y, 3, pdf.get_y() - y, style="F")
        pdf.ln(3)

    def bar(self, label: str, ja: int, total: int) -> None:
        """One row of the section chart: label, 0–100 % track, share of Ja, "Ja/Fragen"."""
        pdf = self.pdf
        label_w, track_w, row_h = 72.0, 70.0, 6.0
        if pdf.will_page_break(row_h):
            pdf.add_page()
        pdf.set_font(FAMILY, size=9)
        text = label
        while pdf.get_string_width(text) > label_w - 2 and len(text) > 4:
            text = text[:-2] + "…"
        y = pdf.get_y()
        pdf.cell(label_w, row_h, text)
        x = pdf.get_x()
        pdf.set_fill_color(*_TRACK)
        pdf.rect(x, y + 1.2, track_w, row_h - 2.4, style="F")
        if total and ja:
            pdf.set_fill_color(*_BAR)
            pdf.rect(x, y + 1.2, track_w * ja / total, row_h - 2.4, style="F")
        pdf.set_x(x + track_w + 3)
        share = round(100 * ja / total) if total else 0
        pdf.cell(0, row_h, f"{ja}/{total} ({share} %)", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def scale(self) -> None:
        """The 0 %, 50 %, 100 % marks under the chart's tracks."""
        pdf = self.pdf
        pdf.set_font(FAMILY, size=7.5)
        pdf.set_text_color(*_GREY)
        left, width, box = pdf.l_margin + 72.0, 70.0, 14.0
        y = pdf.get_y()
        for share, align, shift in ((0, "L", 0.0), (50, "C", box / 2), (100, "R", box)):
            pdf.set_xy(left + width * share / 100 - shift, y)
            pdf.cell(box, 4, f"{share} %", align=align)
        pdf.set_text_color(*_DARK)
        pdf.ln(6)


def _step_lines(step: NextStep) -> list[Line]:
    text = step_text(step)
    lines = [Line(text.title, 10.5, "B", 0.5), Line(text.answer, 9.5)]
    for location, quotes in text.guide:
        lines.append(Line(render("checklist", "bericht.leitfaden", ort=location), 9, gap=0.5))
        lines += [Line(f"„{quote}“", 10, "I", indent=6) for quote in quotes]
    if text.missing:
        lines.append(Line(text.missing, 9.5))
    lines.append(Line(text.course_head, 9.5, gap=0.5))
    lines += [Line(f"• {label}", 9.5, gap=0.5, indent=3) for label in text.course]
    lines[-1] = Line(lines[-1].text, lines[-1].size, lines[-1].style, 4.0, lines[-1].indent)
    return lines


def render_pdf(result: ChecklistResult, created: date | None = None) -> bytes:
    """The German report as PDF bytes (score, verdict, section chart, next steps, answers)."""
    w = _Writer()
    pdf = w.pdf
    score, band, verdict = score_lines(result)
    w.para(render("checklist", "bericht.titel"), size=17, style="B", gap=1)
    if created is not None:
        w.para(render("checklist", "bericht.datum", datum=created.strftime("%d.%m.%Y")), size=9)
    pdf.ln(2)
    w.para(score, size=12, style="B")
    w.para(band, size=10.5)
    w.verdict(verdict, band_colour(result))
    if result.finished_early:
        w.para(render("checklist", "bericht.vorzeitig", offen=result.unanswered), style="I")
    w.heading(render("checklist", "bericht.abschnitte"))
    for section in result.sections:
        w.bar(section.section, section.ja, section.total)
    w.scale()
    steps_head = Line(render("checklist", "bericht.schritte"), 13, "B", 2)
    if not result.next_steps:
        w.block([steps_head, Line(render("checklist", "bericht.keine_schritte"))])
    else:  # heading, introduction and the three urgent steps stay together
        urgent = [steps_head, Line(render("checklist", "bericht.schritte_einleitung"), 9.5)]
        urgent.append(Line(render("checklist", "bericht.dringend_titel"), 11.5, "B", 1))
        urgent += [Line(line, 9.5, indent=3) for line in urgent_lines(result)]
        w.block(urgent)
    for heading, steps in phase_groups(result):
        for position, step in enumerate(steps):
            lines = [Line(heading, 12, "B", 2)] if heading and position == 0 else []
            lines += _step_lines(step)
            w.block(lines)  # a question's block (and its phase heading) never splits
    w.heading(render("checklist", "bericht.antworten"))
    for outcome in result.outcomes:
        line = render(
            "checklist",
            "bericht.antwort_zeile",
            nummer=outcome.item.no,
            frage=outcome.item.text,
            status=status_text(outcome.status),
        )
        w.para(line, size=9, gap=0.5)
    return bytes(pdf.output())


def write_pdf(path: Path, result: ChecklistResult, created: date | None = None) -> Path:
    """Save the PDF report atomically; returns the path."""
    write_atomic(path, render_pdf(result, created=created or date.today()), mode=REPORT_MODE)
    return Path(path)
