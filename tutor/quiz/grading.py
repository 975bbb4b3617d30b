"""Grading learner answers: option letters/numbers for multiple choice, Wahr/Falsch, and
tolerant free text for cloze items.

Free text counts as right when every content word of an accepted answer is matched by the
learner's answer — ignoring case, articles and punctuation, with ä/ö/ü/ß = ae/oe/ue/ss, the
same German stem (Zwillinge = Zwilling), or a small typo (none up to 3 letters, one edit up to
8, two from 9 letters on; two neighbouring substitutions count as another word). Numbers must
match exactly ("25", "25 %" and "25 Prozent" are the same answer; "52" is not).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from tutor.quiz.models import QuizItem
from tutor.quiz.textnorm import ARTICLES, fold, numbers, word_matches, words
from tutor.quiz.validate import true_false
from tutor.retrieval.text import STOPWORDS

_STOP = frozenset(fold(w) for w in STOPWORDS) | ARTICLES
_UNITS = frozenset({"prozent", "%"})
_TRUE = frozenset({"wahr", "w", "richtig", "ja", "j", "true", "t", "stimmt"})
_FALSE = frozenset({"falsch", "f", "nein", "n", "false", "stimmt nicht"})
_LETTER = re.compile(r"^\(?([a-zA-Z])[).:]?$")


_RAW_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[^\W\d_]+", re.UNICODE)
_UNFOLD = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """German word list (pyspellchecker's dictionary); empty if it is not installed."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return frozenset()
    return frozenset(SpellChecker(language="de").word_frequency.dictionary)


def known_word(raw: str) -> bool:
    """True if ``raw`` (lower-case, as typed) is a German dictionary word."""
    lexicon = _lexicon()
    if raw in lexicon:
        return True
    unfolded = raw
    for folded, umlaut in _UNFOLD:
        unfolded = unfolded.replace(folded, umlaut)
    return unfolded != raw and unfolded in lexicon


def _content(text: str) -> list[tuple[str, str]]:
    """(folded word, word as typed in lower case) of the content words."""
    raw = [w.lower() for w in _RAW_WORD.findall(text)]
    pairs = [(words(w)[0], w) for w in raw if words(w)]
    content = [p for p in pairs if p[0] not in _STOP and p[0] not in _UNITS]
    return content or [p for p in pairs if p[0] not in _UNITS]


def _compound_match(want: list[str], got: list[tuple[str, str]]) -> bool:
    """'Conversionrate' = 'Conversion-Rate', 'Daten-Minimierung' ≈ 'Datenminimirung'."""
    joined_want, joined_got = "".join(want), "".join(g for g, _ in got)
    if joined_want == joined_got:
        return True
    split_differs = (len(want) == 1) != (len(got) == 1)
    return (
        split_differs
        and abs(len(joined_want) - len(joined_got)) <= 1
        and word_matches(joined_want, joined_got)
    )


def text_matches(expected: str, given: str) -> bool:
    """True if ``given`` is ``expected`` up to case, umlaut spelling, stem and small typos."""
    want = [w for w, _ in _content(expected)]
    got = _content(given)
    if not got or not want:
        return False
    if numbers(expected) or numbers(given):
        return numbers(expected) == numbers(given) and all(
            any(word_matches(w, g, known_word(raw)) for g, raw in got)
            for w in want
            if not w[0].isdigit()
        )
    if _compound_match(want, got):
        return True
    remaining = list(got)
    for w in want:
        hit = next((p for p in remaining if word_matches(w, p[0], known_word(p[1]))), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return len(remaining) <= max(1, len(want) // 2)


def grade_cloze(item: QuizItem, given: str) -> bool:
    """Free-text answer against the item's answer and its accepted variants."""
    return any(text_matches(a, given) for a in [item.answer, *item.accepted])


def choose(item: QuizItem, given: str) -> str | None:
    """The option the learner meant: letter ("B"), number ("2"), the text, or for true/false
    "wahr/falsch/ja/nein/richtig/w/f"; None if it cannot be understood."""
    text = given.strip()
    if not text:
        return None
    if item.type == "tf":
        low = fold(text).strip(" .!")
        if low in _TRUE:
            return true_false()[0]
        if low in _FALSE:
            return true_false()[1]
        return None
    letter = _LETTER.match(text)
    if letter:
        index = ord(letter.group(1).upper()) - ord("A")
        return item.options[index] if 0 <= index < len(item.options) else None
    if text.isdecimal():  # not isdigit(): "²" is a digit that int() rejects
        index = int(text) - 1
        return item.options[index] if 0 <= index < len(item.options) else None
    return next((o for o in item.options if fold(o).strip() == fold(text)), None)


def is_correct(item: QuizItem, given: str) -> bool:
    """Grade one answer (call :func:`choose` first to reject unreadable mc/tf input)."""
    if item.type == "cloze":
        return grade_cloze(item, given)
    return choose(item, given) == item.answer


def option_letters(options: Sequence[str]) -> list[str]:
    """'A', 'B', … for the options."""
    return [chr(ord("A") + i) for i in range(len(options))]
