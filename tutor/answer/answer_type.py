"""Expected answer types: a question that asks for a price, a date, an amount of money, a
duration, a place or a person can only be answered by a sentence that contains one.

This catches near-topic questions the material does not answer ("Wie viel kostet ChatGPT
Enterprise?", "Ab welchem genauen Datum gelten …?") whose passages look relevant otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from tutor.retrieval.text import looks_english, tokens

_CURRENCY = r"(\d[\d.,]*\s*(€|euro|eur\b|mio|millionen|tausend)|€\s*\d)"
_MONEY = rf"({_CURRENCY}|\bprozent\b|%)"  # fines and grants may be a share of something
_PERCENT = r"\d[\d.,]*\s*(%|prozent\b)"
_NUMBER_WORDS = (
    r"ein|eine|einen|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|"
    r"hundert|tausend|einige[n]?|wenige[n]?|mehrere[n]?"
)
_TIME_UNITS = (
    r"(sekunden?|minuten?|stunden?|tage?n?|wochen?|monate?n?|jahre?n?"
    r"|seconds?|minutes?|hours?|months?|years?|weeks?|days?)"
)
# a duration is an amount of time ("sechs Monate", "0–6 Monate", "binnen Sekunden"), not a
# year such as "2024"
_DURATION = rf"(\b{_TIME_UNITS}\b|\b(kurz|mittel|lang)fristig)"
_CARDINAL = rf"(\b\d+\b|\b({_NUMBER_WORDS}|dutzend\w*)\b)"
PLACE_NAMES = (
    r"baden-württemberg|bayern|berlin|brandenburg|bremen|hamburg|hessen|niedersachsen|nrw|"
    r"nordrhein-westfalen|rheinland-pfalz|saarland|sachsen|sachsen-anhalt|schleswig-holstein|"
    r"thüringen|mecklenburg-vorpommern|münchen|köln|stuttgart|düsseldorf|dresden|leipzig|"
    r"frankfurt|hannover|nürnberg|dortmund|essen|bremen|bonn|mannheim|karlsruhe|augsburg|"
    r"wien|zürich|österreich|schweiz|bavaria|saxony|hesse|thuringia|lower saxony|munich|cologne"
)
_PLACE = (
    rf"\b(aus|in|im|bei)\s+({PLACE_NAMES}|"
    r"[A-ZÄÖÜ][a-zäöüß]+(stadt|dorf|burg|berg|heim|hausen|furt))\b"
)

_DATE_DAY = (
    r"\b\d{1,2}\.\s*(januar|februar|märz|april|mai|juni|juli|august|september|oktober|"
    r"november|dezember)"
)

_STEPS = r"(schritt für schritt|\banleitung\b|step[- ]by[- ]step)"
_SETUP = r"(einricht|richte|installier|konfigurier|programmier|aufsetz|set up|install|config)"

# (question pattern, answer pattern that must occur in the quoted sentences)
ANSWER_TYPES: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    (
        "preis",
        re.compile(
            r"\b(wie viel|wieviel)\s+kostet\b|"
            r"\bwas (kostet|kosten)\b|"
            r"\bpreis (für|von|pro)\b|\b(wie viel|wieviel) kosten\b|how much does .* cost|"
            r"\b(günstiger|billiger|teurer|cheaper|more expensive)\s+(als|than)\b|"
            r"\bwelche[nmrs]? \w*kosten\b|\bwhat does .* cost\b|\bhow much is\b"
        ),
        re.compile(_CURRENCY, re.I),
    ),
    (
        "betrag",
        re.compile(
            r"\b(wie hoch|wie viel|wieviel)\b[^?]*\bin euro\b|"
            r"\bwie hoch (ist|sind|war|waren) (das|die|der)\b.*"
            r"(bußgeld|strafe|betrag|förder|zuschuss|summe|gebühr|zins|umsatz|gewinn)|"
            r"how high is the fine|how much revenue"
        ),
        re.compile(_MONEY, re.I),
    ),
    (
        "anteil",
        re.compile(
            r"\b(wie viel|wieviel|wie viele) prozent\b|\bwelche[nrs]? (anteil|prozentsatz)\b|"
            r"\bwhat (percentage|share)\b|\bhow many per ?cent\b"
        ),
        re.compile(_PERCENT, re.I),
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
        re.compile(
            r"\büber wie viele jahre|\bwie lange (muss|darf|dauert|sollte|soll|kann)|"
            r"\bhow many years|"
            rf"\bwie viele {_TIME_UNITS}\b|\bhow (long|many hours|many days) (must|may|does|should)"
            r"|\bwelche[nmrs]? (zeiträume|zeitraum|zeitrahmen|\w*frist(en)?|zeithorizonte?)\b|"
            r"\bwhich (time ?frames?|periods?)\b"
        ),
        re.compile(_DURATION, re.I),
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
        re.compile(
            r"^\s*wer (hat|ist|war|gewann|gründete|erfand|entwickelte|leitet|führt)\b"
            r"(?!.*\b(verantwortlich|zuständig|haftet|haften|betroffen|profitiert))|"
            r"^\s*who (won|is|was|invented|founded|created|developed|leads)\b"
            r"(?!.*\b(responsible|liable|affected|benefits))"
        ),
        re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+ [A-ZÄÖÜ][a-zäöüß]+\b"),
    ),
    (
        "zeitpunkt",
        re.compile(
            r"^\s*(seit )?wann (wurde|wurden|ist|sind|war|trat|tritt|kam|erschien|gab es|fand)\b|"
            r"\bin welchem jahr\b|^\s*when (was|were|did|will)\b|\bin what year\b"
        ),
        re.compile(r"\b(19|20)\d\d\b|" + _DATE_DAY, re.I),
    ),
    (
        "anzahl",  # "Wie viele Mitarbeiter …?" needs a number (after the more specific types)
        re.compile(r"\bwie viele \w+|\bhow many \w+"),
        re.compile(_CARDINAL, re.I),
    ),
    (
        "anleitung",  # a technical step-by-step guide needs steps in the quoted text
        re.compile(rf"{_STEPS}.*\b{_SETUP}|\b{_SETUP}.*{_STEPS}"),
        re.compile(r"(\n\s*(-|\d+\.)\s.*){2,}"),
    ),
]


def expected_type(question: str) -> str | None:
    """The answer type a question asks for, or None if it asks for no specific type."""
    q = question.lower()
    for name, question_re, _ in ANSWER_TYPES:
        if question_re.search(q):
            return name
    return None


def type_satisfied(
    question: str,
    quoted: list[str],
    generic: Collection[str] = frozenset(),
    synonyms: Collection[str] = frozenset(),
) -> bool:
    """Whether the quoted sentences contain what the question asks for (True if no type).
    What the question itself names does not count ("Wer hat Aleph Alpha gegründet?" is not
    answered by "Aleph Alpha"), and who/when questions about an event ("gegründet",
    "veröffentlicht") need the event in the same sentence as the name or date. The sentence
    with the price, number or duration must also be about the question's subject: it shares
    a stem of the question outside the asking phrase or one of its glossary ``synonyms``
    ("Fahrplan" → "Roadmap"); ``generic`` stems (frequent in the material, such as "KI") do
    not count. English questions skip this check: their words are not in the German text."""
    q = question.lower()
    for name, question_re, answer_re in ANSWER_TYPES:
        found = question_re.search(q)
        if found:
            event = _event_stem(question) if name in _EVENT_TYPES else None
            rest = f"{q[: found.start()]} {q[found.end() :]}"
            subject = (set(tokens(rest)) | set(synonyms)) - set(generic)
            if looks_english(question):  # English words never match German sentences
                subject = set()
            return any(_answers(answer_re, text, q, event, subject) for text in quoted)
    return True


_EVENT_TYPES = {"person", "zeitpunkt"}


def _event_stem(question: str) -> str | None:
    """Stem of a clause-final verb ("… gegründet?", "… veröffentlicht?"), if there is one."""
    words = re.findall(r"[\w-]+", question)
    last = words[-1] if words else ""
    stems = tokens(last) if last[:1].islower() and len(last) > 4 else []
    return stems[0] if stems else None


def _answers(
    answer_re: re.Pattern[str], text: str, question: str, event: str | None, subject: set[str]
) -> bool:
    stems = set(tokens(text))
    if event and event not in stems:
        return False
    if subject and not subject & stems:
        return False
    return any(m.group(0).lower() not in question for m in answer_re.finditer(text))
