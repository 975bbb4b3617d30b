"""Unit tests for ingest.clean: reflow of paragraphs, headings, lists and the checklist.

Footers and page numbers are in test_clean_pages.py, word repairs in test_clean_words.py and
checks over the whole corpus files in test_clean_files.py.
"""

from __future__ import annotations

import pytest

from ingest.clean import clean_text
from tests.unit.clean_samples import CHECKLIST, lines

pytestmark = pytest.mark.unit


# --- reflow: paragraphs, headings, lists, checklist -------------------------------------------


def test_course_wrapped_lines_with_empty_lines_are_one_paragraph() -> None:
    raw = (
        " Modul 1: Grundlagen der Künstlichen Intelligenz \n"
        "Künstliche Intelligenz (KI) ist längst keine Zukunftsvision mehr, sondern prägt "
        "zunehmend \n"
        "\n"
        "den Alltag von Unternehmen aller Größen. Während Großkonzerne bereits seit Jahren \n"
        "\n"
        "datengetriebene Systeme nutzen, stehen viele kleine und mittlere Unternehmen (KMUs) \n"
        "\n"
        "erst am Anfang dieser Entwicklung. \n"
        "\n"
        " \n"
        "\n"
        "1. Was ist Künstliche Intelligenz? \n"
        "\n"
        "Unter Künstlicher Intelligenz versteht man Computersysteme, die Aufgaben übernehmen, \n"
        "\n"
        "für die sonst menschliche Intelligenz notwendig wäre. \n"
    )
    assert lines(clean_text(raw)) == [
        "Modul 1: Grundlagen der Künstlichen Intelligenz",
        "Künstliche Intelligenz (KI) ist längst keine Zukunftsvision mehr, sondern prägt zunehmend "
        "den Alltag von Unternehmen aller Größen. Während Großkonzerne bereits seit Jahren "
        "datengetriebene Systeme nutzen, stehen viele kleine und mittlere Unternehmen (KMUs) "
        "erst am Anfang dieser Entwicklung.",
        "1. Was ist Künstliche Intelligenz?",
        "Unter Künstlicher Intelligenz versteht man Computersysteme, die Aufgaben übernehmen, "
        "für die sonst menschliche Intelligenz notwendig wäre.",
    ]


def test_course_numbered_heading_is_not_merged_into_following_paragraph() -> None:
    raw = (
        "Regeln zu folgen. \n\n"
        "3. Wie funktioniert KI technisch? \n\n"
        "Die technische Grundlage von KI ist das maschinelle Lernen. Dabei wird ein "
        "Algorithmus mit \n\n"
        "großen Mengen an Beispieldaten 'trainiert'. Anhand dieser Daten erkennt das System \n\n"
        "Muster und Zusammenhänge und kann anschließend Vorhersagen oder Entscheidungen \n\n"
        "treffen. \n\n"
        "2. Prozessoptimierung und vorausschauende Wartung (Predictive Maintenance) \n\n"
        "Eines der häufigsten Einsatzfelder für KI in der Produktion ist die vorausschauende \n\n"
        "Wartung. \n"
    )
    out = lines(clean_text(raw))
    assert out[1] == "3. Wie funktioniert KI technisch?"
    assert out[2].endswith("Vorhersagen oder Entscheidungen treffen.")
    assert out[3] == "2. Prozessoptimierung und vorausschauende Wartung (Predictive Maintenance)"
    assert out[4].startswith("Eines der häufigsten Einsatzfelder")


def test_course_list_items_join_their_wrapped_continuations() -> None:
    raw = (
        "In der Praxis unterscheidet man meist drei grundlegende Formen von KI: \n\n"
        "- Schwache KI: Systeme, die auf eine spezifische Aufgabe trainiert sind, etwa \n\n"
        "Spracherkennung oder Bilderkennung. \n\n"
        "- Starke KI: Ein hypothetisches Konzept einer Maschine, die wie ein Mensch denkt und \n\n"
        "handelt. Diese Form existiert heute noch nicht. \n\n"
        "- Generative KI: Systeme, die eigenständig neue Inhalte erzeugen – beispielsweise "
        "Texte, \n\n"
        "Bilder oder Musik. \n"
    )
    assert lines(clean_text(raw)) == [
        "In der Praxis unterscheidet man meist drei grundlegende Formen von KI:",
        "- Schwache KI: Systeme, die auf eine spezifische Aufgabe trainiert sind, etwa "
        "Spracherkennung oder Bilderkennung.",
        "- Starke KI: Ein hypothetisches Konzept einer Maschine, die wie ein Mensch denkt und "
        "handelt. Diese Form existiert heute noch nicht.",
        "- Generative KI: Systeme, die eigenständig neue Inhalte erzeugen – beispielsweise Texte, "
        "Bilder oder Musik.",
    ]


