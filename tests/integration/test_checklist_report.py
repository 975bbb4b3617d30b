"""Markdown and PDF reports of a real checklist run (guide advice from the real index)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tutor.checklist.result import ChecklistResult

pytestmark = pytest.mark.integration

VERDICT = (
    "Ihr Unternehmen hat noch einige wichtige Schritte zu unternehmen, um KI-Integration "
    "erfolgreich zu gestalten."
)
BREAK_EVEN = "Break-Even-Analyse durchführen: Berechnen Sie den Zeitpunkt"


@pytest.fixture(scope="module")
def result(container) -> ChecklistResult:
    """12 × Ja, then Nein/unklar/skip on the cost-benefit questions, then "Ergebnis"."""
    conv = container.checklist
    turn = conv.start()
    for text in ["ja"] * 12 + ["nein", "weiß nicht", "keine Ahnung", "not yet", "skip"]:
        turn = conv.reply(turn.state, text)
    turn = conv.reply(turn.state, "Ergebnis")
    assert turn.result is not None
    return turn.result


def flat(text: str) -> str:
    return " ".join(text.split())


def test_result_scores_and_orders_next_steps(result):
    assert result.score == 12
    assert result.verdict == VERDICT
    assert result.finished_early
    assert result.unanswered == 13
    assert [(s.item.no, s.status) for s in result.next_steps] == [
        (13, "nein"),
        (14, "unklar"),
        (15, "nein"),
        (16, "uebersprungen"),
    ]
    cost = next(s for s in result.sections if s.section == "Kosten-Nutzen-Analyse")
    assert (cost.ja, cost.total) == (0, 3)


def test_markdown_report_file(result, tmp_path):
    from tutor.checklist.report import write_markdown

    path = write_markdown(tmp_path / "bericht.md", result, created=date(2025, 3, 1))
    md = path.read_text(encoding="utf-8")
    assert md.startswith("# KI-Readiness-Check – Ihre Auswertung")
    assert "Erstellt am 01.03.2025" in md
    assert "**Punktzahl: 12 von 29 Fragen mit Ja beantwortet**" in md
    assert f"> {VERDICT}" in md
    assert "| Kosten-Nutzen-Analyse | 0 | 3 |" in md
    assert f"> „{BREAK_EVEN}" in md
    assert "Ihre Antwort: Unklar („weiß nicht → keine Ahnung“)" in md
    assert "Im Kurs:\n- Modul " in md
    assert "### Zuerst angehen" in md
    assert "### Phase 2: Machbarkeitsstudie" in md
    assert "16. Sind Maßnahmen zur Datensicherheit implementiert? – Übersprungen" in md
    assert [p.name for p in tmp_path.iterdir()] == ["bericht.md"]  # no temp file left


def test_pdf_report_text_has_umlauts_score_verdict_and_actions(result, tmp_path):
    from tutor.checklist.pdf import write_pdf

    path = write_pdf(tmp_path / "bericht.pdf", result)
    text = flat("\n".join(page.extract_text() for page in PdfReader(path).pages))
    assert "KI-Readiness-Check – Ihre Auswertung" in text
    assert "Punktzahl: 12 von 29 Fragen mit Ja beantwortet" in text
    assert flat(VERDICT) in text
    assert "Bewertung laut Leitfaden (5–14 Ja-Antworten)" in text
    assert "Kosten-Nutzen-Analyse 0/3 (0 %)" in text
    assert f"„{BREAK_EVEN}" in text
    assert "Maßnahmen zur Datensicherheit" in text
    assert "Übersprungen" in text
    assert "weiß nicht → keine Ahnung" in text  # the arrow itself, not "->"
    assert "->" not in text
    assert "Modul " in text
    assert [p.name for p in tmp_path.iterdir()] == ["bericht.pdf"]


POPPLER = shutil.which("pdftoppm")


@pytest.mark.skipif(not POPPLER, reason="pdftoppm fehlt (apt-get install poppler-utils; make test)")
def test_pdf_renders_with_embedded_unicode_font_and_unspaced_words(result, tmp_path):
    from tutor.checklist.pdf import write_pdf

    path = write_pdf(tmp_path / "bericht.pdf", result)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]
    assert rows
    assert all("DejaVuSans" in row[0] and row[-5] == "yes" for row in rows), fonts.stdout
    pages = len(PdfReader(path).pages)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "seite")], check=True)
    images = sorted(tmp_path.glob("seite-*.png"))
    assert len(images) == pages >= 2
    assert all(image.stat().st_size > 2000 for image in images)  # real pages, not blank
    extracted = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = set(re.findall(r"[\w-]+", extracted))
    assert {"Ja-Antworten", "Auswertung", "Kosten-Nutzen-Analyse", "Übersprungen"} <= words
    assert " J a" not in extracted
    assert "★ Frage 13" in flat(extracted)  # urgent mark of the first open step


def test_every_question_block_stays_on_one_page(result, tmp_path):
    from tutor.checklist.pdf import write_pdf

    path = write_pdf(tmp_path / "bericht.pdf", result)
    for page in PdfReader(path).pages:
        lines = [ln for ln in page.extract_text().splitlines() if ln.strip()]
        titles = [i for i, ln in enumerate(lines) if "Frage 1" in ln and "(" in ln]
        for i in titles:  # a step title is followed on the same page by its answer line
            assert any(ln.startswith("Ihre Antwort:") for ln in lines[i : i + 4]), lines


def test_failed_write_leaves_nothing_behind(result, tmp_path):
    from tutor.checklist.pdf import write_pdf

    target = tmp_path / "ordner"
    target.mkdir()  # a directory where the file should go: os.replace fails
    with pytest.raises(IsADirectoryError):
        write_pdf(target, result)
    assert list(tmp_path.iterdir()) == [target]
    assert list(target.iterdir()) == []


def test_existing_report_is_replaced_whole(result, tmp_path):
    from tutor.checklist.report import write_markdown

    path = tmp_path / "bericht.md"
    path.write_text("alt", encoding="utf-8")
    write_markdown(path, result)
    assert Path(path).read_text(encoding="utf-8").startswith("# KI-Readiness-Check")
