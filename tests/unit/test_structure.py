"""Structure detection and chunking on the real (cleaned) corpus."""

from __future__ import annotations

import pytest

from ingest.chunk import chunk_document
from ingest.load import RawDocument
from ingest.pipeline import clean_document
from ingest.structure import detect_structure, running_title, title_from_filename
from tests.conftest import CORPUS

pytestmark = pytest.mark.unit

SECTIONS_PER_MODULE = {1: 6, 2: 6, 3: 6, 4: 7, 5: 7, 6: 6, 7: 6, 8: 7, 9: 7, 10: 8, 11: 6}


def structured(name: str):
    raw = RawDocument(name, [(CORPUS / name).read_text(encoding="utf-8")], [None], "x")
    return detect_structure(name, clean_document(raw))


@pytest.fixture(scope="module")
def course():
    return structured("kurs-ki-fuer-kmu.txt")


@pytest.fixture(scope="module")
def guide():
    return structured("leitfaden-ki-integration-kmu.txt")


def test_all_eleven_modules_with_titles(course):
    assert course.kind == "course"
    assert sorted(course.modules) == list(range(1, 12))
    assert course.modules[1] == "Grundlagen der Künstlichen Intelligenz"
    assert course.modules[3] == "Daten als Erfolgsfaktor"
    assert course.modules[11] == "EU AI Act"


def test_section_titles_per_module(course):
    for module, count in SECTIONS_PER_MODULE.items():
        titles = [t for m, t in course.sections if m == module]
        assert len(titles) == count, (module, titles)
        assert [t.split(".")[0] for t in titles] == [str(i) for i in range(1, count + 1)]
    all_titles = {t for _, t in course.sections}
    assert "1. Was ist Künstliche Intelligenz?" in all_titles
    maintenance = "2. Prozessoptimierung und vorausschauende Wartung (Predictive Maintenance)"
    assert maintenance in all_titles
    # numbered list items inside a section are not headings
    assert not any(t.startswith("1. Ziel festlegen") for t in all_titles)
    assert not any(t.startswith("1. Schutz der Bürgerinnen") for t in all_titles)


def test_guide_chapters_and_checklist(guide):
    assert guide.kind == "text"
    for chapter in ("Bedarfsanalyse", "Machbarkeitsstudie", "KI-Readiness Checklist"):
        assert chapter in guide.chapters, guide.chapters
    sections = {t for _, t in guide.sections}
    assert {"Zielsetzung klären", "Prozessanalyse", "Kosten-Nutzen-Analyse"} <= sections


def test_chunks_follow_structure_and_fit_the_window(course, embedder):
    chunks = chunk_document(course, 1200, 480, embedder.count_tokens)
    assert {c.module for c in chunks} == set(range(1, 12))
    for chunk in chunks:
        assert len(chunk.text) <= 1200
        assert embedder.count_tokens(chunk.passage) <= 480
        assert chunk.header.startswith("Kurs KI für KMU › Modul ")
        assert chunk.text not in chunk.header
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    sections = {(c.module, c.section) for c in chunks if c.section}
    assert len(sections) == sum(SECTIONS_PER_MODULE.values())


def test_checklist_questions_intact_in_chunks(guide):
    chunks = chunk_document(guide, 1200, 480)
    joined = [c.text for c in chunks]
    questions = [
        "1. Haben Sie klare strategische Ziele für die Implementierung von KI definiert?",
        "12. Wurde ein Anbietervergleich und eine Proof of Concept (PoC) Phase gestartet?",
        "28. Wird die KI-Strategie basierend auf gesammelten Erkenntnissen regelmäßig "
        "angepasst und optimiert?",
    ]
    for q in questions:
        assert any(q in text for text in joined), q
    numbered = [
        line
        for text in joined
        for line in text.split("\n")
        if line[:3].rstrip(". ").isdigit() and line.endswith("?")
    ]
    assert len(numbered) == 29


def test_title_from_filename():
    assert title_from_filename("kurs-ki-fuer-kmu.txt") == "Kurs KI für KMU"
    assert title_from_filename("sub/seminararbeit-ki-herausforderungen-kmu.pdf") == (
        "Seminararbeit KI Herausforderungen KMU"
    )


def test_running_footer_is_the_guide_title():
    raw = (CORPUS / "leitfaden-ki-integration-kmu.txt").read_text(encoding="utf-8")
    assert running_title([raw]) == (
        "Leitfaden zur Integration von Künstlicher Intelligenz (KI) für KMU"
    )
    assert running_title([(CORPUS / "kurs-ki-fuer-kmu.txt").read_text(encoding="utf-8")]) is None


def test_author_and_contact_lines_are_never_chapters(guide):
    assert not any("Bachbauer" in c or "@" in c for c in guide.chapters), guide.chapters
    assert not any("Mail" in t or "Web:" in t for _, t in guide.sections)
    signature = [b for b in guide.blocks if b.text == "Melanie Bachbauer"]
    assert signature
    assert signature[0].kind == "paragraph"
    assert signature[0].chapter == "Schlusswort"


def test_contact_lines_of_any_document_are_text():
    text = (
        "Fazit\n\nDas war der Bericht mit einer langen Zusammenfassung, die hier als Absatz "
        "steht und mehr als achtzig Zeichen lang ist.\n\n"
        "Dr. Erika Mustermann\n\nTel.: 0123 456\n\nkontakt@example.org\n\nwww.example.org\n"
    )
    raw = RawDocument("bericht.txt", [text], [None], "x")
    doc = detect_structure("bericht.txt", clean_document(raw))
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Fazit"]
    assert doc.chapters == ["Fazit"]
