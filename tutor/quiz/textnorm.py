"""Text comparison for quiz checks and grading: umlaut folding, stems, edit distance.

Validation and grading must agree on what "the same answer" means, so both use these
functions: folded for grading (lower-case, ä/ö/ü/ß spelled out as ae/oe/ue/ss, see
:func:`ingest.textkit.fold_for_grading`), punctuation dropped, German Snowball stems
(:func:`ingest.textkit.stem`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

from ingest.textkit import fold_for_grading, stem
from tutor.retrieval.text import STOPWORDS

_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[^\W\d_]+", re.UNICODE)
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")
ARTICLES = frozenset(
    ["der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"]
)
# Stopwords folded the same way as the words they are compared with.
_STOP_FOLDED = frozenset(fold_for_grading(w) for w in STOPWORDS)


def words(text: str) -> list[str]:
    """Folded words and numbers, punctuation dropped ("KI-Lösungen" → ki, loesungen)."""
    return _WORD.findall(fold_for_grading(text))


def normalise(text: str) -> str:
    """Folded words joined by single spaces: the canonical form for equality checks."""
    return " ".join(words(text))


def content_stems(text: str) -> list[str]:
    """Stems of the content words (stopwords and articles dropped), in order."""
    return list(_content_stems(text))


@lru_cache(maxsize=65536)
def _content_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text) if w not in _STOP_FOLDED and w not in ARTICLES)


_FINITE = frozenset(
    [
        "muss",
        "müssen",
        "darf",
        "dürfen",
        "soll",
        "sollen",
        "sollte",
        "sollten",
        "kann",
        "können",
        "wird",
        "werden",
        "ist",
        "sind",
    ]
)


def shape(text: str) -> str:
    """Rough form of an option: 'sentence' (has a finite verb), 'action' (ends in an
    infinitive: "Ziel festlegen") or 'phrase' — wrong options should share the right one's."""
    tokens = text.split()
    if any(t.lower() in _FINITE for t in tokens) or "Sie" in tokens[1:3]:
        return "sentence"  # "… muss …", or an instruction "Berechnen Sie …"
    last = tokens[-1] if tokens else ""
    if len(tokens) >= 2 and last.islower() and last.endswith(("en", "ern", "eln")):
        return "action"
    return "phrase"


def numbers(text: str) -> list[str]:
    """Numbers in a text, decimal comma normalised ("1,5" → "1.5")."""
    return [n.replace(",", ".") for n in NUMBER_RE.findall(text)]


def coverage(part: str, whole: str) -> float:
    """Share of ``part``'s content stems that occur in ``whole`` (1.0 if part has none)."""
    needed = content_stems(part)
    if not needed:
        return 1.0
    have = set(content_stems(whole))
    return sum(1 for s in needed if s in have) / len(needed)


def contains_phrase(whole: str, part: str) -> bool:
    """True if ``part`` occurs in ``whole`` as a run of stems (order kept, stopwords kept)."""
    need = [stem(w) for w in words(part)]
    have = [stem(w) for w in words(whole)]
    if not need:
        return False
    n = len(need)
    return any(have[i : i + n] == need for i in range(len(have) - n + 1))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (a swap of two neighbours counts once), capped at
    ``limit + 1`` (rapidfuzz's OSA)."""
    return int(OSA.distance(a, b, score_cutoff=limit))


def typo_limit(word: str) -> int:
    """Edits tolerated in a word: none up to 3 letters, 1 up to 8, 2 from 9 letters on."""
    if len(word) <= 3 or word.isdigit():
        return 0
    return 1 if len(word) <= 8 else 2


def _changed_syllable(a: str, b: str) -> bool:
    """Two substitutions side by side (minimierung/maximierung): another word, not a typo."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and (a[diff[0]], a[diff[1]])
        != (
            b[diff[1]],
            b[diff[0]],
        )
    )


def word_matches(expected: str, given: str, known_word: bool = False) -> bool:
    """Same folded word, same stem, or a small typo (see :func:`typo_limit`).

    ``known_word``: the given word is a real German word; then it is another word, not a
    typo (Qualität is not a misspelt Quantität), and only the exact/stem match counts.
    """
    if expected == given or stem(expected) == stem(given):
        return True
    if known_word:
        return False
    limit = typo_limit(expected)
    if limit == 0:
        return False
    distance = edit_distance(expected, given, limit)
    if distance == 2 and _changed_syllable(expected, given):
        return False
    return distance <= limit


def near_duplicate(a: str, b: str) -> bool:
    """Two option or question texts that a learner would read as the same thing."""
    na, nb = normalise(a), normalise(b)
    if na == nb:
        return True
    if numbers(a) != numbers(b):  # "25 Prozent" and "26 Prozent" are different answers
        return False
    sa, sb = content_stems(a), content_stems(b)
    if sa and sa == sb:
        return True
    set_a, set_b = set(sa), set(sb)
    if set_a and set_b:
        jaccard = len(set_a & set_b) / len(set_a | set_b)
        if jaccard >= 0.8 and min(len(set_a), len(set_b)) >= 2:
            return True
    if len(na) >= 6 and len(nb) >= 6 and max(len(na), len(nb)) <= 40:
        return edit_distance(na, nb, 2) <= 1
    return False
