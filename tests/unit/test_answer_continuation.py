"""A quoted sentence brings the conclusion that follows it; a topic announcement says nothing."""

from __future__ import annotations

import pytest

from tutor.answer.compose import Candidate, Composition
from tutor.answer.continuation import concluded, with_conclusions
from tutor.answer.features import FEATURES, is_category
from tutor.answer.units import AnswerUnit, pieces
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.hybrid import Hit

pytestmark = pytest.mark.unit

TEXT = (
    "Nicht jede Datenmenge ist wertvoll. Doppelte Datensätze führen zu falschen Ergebnissen. "
    "Deshalb gilt: Qualität geht vor Quantität. Ein neuer Gedanke folgt.\n"
    "Ein Bauunternehmen aus Thüringen prüft Rechnungen mit KI. Die Belege werden erkannt. "
    "Der Aufwand sank um 40 Prozent und die Fehler gingen zurück, was alle im Betrieb "
    "freute und die Buchhaltung spürbar entlastete. Laut Inhaber hat sich die Investition "
    "nach sechs Monaten amortisiert, schneller als er es bei der Anschaffung erwartet hatte "
    "und schneller als jede andere Investition des Betriebs in den letzten zehn Jahren, wie "
    "er in einem Gespräch mit dem Kursleiter berichtete und dabei lächelte."
)


def chunk(text: str = TEXT) -> IndexedChunk:
    return IndexedChunk(
        "c1", text, "Kurs › Modul 3", "kurs.txt", "Kurs", 3, "Daten", None, "3. Qualität", None, 5
    )


def test_a_sentence_is_quoted_with_the_conclusion_that_follows_it():
    c = chunk()
    cause = next(u for u in pieces(c) if u.text.startswith("Doppelte"))
    unit = concluded(cause, 600, frozenset())
    assert unit.text.endswith("Deshalb gilt: Qualität geht vor Quantität.")
    assert "Ein neuer Gedanke" not in unit.text  # only a conclusion continues the sentence
    assert [c.text[s:e] for s, e in unit.spans][-1] == "Deshalb gilt: Qualität geht vor Quantität."


def test_no_conclusion_is_added_beyond_the_room_or_when_quoted_elsewhere():
    c = chunk()
    cause = next(u for u in pieces(c) if u.text.startswith("Doppelte"))
    assert concluded(cause, 10, frozenset()) is cause
    conclusion = next(u for u in pieces(c) if u.text.startswith("Deshalb"))
    assert concluded(cause, 600, conclusion.keys) is cause


@pytest.mark.parametrize(
    ("sentence", "announces"),
    [
        ("Die Haftung bei KI-Fehlentscheidungen ist ein weiterer zentraler Punkt.", True),
        ("Auch der Vertrieb profitiert stark von KI.", True),
        ("Auch im Personalwesen eröffnet KI neue Möglichkeiten.", True),
        ("Grundsätzlich haftet das Unternehmen für Schäden durch KI.", False),
        ("Eines der häufigsten Einsatzfelder ist die vorausschauende Wartung.", False),
    ],
)
def test_a_topic_announcement_is_recognised_as_saying_nothing(sentence, announces):
    unit = pieces(chunk(sentence))[0]
    assert is_category(unit, "ankuendigung") is announces


def _cand(unit: AnswerUnit) -> Candidate:
    return Candidate(unit, Hit(unit.chunk, 1, 0.0, 0.0, 0.0), dict.fromkeys(FEATURES, 0.0), 1.0)


def test_a_case_opening_quoted_after_the_lead_goes_on_to_its_facts_within_the_budget():
    c = chunk()
    parts = pieces(c)
    lead = next(u for u in parts if u.text.startswith("Nicht jede"))
    opening = next(u for u in parts if u.text.startswith("Ein Bauunternehmen"))
    out = with_conclusions([_cand(lead), _cand(opening)], Composition(budget=600))
    told = out[1].unit.text
    assert told.startswith("Ein Bauunternehmen")
    assert "40 Prozent" in told
    assert sum(len(x.unit.text) for x in out) <= 600  # the case stops where the room ends
    off = with_conclusions([_cand(lead), _cand(opening)], Composition(budget=600, case_story=0))
    assert off[1].unit.text == opening.text
