"""German tokenisation for lexical scoring: lower-case, split compounds at hyphens, drop
stopwords (German and English), Snowball-stem (PyStemmer)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_GERMAN

TOKEN_RE = re.compile(r"\w+", re.UNICODE)
# Question words and fillers that say nothing about the topic.
_EXTRA_STOP = {
    "was",
    "wie",
    "wer",
    "wo",
    "warum",
    "wieso",
    "weshalb",
    "welche",
    "welcher",
    "welches",
    "welchen",
    "kurs",
    "kursunterlagen",
    "modul",
    "laut",
    "genau",
    "eigentlich",
    "bitte",
    "erklären",
    "erkläre",
    "nennt",
    "nennen",
    "gibt",
    "gilt",
    "gelten",
    "rät",
    "empfiehlt",
    "versteht",
    "man",
    "unter",
    "beim",
    "eher",
    "mal",
    "does",
    "course",
    "say",
    "according",
    "what",
    "which",
    "how",
    "why",
    "are",
    "is",
    "the",
    "recommend",
    "explain",
    "mean",
    # framing of definition questions ("Was ist mit X gemeint?", "Was heißt X?")
    "gemeint",
    "meint",
    "bedeutet",
    "bedeuten",
    "heißt",
    "heisst",
    "meaning",
    "means",
}
STOPWORDS = frozenset(STOPWORDS_GERMAN) | frozenset(STOPWORDS_EN) | _EXTRA_STOP
_STEMMER = Stemmer.Stemmer("german")


def fold(text: str) -> str:
    """Lower-case and NFC-normalise text."""
    return unicodedata.normalize("NFC", text).lower()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def tokens(text: str, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content tokens; 'KI-Lösungen' yields 'ki' and 'losung'."""
    words = TOKEN_RE.findall(fold(text).replace("_", " "))
    return [_stem(w) for w in words if keep_stopwords or w not in STOPWORDS]


def content_terms(text: str) -> set[str]:
    """Distinct stemmed content terms of a text."""
    return set(tokens(text))


_ENGLISH = (
    frozenset(STOPWORDS_EN)
    | frozenset(
        "which what how why does do did is are was were the a an of for to in on with can "
        "should would could my our your their this that these those from about when where who "
        "whose there have has had been being not and or it its they we you i me us than".split()
    )
) - frozenset(STOPWORDS_GERMAN)


def looks_english(text: str) -> bool:
    """Heuristic: more than 25 % of the words are English function words."""
    words = TOKEN_RE.findall(fold(text))
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) > 0.25
