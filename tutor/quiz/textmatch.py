"""Is a typed answer the expected text? Case, umlaut spelling, German stems and small typos.

Every content word of the expected text must be matched by the typed answer — ignoring case,
articles and punctuation, with ä/ö/ü/ß = ae/oe/ue/ss, the same German stem (Zwillinge =
Zwilling), or a small typo (none up to 3 letters, one edit up to 8, two from 9 letters on; two
neighbouring substitutions count as another word, and a real German word is never a typo of
another). Numbers must match exactly ("25", "25 %" and "25 Prozent" are the same answer).
"""

from __future__ import annotations

import re

from ingest.textkit import fold_for_grading
from tutor.quiz.lexicon import known_word
from tutor.quiz.textnorm import ARTICLES, numbers, word_matches, words
from tutor.retrieval.text import STOPWORDS

_STOP = frozenset(fold_for_grading(w) for w in STOPWORDS) | ARTICLES
_UNITS = frozenset({"prozent", "%"})
_RAW_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[^\W\d_]+", re.UNICODE)


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
