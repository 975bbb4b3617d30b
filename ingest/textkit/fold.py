"""Text folding, one variant per purpose (they differ on purpose, so each says what it is for).

- :func:`fold_for_search` keeps umlauts: the Snowball stemmer and BM25 work on real German.
- :func:`fold_for_matching` drops umlaut dots (ä → a) and unifies apostrophes: hand-written
  rules and word-family matching, where users and PDFs write "Masnahme", "Maßnahme" or "a"
  for "ä" inconsistently.
- :func:`fold_for_grading` spells umlauts out (ä → ae, ß → ss): comparing a learner's typed
  answer with the key, where "Mueller" must count as "Müller".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import Stemmer

_PLAIN_VOWELS = str.maketrans(
    {"ä": "a", "ö": "o", "ü": "u", "’": "'", "`": "'", "´": "'", "‘": "'"}
)
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_STEMMER = Stemmer.Stemmer("german")


def fold_for_search(text: str) -> str:
    """NFC and lower case (Müller → müller)."""
    return unicodedata.normalize("NFC", text).lower()


def fold_for_matching(text: str) -> str:
    """NFKC, casefold (ß → ss), umlauts without dots (Müller → muller), one apostrophe."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_PLAIN_VOWELS)


def fold_for_grading(text: str) -> str:
    """NFC, lower case, umlauts and ß spelled out (Müller → mueller, Maß → mass)."""
    return unicodedata.normalize("NFC", text).lower().translate(_SPELLED_OUT)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """German Snowball stem of a folded word (the stemmer knows both ä and ae)."""
    return str(_STEMMER.stemWord(word))
