"""Unit tests for ingest.clean on real snippets of the three corpus files."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from ingest.clean import build_vocabulary, clean_pages, clean_text

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
COURSE = "kurs-ki-fuer-kmu.txt"
GUIDE = "leitfaden-ki-integration-kmu.txt"
SEMINAR = "seminararbeit-ki-herausforderungen-kmu.txt"
GUIDE_FOOTER = "Leitfaden zur Integration von Künstlicher Intelligenz (KI) für KMU"

CHECKLIST = [
    "1. Haben Sie klare strategische Ziele für die Implementierung von KI definiert?",
    "2. Gibt es spezifische Ziele für die Nutzung von KI in verschiedenen Geschäftsfeldern?",
    "3. Haben Sie eine Ist-Analyse der aktuellen Geschäftsprozesse erstellt?",
    "4. Werden Prozesse dokumentiert und Mitarbeiter befragt?",
    "5. Ist die Verfügbarkeit der benötigten Daten überprüft worden?",
    "6. Haben Sie die technischen Ressourcen (IT-Infrastruktur, Datenquellen) bewertet?",
    "7. Sind die personellen Ressourcen (Kompetenzen, Schulungsbedarf) analysiert worden?",
    "8. Steht ein ausreichendes Budget für Implementierung und Betrieb zur Verfügung?",
    "9. Haben Sie Geschäftsprozesse für Pilotprojekte priorisiert und ausgewählt?",
    "10. Wurde eine Risikoanalyse und Festlegung der Erfolgsfaktoren durchgeführt?",
    "11. Haben Sie eine Marktstudie zu verfügbaren KI-Tools und -Plattformen durchgeführt?",
    "12. Wurde ein Anbietervergleich und eine Proof of Concept (PoC) Phase gestartet?",
    "13. Sind Initialkosten und Betriebskosten berechnet worden?",
    "14. Wurden quantitative und qualitative Nutzen bewertet?",
    "15. Ist eine Break-Even-Analyse durchgeführt worden?",
    "16. Sind Maßnahmen zur Datensicherheit implementiert?",
    "17. Sind alle KI-Aktivitäten DSGVO-konform?",
    "18. Ist die IT-Infrastruktur für die Integration von KI geeignet?",
    "19. Gibt es einen detaillierten Integrationsplan für KI?",
    "20. Ist das erste KI-Pilotprojekt gestartet worden?",
    "21. Sind die Mitarbeiter im Umgang mit den KI-Tools geschult?",
    "22. Gibt es regelmäßige Schulungen und Workshops für Mitarbeiter?",
    "23. Werden die KI-Systeme kontinuierlich überwacht?",
    "24. Wird Feedback von Benutzern und Stakeholdern gesammelt und umgesetzt?",
    "25. Werden erfolgreiche Pilotprojekte skaliert und auf andere Bereiche ausgedehnt?",
    "26. Werden kontinuierlich neue KI-Anwendungsfälle gesucht und bewertet?",
    "27. Werden regelmäßige Audits zur Überprüfung der KI-Systeme durchgeführt?",
    "28. Wird die KI-Strategie basierend auf gesammelten Erkenntnissen regelmäßig angepasst "
    "und optimiert?",
    "29. Werden neue KI-Technologien und -Trends verfolgt und integriert?",
]

MODULES = [
    "Modul 1: Grundlagen der Künstlichen Intelligenz",
    "Modul 2: Chancen und Nutzen für KMUs",
    "Modul 3: Daten als Erfolgsfaktor",
    "Modul 4: KI-Anwendungen im Büro und in der Verwaltung",
    "Modul 5: KI in Produktion und Handwerk",
    "Modul 6: KI in Dienstleistungsunternehmen",
    "Modul 7: Kundenorientierte KI-Anwendungen",
    "Modul 8: Strategische Einführung von KI im Betrieb",
    "Modul 9: Risiken, Ethik und Recht",
    "Modul 10: Entwicklung einer KI-Roadmap für das eigene Unternehmen",
    "Modul 11: EU AI Act",
]


@pytest.fixture(scope="module")
def raw() -> dict[str, str]:
    return {name: (CORPUS / name).read_text(encoding="utf-8") for name in (COURSE, GUIDE, SEMINAR)}


@pytest.fixture(scope="module")
def vocab(raw: dict[str, str]) -> Counter[str]:
    return build_vocabulary(raw.values())


@pytest.fixture(scope="module")
def cleaned(raw: dict[str, str], vocab: Counter[str]) -> dict[str, str]:
    return {name: clean_text(text, vocab) for name, text in raw.items()}


def lines(text: str) -> list[str]:
    return text.split("\n")


# --- vocabulary -----------------------------------------------------------------------------


def test_build_vocabulary_counts_lowercased_nfc_words() -> None:
    vocab = build_vocabulary(["Künstliche Intelligenz (KI) – KI-Lösungen", "Ku\u0308nstliche"])
    assert vocab["künstliche"] == 2
    assert vocab["ki"] == 2
    assert vocab["lösungen"] == 1
    assert "KI" not in vocab


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


# --- footers and page numbers ---------------------------------------------------------------


def test_guide_footer_and_page_numbers_are_removed() -> None:
    raw = (
        "Einsparungen und zusätzliche Einnahmen gedeckt sind. \n\n \n\n\n\n"
        f"{GUIDE_FOOTER} \n\n 10 Seite \n\n"
        "Risiko- und Chancenbewertung  \n \n\n"
        "☐ Nein  \n\n \n\n\n\n"
        f"{GUIDE_FOOTER} \n\n 22 Seite \n\n"
        "Erfolgreiche Projekte ausweiten  \n"
    )
    assert lines(clean_text(raw)) == [
        "Einsparungen und zusätzliche Einnahmen gedeckt sind.",
        "Risiko- und Chancenbewertung",
        "[ ] Nein",
        "Erfolgreiche Projekte ausweiten",
    ]


def test_title_line_without_page_number_is_kept() -> None:
    raw = f"{GUIDE_FOOTER}\n\nWillkommen zu Ihrem umfassenden Leitfaden.\n\nSeite 3\n"
    assert lines(clean_text(raw)) == [GUIDE_FOOTER, "Willkommen zu Ihrem umfassenden Leitfaden."]


def test_footer_removed_mid_sentence_keeps_sentence_together() -> None:
    raw = (
        "Stellen Sie sicher, dass alle Datenverarbeitungsprozesse DSGVO-\n\n"
        "Handbuch KI\n\n3 / 10\n\n"
        "konform sind und dass die Daten sicher gespeichert werden.\n\n"
        "Handbuch KI\n\n4 / 10\n\n"
        "Ende.\n"
    )
    assert lines(clean_text(raw)) == [
        "Stellen Sie sicher, dass alle Datenverarbeitungsprozesse DSGVO-konform sind und dass "
        "die Daten sicher gespeichert werden.",
        "Ende.",
    ]


def test_form_feed_page_break_is_a_soft_break() -> None:
    raw = "Stellen Sie sicher, dass alle Datenverarbeitungsprozesse DSGVO-\n\fkonform sind.\f"
    assert clean_text(raw) == (
        "Stellen Sie sicher, dass alle Datenverarbeitungsprozesse DSGVO-konform sind."
    )


@pytest.mark.parametrize(
    "header", ["Leitfaden KI für KMU – Kapitel {n}", "Kapitel {n}: KI für KMU"]
)
def test_clean_pages_drops_running_header_footer_and_page_numbers(header: str) -> None:
    bodies = [
        "Einleitung\nKünstliche Intelligenz ist längst keine Zukunftsvision mehr.\n☐ Nein",
        "Daten als Erfolgsfaktor\nKünstliche Intelligenz lebt von Daten.\n☐ Nein",
        "Ausblick\nDer EU AI Act setzt weltweit neue Maßstäbe.\n☐ Nein",
    ]
    footers = ["Seite 1", "2 / 3", "- 3 -"]
    pages = [
        f"{header.format(n=n + 1)}\n{body}\n{GUIDE_FOOTER}\n{footers[n]}"
        for n, body in enumerate(bodies)
    ]
    assert clean_pages(pages) == [
        "Einleitung\nKünstliche Intelligenz ist längst keine Zukunftsvision mehr.\n[ ] Nein",
        "Daten als Erfolgsfaktor\nKünstliche Intelligenz lebt von Daten.\n[ ] Nein",
        "Ausblick\nDer EU AI Act setzt weltweit neue Maßstäbe.\n[ ] Nein",
    ]


def test_clean_pages_keeps_a_single_page_intact_except_page_number() -> None:
    page = "Einleitung\nKünstliche Intelligenz lebt von Daten.\n7"
    assert clean_pages([page]) == ["Einleitung\nKünstliche Intelligenz lebt von Daten."]


# --- line-break hyphenation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Stellen Sie sicher, dass Ihre vorhandene IT-Infrastruktur für KI-\n"
            "Anwendungen geeignet ist. Dies umfasst Serverkapazitäten, Cloud-\n"
            "Lösungen und Netzwerksicherheit.",
            "Stellen Sie sicher, dass Ihre vorhandene IT-Infrastruktur für KI-Anwendungen "
            "geeignet ist. Dies umfasst Serverkapazitäten, Cloud-Lösungen und Netzwerksicherheit.",
        ),
        (
            "Stellen Sie sicher, dass alle Datenverarbeitungsprozesse DSGVO-\n"
            "konform sind und dass die Daten sicher gespeichert und verarbeitet \nwerden.",
            "Stellen Sie sicher, dass alle Datenverarbeitungsprozesse DSGVO-konform sind und dass "
            "die Daten sicher gespeichert und verarbeitet werden.",
        ),
        (
            "Selbst kleine Unternehmen können mithilfe von KI-\n\n"
            "Tools professionelles Marketing umsetzen.",
            "Selbst kleine Unternehmen können mithilfe von KI-Tools professionelles Marketing "
            "umsetzen.",
        ),
        (
            "Erstellen Sie Ihre eigene KI-Roadmap mit drei Zeithorizonten – kurzfristig "
            "(3–6\u202fMonate), mittelfristig (1–2\u202fJahre) und langfristig (3–\n\n"
            "5\u202fJahre).",
            "Erstellen Sie Ihre eigene KI-Roadmap mit drei Zeithorizonten – kurzfristig "
            "(3–6 Monate), mittelfristig (1–2 Jahre) und langfristig (3–5 Jahre).",
        ),
        ("- Buchhaltungs-\nund Auftragsdaten,", "- Buchhaltungs- und Auftragsdaten,"),
    ],
)
def test_line_break_hyphen_of_compounds_is_kept(
    text: str, expected: str, vocab: Counter[str]
) -> None:
    assert clean_text(text, vocab) == expected


def test_line_break_hyphen_inside_a_known_word_is_removed(vocab: Counter[str]) -> None:
    assert vocab["verbesserung"] > 0
    raw = "Sie dienen der kontinuierlichen Verbesse-\nrung der Datenqualität."
    expected = "Sie dienen der kontinuierlichen Verbesserung der Datenqualität."
    assert clean_text(raw, vocab) == expected


def test_unknown_lowercase_hyphen_compound_keeps_its_hyphen(vocab: Counter[str]) -> None:
    raw = "Berücksichtigen Sie nicht-\nfinanzielle Vorteile."
    assert clean_text(raw, vocab) == "Berücksichtigen Sie nicht-finanzielle Vorteile."


# --- split words, spaced hyphens, spaces before commas ---------------------------------------


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "Im Wesentlichen bestimmt diese, ob eine KI -Lösung  im Unternehmen erfolgr eich "
            "ist oder nicht.",
            "Im Wesentlichen bestimmt diese, ob eine KI-Lösung im Unternehmen erfolgreich "
            "ist oder nicht.",
        ),
        (
            "Diese Veränderungen müssen daher zwingend im Unternehmen thematisiert  und auch vom "
            "Mitarbeiter ve rstanden werden.",
            "Diese Veränderungen müssen daher zwingend im "
            "Unternehmen thematisiert und auch vom Mitarbeiter verstanden werden.",
        ),
        (
            "Die  Inbetriebnahme, das Trainieren der KI -Algorithmen und das A uswerten von "
            "KI -Lösungen  braucht entsprechendes Fachpersonal.",
            "Die Inbetriebnahme, das Trainieren der KI-Algorithmen und das Auswerten von "
            "KI-Lösungen braucht entsprechendes Fachpersonal.",
        ),
        (
            "Denn wie zu Beg inn der Arbeit erwähnt, brauchen KI -Lösungen große  Datenmengen , um "
            "sinnvoll eingesetzt werden zu können.",
            "Denn wie zu Beginn der Arbeit erwähnt, brauchen "
            "KI-Lösungen große Datenmengen, um sinnvoll eingesetzt werden zu können.",
        ),
    ],
)
def test_seminar_split_words_are_repaired(snippet: str, expected: str, vocab: Counter[str]) -> None:
    assert clean_text(snippet, vocab) == expected


@pytest.mark.parametrize(
    "snippet",
    [
        "Besonders betroffen sind vor allem klein und mittelständige Unternehmen im Unternehmen.",
        "Denn nur mit diesem Verständnis kann die KI erfolgreich im Unternehmen eingeführt werden.",
        "Daher muss vor Einführung der KI analysiert werden, welche Daten benötigt werden.",
        "Eine Umstrukturierung der vorhanden IT-Infrastruktur ist in dem Fall mit hohen Kosten "
        "verbunden.",
        "Wie relevant solche offenen Plattformen sind, wird im kommenden Abschnitt der "
        "S eminararbeit näher erläutert.",
    ],
)
def test_real_word_pairs_and_unattested_joins_are_left_alone(
    snippet: str, vocab: Counter[str]
) -> None:
    assert vocab["indem"] > 0  # "in dem" must stay although "indem" is a word
    assert clean_text(snippet, vocab) == snippet


def test_split_word_repair_uses_the_text_itself_without_vocabulary() -> None:
    raw = "Die KI ist erfolgreich. Ob eine KI-Lösung erfolgr eich ist, zeigt die Praxis."
    assert clean_text(raw) == (
        "Die KI ist erfolgreich. Ob eine KI-Lösung erfolgreich ist, zeigt die Praxis."
    )


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("die unzureichende IT -Infrastruktur", "die unzureichende IT-Infrastruktur"),
        (
            "in Verbindung  mit KI -basierten Lösungen  stehen",
            "in Verbindung mit KI-basierten Lösungen stehen",
        ),
        (
            "mit hohen Kosten  verbunden , wo vor viele  Unternehmen",
            "mit hohen Kosten verbunden, wo vor viele Unternehmen",
        ),
        (
            "Recherchieren Sie verfügbare KI-Tools und -Plattformen, die Ihre",
            "Recherchieren Sie verfügbare KI-Tools und -Plattformen, die Ihre",
        ),
        (
            "Überprüfen Sie die Datenqualität und -integrität.",
            "Überprüfen Sie die Datenqualität und -integrität.",
        ),
    ],
)
def test_spaced_hyphens_and_spaces_before_commas(snippet: str, expected: str) -> None:
    assert clean_text(snippet) == expected


def test_unicode_spaces_nfc_and_typography() -> None:
    raw = (
        "werden 80\u202fProzent aller Belege\u00a0automatisch korrekt verarbeitet – sogenannte "
        "„KI-Botschafter“ im Ku\u0308nstliche-Intelligenz-Team."
    )
    assert clean_text(raw) == (
        "werden 80 Prozent aller Belege automatisch korrekt verarbeitet – sogenannte "
        "„KI-Botschafter“ im Künstliche-Intelligenz-Team."
    )


# --- whole files ----------------------------------------------------------------------------


def test_every_checklist_question_is_one_line_followed_by_answers(
    cleaned: dict[str, str],
) -> None:
    guide = lines(cleaned[GUIDE])
    for question in CHECKLIST:
        assert question in guide, question
        i = guide.index(question)
        assert guide[i + 1 : i + 3] == ["[ ] Ja", "[ ] Nein"], question
    assert "- 25-29: Ihr Unternehmen ist sehr gut auf die Integration von KI vorbereitet." in guide


def test_all_module_titles_are_lines_of_the_course(cleaned: dict[str, str]) -> None:
    course = lines(cleaned[COURSE])
    for title in MODULES:
        assert title in course, title


@pytest.mark.parametrize("name", [COURSE, GUIDE, SEMINAR])
def test_cleaned_file_has_no_extraction_damage(name: str, cleaned: dict[str, str]) -> None:
    for line in lines(cleaned[name]):
        assert line, "blank line"
        assert line == line.strip(), repr(line)
        assert not re.search(r"^\d+ Seite$|Seite \d+", line), line
        assert line != GUIDE_FOOTER
        for bad in ("\u202f", "\u00a0", "☐", "▪", "  ", " ,", " -Lösung", "\t"):
            assert bad not in line, (bad, line)
    assert cleaned[name] == unicodedata.normalize("NFC", cleaned[name])


@pytest.mark.parametrize("name", [COURSE, GUIDE, SEMINAR])
def test_no_content_is_dropped(name: str, raw: dict[str, str], cleaned: dict[str, str]) -> None:
    """Letters and digits survive in order, except page footers and sub-bullet "o" markers."""
    source = [
        re.sub(r"^\s*o\s+(?=[A-ZÄÖÜ])", "", line)
        for line in unicodedata.normalize("NFC", raw[name]).split("\n")
        if line.strip() != GUIDE_FOOTER and not re.fullmatch(r"\s*\d+ Seite\s*", line)
    ]

    def alnum(text: str) -> str:
        return "".join(ch for ch in text if ch.isalnum())

    assert alnum(cleaned[name]) == alnum("\n".join(source))


def test_guide_repeated_intro_fragment_is_kept(cleaned: dict[str, str]) -> None:
    assert (
        "Schritte in der Welt der KI machen oder Ihre bestehenden KI-Initiativen ausbauen möchten "
        "– dieser Leitfaden bietet Ihnen wertvolle Einblicke und praktische Empfehlungen."
    ) in lines(cleaned[GUIDE])


def test_seminar_is_split_into_paragraphs_and_repaired(cleaned: dict[str, str]) -> None:
    seminar = cleaned[SEMINAR]
    assert len(lines(seminar)) >= 5
    for phrase in (
        "erfolgreich ist oder nicht",
        "zu Beginn der Arbeit",
        "verstanden werden",
        "KI-Lösungen",
        "das Auswerten von KI-Lösungen",
        "Datenmengen, um",
    ):
        assert phrase in seminar, phrase


@pytest.mark.parametrize("name", [COURSE, GUIDE, SEMINAR])
def test_clean_text_is_idempotent(name: str, raw: dict[str, str], vocab: Counter[str]) -> None:
    once = clean_text(raw[name], vocab)
    assert clean_text(once, vocab) == once
    own = clean_text(raw[name])
    assert clean_text(own) == own
