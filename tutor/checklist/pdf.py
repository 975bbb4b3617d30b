"""The checklist report as a PDF (fpdf2), with a bar per checklist section.

Font decision: the built-in Helvetica with Windows-1252 ("WinAnsi") encoding. It needs no font
file, so it works on a clean machine, and cp1252 covers German umlauts and ß as well as
„typographic quotes“, – dashes, … and •. Anything outside cp1252 (rare in the guide: ▪, ☐, →)
is mapped to a close equivalent by :func:`pdf_text` instead of breaking the PDF.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from tutor.checklist.report import score_lines, status_text, step_lines
from tutor.checklist.result import ChecklistResult
from tutor.prompts import render

ENCODING = "cp1252"
_FALLBACK = str.maketrans(
    {
        "▪": "•",
        "◦": "•",
        "●": "•",
        "■": "•",
        "☐": "[ ]",
        "☑": "[x]",
        "☒": "[x]",
        "→": "->",
        "←": "<-",
        "≥": ">=",
        "≤": "<=",
        "≈": "~",
        "✓": "v",
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "–",
        "\u2015": "—",
        "\u2212": "-",  # minus sign
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",
        "\u00ad": "",
    }
)
_GREEN = (46, 125, 50)
_GREY = (225, 225, 225)
_DARK = (60, 60, 60)


def pdf_text(text: str) -> str:
    """``text`` restricted to cp1252 (the core font's encoding): known look-alikes first,
    then accents stripped, then "?" as the last resort."""
    text = text.translate(_FALLBACK)
    out: list[str] = []
    for ch in text:
        try:
            ch.encode(ENCODING)
            out.append(ch)
        except UnicodeEncodeError:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            try:
                base.encode(ENCODING)
                out.append(base or "?")
            except UnicodeEncodeError:
                out.append("?")
    return "".join(out)


class _ReportPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*_DARK)
        self.cell(0, 6, f"{self.page_no()}", align="C")


class _Writer:
    """Small layout helpers over one FPDF document."""

    def __init__(self) -> None:
        pdf = _ReportPDF(format="A4")
        pdf.core_fonts_encoding = ENCODING
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_margins(18, 18, 18)
        pdf.set_title(pdf_text(render("checklist", "bericht.titel")))
        pdf.add_page()
        self.pdf = pdf

    def para(self, text: str, size: float = 10.5, style: str = "", gap: float = 1.5) -> None:
        self.pdf.set_font("Helvetica", style=style, size=size)
        self.pdf.multi_cell(0, size * 0.5, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(gap)

    def heading(self, text: str, size: float = 13) -> None:
        self.pdf.ln(2)
        self.para(text, size=size, style="B", gap=2)

    def quote(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_font("Helvetica", style="I", size=10)
        pdf.set_x(pdf.l_margin + 6)
        pdf.multi_cell(pdf.epw - 6, 5, pdf_text(f"„{text}“"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)

    def verdict(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_fill_color(232, 245, 233)
        pdf.set_font("Helvetica", style="B", size=11)
        pdf.multi_cell(
            0, 6, pdf_text(text), fill=True, padding=2, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(3)

    def bar(self, label: str, ja: int, total: int) -> None:
        """One row of the section chart: label, grey track, green share, "ja/total"."""
        pdf = self.pdf
        label_w, track_w, row_h = 72.0, 70.0, 6.0
        if pdf.will_page_break(row_h):
            pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        text = pdf_text(label)
        while pdf.get_string_width(text) > label_w - 2 and len(text) > 4:
            text = text[:-2] + "…"
        y = pdf.get_y()
        pdf.cell(label_w, row_h, text)
        x = pdf.get_x()
        pdf.set_fill_color(*_GREY)
        pdf.rect(x, y + 1.2, track_w, row_h - 2.4, style="F")
        if total and ja:
            pdf.set_fill_color(*_GREEN)
            pdf.rect(x, y + 1.2, track_w * ja / total, row_h - 2.4, style="F")
        pdf.set_x(x + track_w + 3)
        pdf.cell(0, row_h, f"{ja}/{total}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(result: ChecklistResult, created: date | None = None) -> bytes:
    """The German report as PDF bytes (score, verdict, section chart, next steps, answers)."""
    w = _Writer()
    score, band, verdict = score_lines(result)
    w.para(render("checklist", "bericht.titel"), size=17, style="B", gap=1)
    if created is not None:
        w.para(render("checklist", "bericht.datum", datum=created.strftime("%d.%m.%Y")), size=9)
    w.pdf.ln(2)
    w.para(score, size=12, style="B")
    w.para(band, size=10.5)
    w.verdict(verdict)
    if result.finished_early:
        w.para(render("checklist", "bericht.vorzeitig", offen=result.unanswered), style="I")
    w.heading(render("checklist", "bericht.abschnitte"))
    for section in result.sections:
        w.bar(section.section, section.ja, section.total)
    w.heading(render("checklist", "bericht.schritte"))
    if not result.next_steps:
        w.para(render("checklist", "bericht.keine_schritte"))
    else:
        w.para(render("checklist", "bericht.schritte_einleitung"), size=9.5)
    for step in result.next_steps:
        title, answer, guide, course, missing = step_lines(step)
        w.para(title, size=11, style="B", gap=0.5)
        w.para(answer, size=9.5)
        for location, quote in guide:
            w.para(render("checklist", "bericht.leitfaden", ort=location), size=9, gap=0.5)
            w.quote(quote)
        for line in (missing, course):
            if line:
                w.para(line, size=9.5)
        w.pdf.ln(2)
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
    return bytes(w.pdf.output())
