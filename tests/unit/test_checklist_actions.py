"""Next steps from the guide: heading levels, word families, bullet assignment, urgency.

Runs on the real guide text and the real packaged e5 model; the course sections (which need
the index) are tested in tests/integration/test_checklist_next_steps.py.
"""

from __future__ import annotations

import pytest

from ingest.index import IndexMissingError
from ingest.load import load_file
from ingest.prepare import structure_raw
from tests.conftest import CORPUS
from tutor.checklist.actions import GuideActionFinder
from tutor.checklist.lexical import RootVocabulary, root, roots
from tutor.checklist.models import Checklist
from tutor.checklist.outline import GuideOutline, build_outline, heading_levels
from tutor.checklist.parse import parse_checklist
from tutor.checklist.priority import mark_urgent
from tutor.checklist.result import ItemOutcome

pytestmark = pytest.mark.unit

GUIDE = CORPUS / "leitfaden-ki-integration-kmu.txt"


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return parse_checklist(GUIDE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outline() -> GuideOutline:
    document = structure_raw(load_file(GUIDE, GUIDE.name, 10**8, 30))
    return build_outline([(b.text, b.kind) for b in document.blocks])


class _NoIndex:
    def snapshot(self):
        raise IndexMissingError("Es gibt noch keinen Index. Bitte zuerst tutor ingest ausführen.")


@pytest.fixture(scope="module")
def finder(outline, checklist, embedder) -> GuideActionFinder:
    return GuideActionFinder(
        outline, "Leitfaden zur Integration", checklist.items, _NoIndex(), embedder
    )


def _level(outline: GuideOutline, text: str) -> tuple[int, list[str]]:
    index = next(i for i, h in enumerate(outline.headings) if h.text == text)
    return outline.headings[index].level, outline.titles(index)


def test_guide_heading_levels_follow_the_document(outline):
    assert _level(outline, "Prozessanalyse") == (2, ["Bedarfsanalyse", "Prozessanalyse"])
    assert _level(outline, "Ressourcenbewertung") == (2, ["Bedarfsanalyse", "Ressourcenbewertung"])
    assert _level(outline, "Trainingsprogramme entwickeln")[1] == [
        "Mitarbeiterschulung und fortlaufende Weiterbildung",
        "Mitarbeiter schulen",
        "Trainingsprogramme entwickeln",
    ]
    assert _level(outline, "Fortlaufende Weiterbildung sicherstellen")[0] == 2
    assert _level(outline, "Neue Anwendungsfälle identifizieren")[0] == 2
    assert _level(outline, "Innovation fördern")[0] == 1
    chapters = [outline.headings[i].text for i in outline.chapters()]
    assert chapters[:3] == ["Einleitung", "Bedarfsanalyse", "Machbarkeitsstudie"]
    assert chapters[-2:] == ["KI-Readiness Checklist", "Schlusswort"]


def test_heading_level_rules_on_a_made_up_document():
    runs = [["Vorwort"], ["Planung", "Ziele"], ["Budget"], ["Betrieb und Wartung", "Betrieb"]]
    runs += [["Wartung planen", "Intervalle"], ["Fazit"]]
    # a run of headings goes one level deeper per heading; a single heading is a sibling; a
    # heading that takes up part of a compound chapter title ("… und Wartung") stays in it;
    # frame headings (Vorwort, Fazit) are chapters
    assert heading_levels(runs) == [1, 1, 2, 2, 1, 2, 2, 3, 1]


def test_word_families_match_participles_nouns_and_compound_heads():
    assert root("dokumentiert") == "dokument" == roots("Dokumentieren")[0]
    assert roots("befragt") == ["befrag"]
    assert roots("angepasst") == roots("Anpassung")
    vocabulary = RootVocabulary(["Zeitplan", "planen", "Integration", "Prozess", "Dokumentation"])
    assert vocabulary.parts("integrationsplan").head == "plan"
    assert vocabulary.parts(roots("Prozessdokumentation")[0]).head == "dokument"
    q = "Werden Prozesse dokumentiert und Mitarbeiter befragt?"
    assert vocabulary.overlap(q, "Prozessdokumentation: Diagramme") > 0.3


def test_each_question_gets_its_own_bullet(finder):
    advice = finder.advice()
    firsts = [a.quotes[0].text for a in advice.values() if a.quotes]
    assert len(firsts) == 29
    assert len(set(firsts)) == 29  # no bullet quoted as the main advice twice
    assert advice[3].quotes[0].label == "Ist-Analyse der aktuellen Geschäftsprozesse erstellen"
    assert {q.label for q in advice[4].quotes} == {"Prozessdokumentation", "Mitarbeiterbefragung"}
    assert advice[15].quotes[0].label == "Break-Even-Analyse durchführen"


def test_locations_follow_heading_levels_without_an_index(finder, checklist):
    steps = finder.next_steps(
        [ItemOutcome(item=checklist.item(n), status="nein") for n in (6, 19, 21)]
    )
    six, nineteen, twentyone = steps
    assert six.guide[0].location() == (
        "Leitfaden, Kapitel „Bedarfsanalyse“, Abschnitt „Ressourcenbewertung“"
    )
    assert nineteen.guide[0].section == "Implementierungsplan erstellen"
    assert nineteen.guide[0].quote.startswith("Zeitplan:")
    assert twentyone.guide[0].section == "Mitarbeiter schulen"
    assert ", Unterabschnitt „" in twentyone.guide[0].location()
    assert [s.phase for s in steps] == [
        "Bedarfsanalyse",
        "Integration planen",
        "Mitarbeiterschulung und fortlaufende Weiterbildung",
    ]
    assert all(s.course == [] for s in steps)  # course sections need the index …
    assert six.note == "Es gibt noch keinen Index. Bitte zuerst tutor ingest ausführen."


def test_three_most_urgent_are_the_start_and_the_blockers(finder, checklist):
    outcomes = [ItemOutcome(item=i, status="nein") for i in checklist.items]
    steps = mark_urgent(finder.next_steps(outcomes))
    assert [s.item.no for s in steps] == list(range(1, 30))  # phase order = checklist order
    urgent = [s for s in steps if s.urgent]
    assert [s.item.no for s in urgent] == [1, 5, 16]
    assert "Bedarfsanalyse" in urgent[0].urgent_reason
    assert "Datenbasis" in urgent[1].urgent_reason
    assert "Datenschutz" in urgent[2].urgent_reason


def test_urgent_steps_fill_up_in_guide_order(finder, checklist):
    outcomes = [ItemOutcome(item=checklist.item(n), status="nein") for n in (28, 12, 23)]
    steps = mark_urgent(finder.next_steps(outcomes))
    assert [s.item.no for s in steps] == [12, 23, 28]
    assert all(s.urgent for s in steps)
    assert "Machbarkeitsstudie" in steps[0].urgent_reason


def test_course_query_carries_the_whole_guide_section_of_the_question(finder, checklist):
    # question 23 quotes one bullet; its guide section has all three monitoring bullets, which
    # the course matcher uses as the question's context
    item = checklist.item(23)
    question, quotes, headings, points = finder.course_query(item, finder.advice()[23])
    assert question == item.text
    assert "Echtzeit-Überwachung" in quotes
    assert "Leistungsüberwachung" in headings
    for bullet in ("Echtzeit-Überwachung", "Leistungskennzahlen", "Berichterstattung"):
        assert bullet in points
