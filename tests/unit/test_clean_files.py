"""Unit tests for ingest.clean over the three whole corpus files."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from ingest.clean import build_vocabulary, clean_text
from tests.unit.clean_samples import (
    CHECKLIST,
    COURSE,
    GUIDE,
    GUIDE_FOOTER,
    SEMINAR,
    corpus_texts,
    lines,
)

pytestmark = pytest.mark.unit

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
    return corpus_texts()


@pytest.fixture(scope="module")
def vocab(raw: dict[str, str]) -> Counter[str]:
    return build_vocabulary(raw.values())


@pytest.fixture(scope="module")
def cleaned(raw: dict[str, str], vocab: Counter[str]) -> dict[str, str]:
    return {name: clean_text(text, vocab) for name, text in raw.items()}


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
