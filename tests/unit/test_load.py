"""Loading files: page numbers from PDFs, and a German reason for every kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.load import LoadFailure, discover, load_file
from tests.pdfs import scanned_pdf, text_pdf, truncated_pdf

pytestmark = pytest.mark.unit
MB = 10**6


def load(path: Path):
    return load_file(path, path.name, 5 * MB, 120.0)


def reason(path: Path) -> str:
    with pytest.raises(LoadFailure) as info:
        load(path)
    return info.value.reason


def test_pdf_pages_keep_their_numbers(tmp_path):
    pdf = text_pdf(tmp_path / "a.pdf", ["Erste Seite über Datenqualität.", "Zweite Seite: Büro."])
    doc = load(pdf)
    assert doc.page_numbers == [1, 2]
    assert "Datenqualität" in doc.pages[0]
    assert "Büro" in doc.pages[1]


def test_encrypted_pdf_is_reported(tmp_path):
    pdf = text_pdf(tmp_path / "geheim.pdf", ["Vertraulich"], encrypt="passwort")
    assert "passwortgeschützt" in reason(pdf)


def test_truncated_pdf_is_reported(tmp_path):
    good = text_pdf(tmp_path / "good.pdf", ["Text " * 400, "Mehr Text " * 300])
    assert "beschädigt" in reason(truncated_pdf(tmp_path / "kaputt.pdf", good)) or "keinen" in (
        reason(truncated_pdf(tmp_path / "kaputt2.pdf", good))
    )


def test_scanned_pdf_without_text(tmp_path):
    assert "keinen auslesbaren Text" in reason(scanned_pdf(tmp_path / "scan.pdf"))


def test_html_renamed_to_pdf(tmp_path):
    fake = tmp_path / "seite.pdf"
    fake.write_text("<!DOCTYPE html><html><body>Hallo</body></html>", encoding="utf-8")
    assert "HTML" in reason(fake)


def test_empty_binary_and_non_utf8_text(tmp_path):
    empty = tmp_path / "leer.txt"
    empty.write_bytes(b"")
    assert "leer" in reason(empty)
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 50)
    assert "Binärdaten" in reason(binary)
    latin = tmp_path / "alt.txt"
    latin.write_bytes("Größe und Maß".encode("latin-1"))
    assert "UTF-8" in reason(latin)


def test_oversize_and_unsupported(tmp_path):
    big = tmp_path / "gross.txt"
    big.write_text("x" * (6 * MB), encoding="utf-8")
    assert "zu groß" in reason(big)
    doc = tmp_path / "brief.docx"
    doc.write_bytes(b"PK\x03\x04")
    assert "nicht unterstützt" in reason(doc)


def test_discover_skips_readme_and_hidden(tmp_path):
    (tmp_path / "README.md").write_text("# Liesmich", encoding="utf-8")
    (tmp_path / ".versteckt.txt").write_text("x", encoding="utf-8")
    (tmp_path / "kurs.txt").write_text("Inhalt", encoding="utf-8")
    (tmp_path / "bild.png").write_bytes(b"x")
    assert [p.name for p in discover([tmp_path])] == ["kurs.txt"]
