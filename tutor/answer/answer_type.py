"""Expected answer types: a question that asks for a price, a date, an amount of money, a
duration, a place, a person, an authority or a comparison is only answered in full by a
sentence that contains one. The types are data (``tutor/answer/data/patterns.toml``).

This catches near-topic questions the material does not answer ("Wie viel kostet ChatGPT
Enterprise?", "Ab welchem genauen Datum gelten …?") whose passages look relevant otherwise:
their answer is then ``partial`` and says what the material does not name.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from tutor.answer.focus import question_focus
from tutor.answer.patterns import AnswerType, patterns
from tutor.retrieval.text import looks_english, mentions, tokens

# A clause that ends in a question mark asks instead of stating ("23. Werden die KI-Systeme
# kontinuierlich überwacht?"): what it names never answers a question.
_ASKING = re.compile(r"[^.!?\n]*\?")


def answer_type(question: str) -> AnswerType | None:
    """The answer type a question asks for (the first that matches), or None."""
    q = question.lower()
    return next((t for t in patterns().answer_types if t.question.search(q)), None)


def expected_type(question: str) -> str | None:
    """Name of the answer type a question asks for, or None if it asks for no specific type."""
    found = answer_type(question)
    return found.name if found else None


def type_satisfied(
    question: str,
    quoted: list[str],
    generic: Collection[str] = frozenset(),
    synonyms: Collection[str] = frozenset(),
    doc_freq: Mapping[str, int] | None = None,
    passage: str = "",
    context: str = "",
) -> bool:
    """Whether the quoted sentences contain what the question asks for (True if no type).
    What the question itself names does not count ("Wer hat Aleph Alpha gegründet?" is not
    answered by "Aleph Alpha"), and who/when questions about an event ("gegründet",
    "veröffentlicht") need the event in the same sentence as the name or date. The sentence
    with the price, number or duration must also be about the question's subject: it shares
    a stem of the question outside the asking phrase or one of its glossary ``synonyms``
    ("Fahrplan" → "Roadmap"); ``generic`` stems (frequent in the material, such as "KI") do
    not count. For English questions only the glossary's German terms count as the subject
    (their own words are not in the German text); without any, the check is skipped. With
    the material's ``doc_freq``, the sentence or its ``passage`` must also name the subject's
    most specific term (the one in fewest passages): "Wie viele Mitarbeiter braucht ein
    Unternehmen …" is not answered by a number next to "Unternehmen" in a passage that never
    mentions employees. ``context`` is the question read in the context of earlier turns: its
    words name the subject when the question names none of its own ("Und wie lange dauert
    das?" after "… ein Pilotprojekt?")."""
    kind = answer_type(question)
    if kind is None:
        return True
    q = question.lower()
    found = kind.question.search(q)
    assert found is not None
    event = _event_stem(question) if kind.event else None
    counted = _counted_noun(question, found.end()) if kind.counted else None
    rest = f"{q[: found.start()]} {q[found.end() :]}"
    own = set(tokens(rest)) - set(generic)
    if not [t for t in own if doc_freq is None or doc_freq.get(t, 0) > 0]:
        # the question names no subject of its own ("Und wie lange dauert das?"): the
        # earlier turns name it
        earlier = context[len(question) :] if context.startswith(question) else context
        # its nouns name the subject ("KI-Pilotprojekt"), not its verbs ("Wie starte ich …")
        nouns = " ".join(question_focus(earlier.strip(" ()")).nouns)
        own |= set(tokens((nouns or earlier).lower())) - set(generic)
    also = set(synonyms) - set(generic)  # glossary terms stand in for the specific term too
    subject = own | also
    if looks_english(question):  # English words never match German text: glossary terms only
        own, subject, also = also, also, set()
    if doc_freq is not None:
        known = [t for t in own if doc_freq.get(t, 0) > 0]
        specific = {min(known, key=lambda t: (doc_freq[t], t))} | also if known else set()
        around = set(tokens(passage))
        quoted = [t for t in quoted if not specific or specific & (around | set(tokens(t)))]
    return any(_answers(kind.answer, text, q, event, subject, counted) for text in quoted)


_COUNT_WINDOW = 3  # the counted noun stands within this many words after the number
_SHARE = frozenset({"prozent", "%", "percent"})  # "80 Prozent aller Belege" counts Belege


def _counted_noun(question: str, end: int) -> set[str] | None:
    """Stems of the noun a counting question counts ("Ab wie vielen Mitarbeitern …" →
    Mitarbeiter): the last word of its asking phrase after plural "viele(n)", when it is
    capitalised (a German noun). None for "wie viele von den …", "wie viel Aufwand" or an
    English question."""
    words = question[:end].split()
    word = words[-1] if words else ""
    # "wie viel Aufwand" measures a mass ("40 Prozent weniger"): only plural "viele" counts
    plural = len(words) > 1 and words[-2].lower().startswith("viele")
    if not plural or not word[:1].isupper() or looks_english(question):
        return None
    return set(tokens(word)) or None


def _event_stem(question: str) -> str | None:
    """Stem of a clause-final verb ("… gegründet?", "… veröffentlicht?"), if there is one."""
    words = re.findall(r"[\w-]+", question)
    last = words[-1] if words else ""
    stems = tokens(last) if last[:1].islower() and len(last) > 4 else []
    return stems[0] if stems else None


def _answers(
    answer_re: re.Pattern[str],
    text: str,
    question: str,
    event: str | None,
    subject: set[str],
    counted: set[str] | None = None,
) -> bool:
    text = _ASKING.sub(" ", text)
    stems = set(tokens(text))
    if event and event not in stems:
        return False
    if subject and not subject & stems:
        return False
    return any(
        m.group(0).lower() not in question and (not counted or _counts(counted, text[m.end() :]))
        for m in answer_re.finditer(text)
    )


def _counts(counted: set[str], after: str) -> bool:
    """Whether the words after a number name the ``counted`` noun: within a few words, with
    only lower-case words (articles, adjectives) between them, a share ("80 Prozent aller
    Belege") counting its noun too. "zwei Mitarbeiter mehrere Stunden" counts employees."""
    words = re.findall(r"[\w%-]+", after)[: _COUNT_WINDOW + 1]
    if words and words[0].lower() in _SHARE:
        words = words[1:]
    for word in words[:_COUNT_WINDOW]:
        if mentions(counted, word):
            return True
        if word[:1].isupper():  # another noun: the number counts that one
            return False
    return False
