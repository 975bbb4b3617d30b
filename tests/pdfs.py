"""Real PDFs generated for tests with fpdf2 (good, encrypted, truncated, scanned, …)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF


def text_pdf(path: Path, pages: list[str], encrypt: str | None = None) -> Path:
    """A PDF with one text page per entry (core font: Latin-1, so umlauts work)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if encrypt:
        pdf.set_encryption(owner_password="owner-" + encrypt, user_password=encrypt)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF whose page holds only graphics (like a scan without OCR)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 150, 200, style="F")
    pdf.output(str(path))
    return path


def truncated_pdf(path: Path, source: Path) -> Path:
    """The first 40 % of a valid PDF's bytes."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.4)])
    return path