def test_guide_bullets_and_sub_bullets_become_dash_items() -> None:
    raw = (
        "Zielsetzung klären  \n\n"
        "▪ Strategische Ziele definieren:  \n"
        "Bestimmen Sie die langfristigen Geschäftsziele, die durch den Einsatz \n"
        "von KI erreicht werden sollen.  \n \n"
        "Beispiele:  \n\n"
        "o Effizienzsteigerung:  \n"
        "Automatisierung wiederkehrender Aufgaben, Reduzierung von \n"
        "Fehlern.  \n \n\n"
        "o Marketing:  \n"
        "Zielgerichtete Kampagnen durch Datenanalyse.  \n"
        " o Logistik:  \n"
        "Optimierung der Lieferketten. \n"
    )
    assert lines(clean_text(raw)) == [
        "Zielsetzung klären",
        "- Strategische Ziele definieren: Bestimmen Sie die langfristigen Geschäftsziele, die "
        "durch den Einsatz von KI erreicht werden sollen.",
        "Beispiele:",
        "- Effizienzsteigerung: Automatisierung wiederkehrender Aufgaben, Reduzierung von Fehlern.",
        "- Marketing: Zielgerichtete Kampagnen durch Datenanalyse.",
        "- Logistik: Optimierung der Lieferketten.",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("• staatliche „Social Scoring“-Systeme,", "- staatliche „Social Scoring“-Systeme,"),
        ("▪ Ideenwettbewerbe", "- Ideenwettbewerbe"),
        ("● Verwaltung und Justiz,", "- Verwaltung und Justiz,"),
        ("■ kritische Infrastrukturen,", "- kritische Infrastrukturen,"),
        ("\uf0b7 medizinische Diagnostik,", "- medizinische Diagnostik,"),
        ("◦ Kunden:", "- Kunden:"),
        ("– Lager- und Logistikdaten,", "- Lager- und Logistikdaten,"),
        ("o Vertrieb:", "- Vertrieb:"),
        ("☐ Ja", "[ ] Ja"),
        ("□ Nein", "[ ] Nein"),
        ("☑ Ja", "[x] Ja"),
        ("☒ Nein", "[x] Nein"),
    ],
)
def test_bullet_and_checkbox_glyphs_are_normalised(line: str, expected: str) -> None:
    assert clean_text(line + " \n") == expected


def test_en_dash_inside_a_sentence_is_not_a_bullet() -> None:
    raw = (
        "Leitfaden hat Sie durch die verschiedenen Phasen der KI-Integration geführt \n"
        "– von der Bedarfsanalyse über die Machbarkeitsstudie bis hin zur \n"
        "praktischen Implementierung. \n"
    )
    assert clean_text(raw) == (
        "Leitfaden hat Sie durch die verschiedenen Phasen der KI-Integration geführt – von der "
        "Bedarfsanalyse über die Machbarkeitsstudie bis hin zur praktischen Implementierung."
    )


def test_checklist_question_is_joined_and_followed_by_answer_lines() -> None:
    raw = (
        "Zielsetzung klären  \n\n"
        "1. Haben Sie klare strategische Ziele für die Implementierung von KI \n"
        "definiert?  \n\n"
        "☐ Ja  \n\n"
        "☐ Nein  \n\n \n\n"
        "8. Steht ein ausreichendes Budget für Implementierung und Betrieb zur \n"
        "Verfügung?  \n\n"
        "☐ Ja  \n\n"
        "☐ Nein  \n"
        " Pilotprojekt starten  \n"
    )
    assert lines(clean_text(raw)) == [
        "Zielsetzung klären",
        CHECKLIST[0],
        "[ ] Ja",
        "[ ] Nein",
        CHECKLIST[7],
        "[ ] Ja",
        "[ ] Nein",
        "Pilotprojekt starten",
    ]


def test_guide_page_start_line_continues_a_sentence_but_not_after_a_finished_item() -> None:
    raw = (
        "Evaluierung \n\n"
        "▪ Ergebnisse analysieren:  \n"
        "Überprüfung der bisherigen Erfolge und Misserfolge. \n \n\n"
        "▪ Optimierung:  \n"
        "Anpassung der Strategie basierend auf den gewonnenen \n"
        " Erkenntnissen. \n \n\n"
        "▪ Innovationen integrieren \n \n\n"
        "▪ Marktveränderungen:  \n"
        "Anpassung an sich ändernde Marktbedingungen und \n"
        "Kundenbedürfnisse. \n\n \n\n"
        "Innovation fördern \n \n\n"
        "▪ Vorbildfunktion:  \n"
        "Führungskräfte sollten eine Vorbildfunktion einnehmen und \n"
        "Innovation fördern. \n \n\n"
        "▪ Unterstützung:  \n"
        "Bereitstellung von Ressourcen und Unterstützung für innovative \n"
        "Projekte. \n \n\n"
        "▪ Ideenwettbewerbe \n"
        " KI-Readiness Checklist \n \n\n"
        "Bitte füllen Sie den folgenden Test aus, um zu prüfen, ob Ihr Unternehmen \n"
        "bereit ist, Künstliche Intelligenz (KI) zu integrieren. Beantworten Sie jede \n"
        "Frage so ehrlich wie möglich und wählen Sie die Option, die am besten auf \n"
        "Ihr Unternehmen zutrifft. \n\n"
    )
    assert lines(clean_text(raw)) == [
        "Evaluierung",
        "- Ergebnisse analysieren: Überprüfung der bisherigen Erfolge und Misserfolge.",
        "- Optimierung: Anpassung der Strategie basierend auf den gewonnenen Erkenntnissen.",
        "- Innovationen integrieren",
        "- Marktveränderungen: Anpassung an sich ändernde Marktbedingungen und Kundenbedürfnisse.",
        "Innovation fördern",
        "- Vorbildfunktion: Führungskräfte sollten eine Vorbildfunktion einnehmen und "
        "Innovation fördern.",
        "- Unterstützung: Bereitstellung von Ressourcen und Unterstützung für innovative Projekte.",
        "- Ideenwettbewerbe",
        "KI-Readiness Checklist",
        "Bitte füllen Sie den folgenden Test aus, um zu prüfen, ob Ihr Unternehmen bereit ist, "
        "Künstliche Intelligenz (KI) zu integrieren. Beantworten Sie jede Frage so ehrlich wie "
        "möglich und wählen Sie die Option, die am besten auf Ihr Unternehmen zutrifft.",
    ]
