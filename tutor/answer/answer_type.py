"""Expected answer types: a question that asks for a price, a date, an amount of money, a
duration, a place or a person can only be answered by a sentence that contains one.

This catches near-topic questions the material does not answer ("Wie viel kostet ChatGPT
Enterprise?", "Ab welchem genauen Datum gelten …?") whose passages look relevant otherwise.
"""

from __future__ import annotations

import re

_MONEY = r"(\d[\d.,]*\s*(€|euro|eur\b|mio|millionen|tausend)|€\s*\d|\bprozent\b|%)"
_DATE = (
    r"(\b(19|20)\d\d\b|\b\d{1,2}\.\s*(januar|februar|märz|april|mai|juni|juli|august|september"
    r"|oktober|november|dezember|\d{1,2}\.)|\bmonate?n?\b|\bjahre?n?\b)"
)
_PLACE = (
    r"\b(aus|in|im|bei)\s+(baden-württemberg|bayern|berlin|brandenburg|bremen|hamburg|hessen|"
    r"niedersachsen|nrw|nordrhein-westfalen|rheinland-pfalz|saarland|sachsen|sachsen-anhalt|"
    r"schleswig-holstein|thüringen|mecklenburg-vorpommern|[A-ZÄÖÜ][a-zäöüß]+(stadt|dorf|burg|"
    r"berg|heim|hausen|furt)|münchen|köln|stuttgart|düsseldorf|dresden|leipzig|frankfurt)\b"
)

# (question pattern, answer pattern that must occur in the quoted sentences)
ANSWER_TYPES: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    (
        "preis",
        re.compile(
            r"\b(wie viel|wieviel)\s+kostet\b|"
            r"\bwas (kostet|kosten)\s+(ein|eine|einen|der|die|das)\b|"
            r"\bpreis (für|von|pro)\b|\b(wie viel|wieviel) kosten\b|how much does .* cost"
        ),
        re.compile(_MONEY, re.I),
    ),
    (
        "betrag",
        re.compile(
            r"\b(wie hoch|wie viel|wieviel)\b[^?]*\bin euro\b|"
            r"\bwie hoch (ist|sind) (das|die|der)\b.*"
            r"(bußgeld|strafe|betrag|förder|zuschuss|summe|gebühr|zins)|how high is the fine"
        ),
        re.compile(_MONEY, re.I),
    ),
    (
        "datum",
        re.compile(
            r"\b(ab|seit|bis) (welchem|wann)\b.*\b(datum|tag|stichtag)|"
            r"\bgenaue[nm]? datum|\bwann genau\b|\bstichtag|on which date|exact date"
        ),
        re.compile(r"\b\d{1,2}\.\s*\w+\s+(19|20)\d\d\b|\b\d{1,2}\.\d{1,2}\.(19|20)\d\d\b", re.I),
    ),
    (
        "dauer",
        re.compile(r"\büber wie viele jahre|\bwie lange (muss|darf|dauert)|how many years"),
        re.compile(_DATE, re.I),
    ),
    (
        "ort",
        re.compile(
            r"\bin welcher stadt\b|\bwo (hat|ist|sitzt|befindet)\b.*\bsitz|"
            r"\bwelche[rm]? (stadt|ort)\b|which city|where is .* based"
        ),
        re.compile(_PLACE, re.I),
    ),
    (
        "person",
        re.compile(r"^\s*wer (hat|ist|war|gewann)\b|^\s*who (won|is|was)\b"),
        re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+ [A-ZÄÖÜ][a-zäöüß]+\b"),
    ),
]


def expected_type(question: str) -> str | None:
    """The answer type a question asks for, or None if it asks for no specific type."""
    q = question.lower()
    for name, question_re, _ in ANSWER_TYPES:
        if question_re.search(q):
            return name
    return None


def type_satisfied(question: str, quoted: list[str]) -> bool:
    """Whether the quoted sentences contain what the question asks for (True if no type)."""
    q = question.lower()
    for _, question_re, answer_re in ANSWER_TYPES:
        if question_re.search(q):
            return any(answer_re.search(text) for text in quoted)
    return True
