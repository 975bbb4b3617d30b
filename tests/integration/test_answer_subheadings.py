"""Enumerations of sub-headings: a question asking which parts a section or chapter has is
answered with its sub-headings, in order, read across chunk boundaries (real e5, real Chroma:
the project's corpus, and a small course written here whose sub-headings span chunks)."""

from __future__ import annotations

import re

import pytest

from ingest.pipeline import run_ingest
from tests.conftest import make_settings
from tutor.answer.subheadings import KIND, outlines
from tutor.container import Container

pytestmark = pytest.mark.integration

RISK_CLASSES = (
    "a) Unannehmbares Risiko",
    "b) Hochrisiko-KI",
    "c) Begrenztes Risiko",
    "d) Minimal- oder kein Risiko",
)
FEASIBILITY = (
    "Pilotprojekte identifizieren",
    "Technologieauswahl",
    "Kosten-Nutzen-Analyse",
    "Risiko- und Chancenbewertung",
)


def _in_order(text: str, parts: tuple[str, ...]) -> bool:
    at = [text.find(p) for p in parts]
    return all(i >= 0 for i in at) and at == sorted(at)


@pytest.mark.parametrize(
    "question",
    [
        "Welche Risikoklassen unterscheidet der EU AI Act?",
        "In welche Risikokategorien teilt der EU AI Act KI-Systeme ein?",
        "Was sind die vier Risikokategorien?",  # counted: a list, not a definition
    ],
)
def test_the_risk_classes_are_named_in_order_with_their_first_sentence(container, question):
    answer = container.answers.ask(question)
    assert answer.coverage == "full"
    assert _in_order(answer.answer, RISK_CLASSES)
    assert _in_order(answer.lead or "", RISK_CLASSES)  # the enumeration leads
    assert answer.lead.startswith("Das Herzstück des EU AI Acts")  # the announcing sentence
    assert "werden vollständig verboten" in answer.answer  # first sentence under a)
    # the classes stand in two chunks: both are cited, and the lines carry their own marker
    snap = container.corpus.snapshot()
    assert len({c.chunk_id for c in answer.citations}) == 2
    for citation in answer.citations:
        chunk = snap.chunks[snap.by_id[citation.chunk_id]]
        assert citation.section == "2. Risikobasierter Ansatz"
        for start, end in citation.highlights:
            assert " ".join(chunk.text[start:end].split()) in " ".join(answer.answer.split())
        for heading in RISK_CLASSES:
            if heading in chunk.text:
                line = next(ln for ln in answer.answer.split("\n") if heading in ln)
                assert line.endswith(f"[{citation.n}]")


def test_the_sections_of_a_guide_chapter_are_listed_with_their_steps(container):
    answer = container.answers.ask("Welche Schritte umfasst die Machbarkeitsstudie laut Leitfaden?")
    assert answer.coverage == "full"
    assert _in_order(answer.lead or "", FEASIBILITY)
    assert "Marktstudie durchführen, Anbietervergleich" in answer.answer  # the list's heads
    by_number = {c.n: c for c in answer.citations}
    for heading in FEASIBILITY:  # each line cites the section it names
        line = next(ln for ln in answer.answer.split("\n") if ln.startswith(f"- {heading}"))
        number = int(re.findall(r"\[(\d+)\]", line)[-1])
        assert by_number[number].section == heading
        assert by_number[number].chapter == "Machbarkeitsstudie"


@pytest.mark.parametrize(
    "question",
    [
        "Was gilt für Systeme mit begrenztem Risiko?",  # one of the classes, not all
        "Warum verbietet der EU AI Act manche KI-Anwendungen?",  # a cause, not a list
        "Welche Pflichten gelten für Hochrisiko-KI?",  # a list, but of another section
        "Welche Anwendungen sind nach dem EU AI Act verboten?",  # what one class says
        "Welche Systeme gelten als Hochrisiko-KI?",  # what one class names
    ],
)
def test_other_questions_on_the_section_get_no_list_of_sub_headings(container, question):
    answer = container.answers.ask(question)
    assert not answer.refused
    assert sum(heading in answer.answer for heading in RISK_CLASSES) <= 1


COURSE = """Modul 1: Datenhaltung im Betrieb

1. Drei Stufen der Datensicherung

Die Datensicherung in einem kleinen Betrieb folgt drei Stufen, die aufeinander aufbauen.

a) Tägliche Sicherung
{daily}

b) Wöchentliche Sicherung
{weekly}

c) Jährliche Archivierung
{yearly}

2. Zuständigkeiten

Eine Person im Team ist für die Sicherung verantwortlich und prüft sie jeden Monat.

a) Erste Zuständigkeit
Die Geschäftsführung benennt eine verantwortliche Person.

c) Vertretung
Eine zweite Person übernimmt im Urlaub.

Modul 2: Automatisierung

1. Rechnungen

Ein Tischler lässt Rechnungen automatisch auslesen und spart jede Woche zwei Stunden.
"""


def test_sub_headings_are_read_in_order_across_chunks_and_need_an_unbroken_sequence(
    tmp_path, embedder
):
    filler = "Dabei werden alle Dateien des Tages auf einen zweiten Datenträger kopiert. " * 9
    text = COURSE.format(
        daily=f"Jeden Abend sichert ein Programm die geänderten Dateien. {filler}",
        weekly=f"Am Freitag wird eine vollständige Kopie außer Haus gebracht. {filler}",
        yearly=f"Zum Jahresende wird ein Archiv für zehn Jahre angelegt. {filler}",
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kurs.txt").write_text(text, encoding="utf-8")
    settings = make_settings(corpus, tmp_path / "store")
    assert not run_ingest(settings, embedder=embedder).errors
    snap = Container(settings, embedder=embedder).corpus.snapshot()
    backup = [c for c in snap.chunks if c.section == "1. Drei Stufen der Datensicherung"]
    assert len(backup) >= 2  # the sub-headings really stand in several chunks
    found = {u.text for c in backup for u in outlines(snap, c, 700)}
    assert len(found) == 1  # one enumeration, whichever of its chunks was hit
    unit = next(iter(outlines(snap, backup[-1], 700)))
    assert unit.kind == KIND
    assert unit.text.startswith("Die Datensicherung in einem kleinen Betrieb folgt drei Stufen")
    headings = ("a) Tägliche Sicherung", "b) Wöchentliche Sicherung", "c) Jährliche Archivierung")
    assert _in_order(unit.text, headings)
    assert "- a) Tägliche Sicherung: Jeden Abend sichert ein Programm" in unit.text
    assert len({p.chunk.chunk_id for _, parts in unit.lines for p in parts}) >= 2
    # a) then c): not a sequence of sub-headings, so no enumeration for that section
    duties = [c for c in snap.chunks if c.section == "2. Zuständigkeiten"]
    assert duties
    assert not [u for c in duties for u in outlines(snap, c, 700)]
    # a short budget keeps the headings and drops the sentences under them
    short = next(iter(outlines(snap, backup[0], 200)))
    assert "- a) Tägliche Sicherung\n" in short.text
    assert "Jeden Abend" not in short.text
