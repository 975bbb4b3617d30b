"""A quoted sentence brings the conclusion that follows it; a topic announcement says nothing."""

from __future__ import annotations

import pytest

from tutor.answer.continuation import concluded
from tutor.answer.features import is_category
from tutor.answer.units import pieces
from tutor.retrieval.corpus import IndexedChunk

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
