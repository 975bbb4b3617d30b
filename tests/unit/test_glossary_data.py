"""The query-expansion glossary (``tutor/retrieval/glossar.json`` and its everyday German
supplement ``glossar_alltag.json``) as data: every course term is the course's own word, every
everyday synonym reaches its term, and owners' everyday phrasing finds the course's
vocabulary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tutor.retrieval.expansion import GLOSSARY, GLOSSARY_EVERYDAY, default_glossary
from tutor.retrieval.text import tokens

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _entries() -> list[dict[str, object]]:
    """Both German files, in the order the loader reads them."""
    return [
        entry
        for path in (GLOSSARY, GLOSSARY_EVERYDAY)
        for entry in json.loads(path.read_text(encoding="utf-8"))["entries"]
    ]


def _file_entries(path: Path) -> list[dict[str, object]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["entries"])


def _corpus_text() -> str:
    """The three source texts, lower-cased, whitespace collapsed; a word broken at a line end
    after its hyphen ("E-\\nCommerce") is joined again."""
    raw = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    text = re.sub(r"\s+", " ", raw).lower()
    return text + " " + text.replace("- ", "-")


def test_every_term_occurs_verbatim_in_the_course_material():
    text = _corpus_text()
    missing = [e["term"] for e in _entries() if str(e["term"]).lower() not in text]
    assert missing == []


@pytest.mark.parametrize("path", [GLOSSARY, GLOSSARY_EVERYDAY])
def test_terms_are_unique_and_every_entry_has_a_synonym(path):
    terms = [str(e["term"]) for e in _file_entries(path)]
    assert len(terms) == len(set(terms))
    without = [e["term"] for e in _file_entries(path) if not e.get("de") and not e.get("en")]
    # place names are listed so the stems count as known (no everyday word for them)
    assert all(tokens(str(t)) and str(t)[0].isupper() for t in without)
    assert len(without) < 15


def test_no_everyday_synonym_is_dead_data():
    """A synonym of the everyday supplement that is only stopwords, or whose stems a term of
    ``glossar.json`` or an earlier entry already claimed, is silently ignored by the loader:
    the list must say what the loader does. (``glossar.json`` keeps six such duplicates: the
    readiness check's course matcher reads every synonym of a term and is fitted on them.)"""
    claimed: dict[tuple[str, ...], str] = {}
    for entry in _file_entries(GLOSSARY):
        for phrase in entry.get("de", []):  # type: ignore[attr-defined]
            claimed.setdefault(tuple(tokens(phrase)), str(entry["term"]))
    dead = []
    for entry in _file_entries(GLOSSARY_EVERYDAY):
        term = str(entry["term"])
        for phrase in entry.get("de", []):  # type: ignore[attr-defined]
            stems = tuple(tokens(phrase))
            if not stems:
                dead.append((term, phrase, "nur Stoppwörter"))
            elif stems != tuple(tokens(term)):
                owner = claimed.setdefault(stems, term)
                if owner != term:
                    dead.append((term, phrase, owner))
    assert dead == []


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("Unser Postfach ist voller Werbemüll", "Spam-Filter"),
        ("Kann ich das erst im Sandkasten ausprobieren?", "Testumgebung"),
        ("Die Leute haben Schiss vor der KI", "Ängste"),
        ("Der Papierkram frisst mich auf", "Büroalltag"),
        ("Wir wollen das in jeder Filiale einführen", "Standorte"),
        ("Unsere Monteure schreiben Einsatzberichte von Hand", "Serviceprotokolle"),
        ("Wer muss den Kopf hinhalten, wenn die KI Mist baut?", "Haftung"),
        ("Ist ein KI-Bild abgekupfert?", "Urheberrecht"),
        ("Kunden stehen in verschiedenen Schreibweisen drin", "unterschiedlichen Schreibweisen"),
        ("Wie bekomme ich meine Azubis an die KI?", "Lehrling"),
        ("Kann KI unseren Wareneinkauf vorausplanen?", "Nachbestellungen"),  # procurement, not
        ("Hilft KI bei der Materialbeschaffung?", "Materialplanung"),  # a customer's purchase
    ],
)
def test_everyday_phrasing_reaches_the_course_term(question, term):
    assert term in default_glossary().expand(question).terms


def test_a_common_word_does_not_drag_in_an_unrelated_term():
    glossary = default_glossary()
    # "regelmäßig", "Zahlen", "Preise", "Fragen" are everyday words of many questions: no
    # single-word synonym may turn them into one specific course term
    for question in (
        "Wie oft sollte ich das regelmäßig prüfen?",
        "Welche Zahlen nennt der Kurs?",
        "Was kostet das, gibt es Preise?",
        "Welche Fragen stellt die Checkliste?",
    ):
        assert glossary.expand(question).terms in ([], ["Checklist"]), question
