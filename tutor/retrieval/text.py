"""German tokenisation for lexical scoring: lower-case, split compounds at hyphens, drop
stopwords (German and English), Snowball-stem (PyStemmer)."""

from __future__ import annotations

import re

from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_GERMAN

from ingest.textkit.fold import fold_for_search, stem
from tutor.wordlists import load_wordlists, wordlist

TOKEN_RE = re.compile(r"\w+", re.UNICODE)
STOPWORD_FILE = "stoppwoerter"
ENGLISH_DETECTION = "englische_funktionswoerter"  # language detection only, not a stopword list
LIGHT_VERB_FRAMES = "funktionsverbgefuege"  # multi-word frames (tutor.retrieval.framing)
VERB_PARTICLES = "verbpartikeln"  # separable verb particles (tutor.retrieval.vocabulary)
NOT_STOPWORDS = (ENGLISH_DETECTION, LIGHT_VERB_FRAMES, VERB_PARTICLES)


def _extra_stopwords() -> frozenset[str]:
    """Question framing and fillers that say nothing about the topic (``prompts/
    stoppwoerter.toml``, validated on import, so a broken list fails at start-up)."""
    lists = load_wordlists(STOPWORD_FILE)
    return frozenset(
        w.lower() for k, wl in lists.items() if k not in NOT_STOPWORDS for w in wl.woerter
    )


_EXTRA_STOP = _extra_stopwords()
STOPWORDS = frozenset(STOPWORDS_GERMAN) | frozenset(STOPWORDS_EN) | _EXTRA_STOP
fold = fold_for_search  # the search folding (kept under its old name for its many users)


def tokens(text: str, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content tokens; 'KI-Lösungen' yields 'ki' and 'losung'."""
    words = TOKEN_RE.findall(fold(text).replace("_", " "))
    return [stem(w) for w in words if keep_stopwords or w not in STOPWORDS]


def content_terms(text: str) -> set[str]:
    """Distinct stemmed content terms of a text."""
    return set(tokens(text))


_ENGLISH = (
    frozenset(STOPWORDS_EN)
    | frozenset(w.lower() for w in wordlist(STOPWORD_FILE, ENGLISH_DETECTION).woerter)
) - frozenset(STOPWORDS_GERMAN)


_GERMAN = frozenset(STOPWORDS_GERMAN) - frozenset(STOPWORDS_EN)


def looks_english(text: str) -> bool:
    """Heuristic: more than 25 % of the words are English function words, or the text opens
    with one and has no German function word ("Which customer support systems prioritise
    incoming requests automatically?" has few function words, all of them English)."""
    words = TOKEN_RE.findall(fold(text))
    if not words:
        return False
    english = sum(w in _ENGLISH for w in words)
    if english / len(words) > 0.25:
        return True
    return words[0] in _ENGLISH and not any(w in _GERMAN for w in words)
