"""Unit tests for the word repairs of ingest.clean (vocabulary in ingest.clean_words).

Line-break hyphenation, split words, spaced hyphens, spaces before commas and typography, on
real snippets of the three corpus files.
"""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.clean import clean_text
from ingest.clean_words import build_vocabulary
from tests.unit.clean_samples import corpus_texts

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def vocab() -> Counter[str]:
    return build_vocabulary(corpus_texts().values())


# --- vocabulary -----------------------------------------------------------------------------


def test_build_vocabulary_counts_lowercased_nfc_words() -> None:
    vocab = build_vocabulary(["Künstliche Intelligenz (KI) – KI-Lösungen", "Ku\u0308nstliche"])
    assert vocab["künstliche"] == 2
    assert vocab["ki"] == 2
    assert vocab["lösungen"] == 1
    assert "KI" not in vocab


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
