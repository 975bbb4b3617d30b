"""Unit tests for ingest.clean: running headers, footers and page numbers are dropped."""

from __future__ import annotations

import pytest

from ingest.clean import clean_pages, clean_text
from tests.unit.clean_samples import GUIDE_FOOTER, lines

pytestmark = pytest.mark.unit


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
