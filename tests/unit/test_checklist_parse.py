"""Parsing the KI-Readiness checklist from the guide (raw and cleaned text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.checklist.models import Band, Checklist, ChecklistParseError
from tutor.checklist.parse import parse_checklist

pytestmark = pytest.mark.unit

GUIDE = Path(__file__).resolve().parents[2] / "corpus" / "leitfaden-ki-integration-kmu.txt"
HEADING = "KI-Readiness Checklist"

SECTIONS = {
    "Zielsetzung klären": [1, 2],
    "Prozessanalyse": [3, 4, 5],
    "Ressourcenbewertung": [6, 7, 8],
    "Pilotprojekte identifizieren": [9, 10],
    "Technologieauswahl": [11, 12],
    "Kosten-Nutzen-Analyse": [13, 14, 15],
    "Datensicherheitsstrategie": [16],
    "DSGVO-Konformität": [17],
    "Infrastruktur bewerten": [18],
    "Integration planen": [19],
    "Pilotprojekt starten": [20],
    "Mitarbeiterschulung": [21],
    "Fortlaufende Weiterbildung": [22],
    "Leistungsüberwachung": [23],
    "Feedback-Schleifen": [24],
    "Erfolgreiche Projekte ausweiten": [25],
    "Neue Anwendungsfälle identifizieren": [26],
    "Regelmäßige Audits": [27],
    "Anpassung und Optimierung": [28],
    "Innovation fördern": [29],
}
SECTION_OF = {no: name for name, nos in SECTIONS.items() for no in nos}

TEXTS = {
    1: "Haben Sie klare strategische Ziele für die Implementierung von KI definiert?",
    12: "Wurde ein Anbietervergleich und eine Proof of Concept (PoC) Phase gestartet?",
    15: "Ist eine Break-Even-Analyse durchgeführt worden?",
    24: "Wird Feedback von Benutzern und Stakeholdern gesammelt und umgesetzt?",
    28: "Wird die KI-Strategie basierend auf gesammelten Erkenntnissen regelmäßig angepasst "
    "und optimiert?",
    29: "Werden neue KI-Technologien und -Trends verfolgt und integriert?",
}

BANDS = [
    (25, 29, "Ihr Unternehmen ist sehr gut auf die Integration von KI vorbereitet."),
    (15, 24, "Ihr Unternehmen ist gut vorbereitet, aber es gibt noch Bereiche zur Verbesserung."),
    (
        5,
        14,
        "Ihr Unternehmen hat noch einige wichtige Schritte zu unternehmen, um "
        "KI-Integration erfolgreich zu gestalten.",
    ),
    (
        0,
        4,
        "Ihr Unternehmen ist derzeit nicht bereit für die Integration von KI und sollte "
        "zuerst die Grundlagen schaffen.",
    ),
]


@pytest.fixture(scope="module")
def raw() -> str:
    return GUIDE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def checklist(raw: str) -> Checklist:
    return parse_checklist(raw)


def _tail(raw: str) -> tuple[str, str]:
    """Split the guide into (text before the checklist, checklist and everything after)."""
    idx = raw.index(HEADING)
    return raw[:idx], raw[idx:]


def simulate_clean(raw: str) -> str:
    """Mimic the cleaned format: one unit per line, "[ ] Ja", "- " bullets, no footers."""
    units: list[str] = []
    current: list[str] = []
    for line in raw.splitlines():
        text = " ".join(line.split())
        if not text or re.fullmatch(r"\d+ Seite|Leitfaden zur Integration.*", text):
            if current:
                units.append(" ".join(current))
                current = []
            continue
        text = text.replace("☐ ", "[ ] ").replace("▪ ", "- ")
        if current and re.match(r"(\d+\.|\[ \]|- )", text):
            units.append(" ".join(current))
            current = []
        current.append(text)
    units.extend([" ".join(current)] if current else [])
    return "\n".join(units)


def test_finds_29_items_in_order(checklist: Checklist) -> None:
    assert [item.no for item in checklist.items] == list(range(1, 30))
    assert checklist.max_score == 29
    assert all(item.text.endswith("?") and "  " not in item.text for item in checklist.items)


@pytest.mark.parametrize(("no", "text"), sorted(TEXTS.items()))
def test_question_text_joined_across_lines(checklist: Checklist, no: int, text: str) -> None:
    assert checklist.item(no).text == text


@pytest.mark.parametrize("no", range(1, 30))
def test_every_item_has_its_section(checklist: Checklist, no: int) -> None:
    assert checklist.item(no).section == SECTION_OF[no]


def test_sections_in_order(checklist: Checklist) -> None:
    assert checklist.sections == list(SECTIONS)


def test_bands_with_exact_verdicts(checklist: Checklist) -> None:
    assert [(b.min, b.max, b.verdict) for b in checklist.bands] == BANDS


@pytest.mark.parametrize(
    ("score", "band_min"), [(0, 0), (4, 0), (5, 5), (14, 5), (15, 15), (24, 15), (25, 25), (29, 25)]
)
def test_band_for(checklist: Checklist, score: int, band_min: int) -> None:
    assert checklist.band_for(score).min == band_min


@pytest.mark.parametrize("score", [-1, 30])
def test_band_for_out_of_range(checklist: Checklist, score: int) -> None:
    with pytest.raises(ValueError, match=str(score)):
        checklist.band_for(score)


def test_intro(checklist: Checklist) -> None:
    assert checklist.intro.startswith("Bitte füllen Sie den folgenden Test aus")
    assert checklist.intro.endswith("die am besten auf Ihr Unternehmen zutrifft.")


def test_simulated_clean_text_gives_same_checklist(raw: str, checklist: Checklist) -> None:
    cleaned = simulate_clean(raw)
    assert "[ ] Ja" in cleaned
    assert "\n\n" not in cleaned
    assert parse_checklist(cleaned) == checklist


def test_tolerates_narrow_spaces_crlf_and_footer_inside_question(
    raw: str, checklist: Checklist
) -> None:
    footer = (
        "\n\nLeitfaden zur Integration von Künstlicher Intelligenz (KI) für KMU\n\n 23 Seite\n\n"
    )
    text = raw.replace(
        "Proof of Concept (PoC) Phase \n", "Proof\u202fof Concept (PoC) Phase" + footer
    )
    text = text.replace("\n", "\r\n").replace("Zielsetzung klären", "Zielsetzung\u00a0klären")
    assert parse_checklist(text) == checklist


def test_a_footer_with_other_wording_is_detected_not_hard_coded(
    raw: str, checklist: Checklist
) -> None:
    """A running footer is recognised by repeating next to page numbers, whatever it says."""
    title = "Leitfaden zur Integration von Künstlicher Intelligenz (KI) für KMU"
    other = "Musterverband Handwerk · Digitalisierungshandbuch 2026"
    assert title in raw
    text = raw.replace(title, other).replace(
        "Proof of Concept (PoC) Phase \n",
        f"Proof of Concept (PoC) Phase\n\n{other}\n\n 23 Seite\n\n",
    )
    parsed = parse_checklist(text)
    assert parsed == checklist
    assert all(other not in item.text for item in parsed.items)


def test_real_clean_text_if_available(raw: str, checklist: Checklist) -> None:
    clean = pytest.importorskip("ingest.clean", reason="ingest.clean not available yet")
    if not hasattr(clean, "clean_text"):
        pytest.skip("ingest.clean has no clean_text yet")
    assert parse_checklist(clean.clean_text(raw)) == checklist


def test_follows_an_edited_guide(raw: str) -> None:
    head, tail = _tail(raw)
    extra = "30. Nutzen Sie KI-Agenten für wiederkehrende \nAufgaben?  \n\n☐ Ja  \n\n☐ Nein  \n"
    tail = tail.replace(" Auswertung  \n", "KI-Agenten\n\n" + extra + " Auswertung  \n", 1)
    tail = tail.replace("25-29:", "25–30:").replace("0-4:", "0-4 :")
    edited = parse_checklist(head + tail)
    assert len(edited.items) == 30
    assert edited.item(30).text == "Nutzen Sie KI-Agenten für wiederkehrende Aufgaben?"
    assert edited.item(30).section == "KI-Agenten"
    assert edited.band_for(30).verdict == BANDS[0][2]
    assert edited.band_for(0).max == 4


def test_missing_question_is_named(raw: str) -> None:
    text = re.sub(r"13\. Sind Initialkosten[^\n]*\n", "", raw)
    with pytest.raises(ChecklistParseError, match="Frage 13 fehlt") as err:
        parse_checklist(text)
    assert str(err.value).startswith("Die Checkliste im Leitfaden konnte nicht gelesen werden: ")
    assert isinstance(err.value, ValueError)


def test_missing_last_question_is_named(raw: str) -> None:
    text = re.sub(r"29\. Werden neue KI-Technologien[^\n]*\n", "", raw)
    with pytest.raises(ChecklistParseError, match="Frage 29 fehlt"):
        parse_checklist(text)


def test_missing_bands(raw: str) -> None:
    head, tail = _tail(raw)
    tail = re.sub(r"▪ \d+-\d+:", "▪", tail)
    with pytest.raises(ChecklistParseError, match=r"keine Auswertung \(Punktebereiche\) gefunden"):
        parse_checklist(head + tail)


def test_band_gap_is_named(raw: str) -> None:
    with pytest.raises(ChecklistParseError, match="Punktebereich für 5 bis 6 Ja-Antworten fehlt"):
        parse_checklist(raw.replace("5-14:", "7-14:"))


def test_new_question_without_new_band_is_reported(raw: str) -> None:
    head, tail = _tail(raw)
    extra = "30. Nutzen Sie KI-Agenten?\n\n☐ Ja\n\n☐ Nein\n"
    tail = tail.replace(" Auswertung  \n", extra + " Auswertung  \n", 1)
    with pytest.raises(ChecklistParseError, match="Punktebereich für 30 Ja-Antworten fehlt"):
        parse_checklist(head + tail)


def test_overlapping_bands(raw: str) -> None:
    with pytest.raises(ChecklistParseError, match="überschneidet"):
        parse_checklist(raw.replace("15-24:", "12-24:"))


def test_missing_heading() -> None:
    with pytest.raises(ChecklistParseError, match="KI-Readiness Checklist"):
        parse_checklist("Ein Leitfaden ohne Checkliste.\n1. Frage?\n☐ Ja\n☐ Nein\n")


def test_minimal_checklist_without_sections() -> None:
    text = (
        "KI-Readiness Checkliste\n1. Gibt es Ziele?\n[ ] Ja\n[ ] Nein\n2. Gibt es ein Budget?\n"
        "[ ] Ja [ ] Nein\nAuswertung\n- 2 - 2: Gut.\n- 0–1: Noch nicht so weit.\nSchluss\n"
    )
    parsed = parse_checklist(text)
    assert [i.text for i in parsed.items] == ["Gibt es Ziele?", "Gibt es ein Budget?"]
    assert parsed.bands == [
        Band(min=2, max=2, verdict="Gut."),
        Band(min=0, max=1, verdict="Noch nicht so weit."),
    ]
    assert parsed.item(1).section == ""
