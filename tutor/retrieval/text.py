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
ENGLISH_FRAME = "englischer_fragerahmen"  # also a stopword list (see _extra_stopwords)
LIGHT_VERB_FRAMES = "funktionsverbgefuege"  # multi-word frames (tutor.retrieval.framing)
VERB_PARTICLES = "verbpartikeln"  # separable verb particles (tutor.retrieval.vocabulary)
ENGLISH_TOPIC = "englisches_themenwort"  # English questions only (english_search_tokens)
NOT_STOPWORDS = (ENGLISH_DETECTION, LIGHT_VERB_FRAMES, VERB_PARTICLES, ENGLISH_TOPIC)


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


COMPOUND_PART = 5  # shortest stem that :func:`mentions` finds inside a compound


def mentions(topic: set[str], text: str) -> bool:
    """Whether ``text`` names one of the topic stems, also as a part of a compound: a German
    compound opens or ends with the word it specialises ("Datenschutz" → "Datenschutzrisiken",
    "Chatbot" → "KI-Chatbot"); stems shorter than ``COMPOUND_PART`` only as whole words."""
    terms = content_terms(text)
    return any(
        t in terms
        or (len(t) >= COMPOUND_PART and any(w.startswith(t) or w.endswith(t) for w in terms))
        for t in topic
    )


_ENGLISH = (
    frozenset(STOPWORDS_EN)
    | frozenset(w.lower() for w in wordlist(STOPWORD_FILE, ENGLISH_DETECTION).woerter)
) - frozenset(STOPWORDS_GERMAN)


# German function words that are no English ones ("so" is both, so it tells neither language)
_GERMAN = (
    frozenset(STOPWORDS_GERMAN)
    - frozenset(STOPWORDS_EN)
    - frozenset(w.lower() for w in wordlist(STOPWORD_FILE, ENGLISH_DETECTION).woerter)
)


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


def english_stem(word: str) -> str:
    """A light English inflection stemmer: plural and verb endings only ("orders", "ordering",
    "ordered" → "order"; "hiring", "hires", "hire" → "hir"; "companies" → "compani").
    Snowball's English stemmer also strips derivations ("usefulness" → "use", "generous" →
    "gener") and so would let "using AI" stand for "benefit"; a glossary lookup must only
    join the forms of one word."""
    w = word
    if len(w) <= 2:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    elif w.endswith("ing") and _VOWEL.search(w[:-3]):
        w = _undouble(w[:-3])
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and not w.endswith("eed") and len(w) > 3 and _VOWEL.search(w[:-2]):
        w = _undouble(w[:-2])
    if w.endswith("e") and len(w) > 2:
        w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w


_VOWEL = re.compile(r"[aeiouy]")


def _undouble(stem: str) -> str:
    """'runn' → 'run', 'plann' → 'plan' (not 'staff', 'sell', 'buzz', 'pass')."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]
    return stem


# What an English question says besides its topic: function words (detection list), the
# question frame, and bm25s's English stopwords. Only English token sequences drop them; in
# German text "man", "was", "am" are German words.
_ENGLISH_STOP = (
    _ENGLISH
    | frozenset(STOPWORDS_EN)
    | frozenset(w.lower() for w in wordlist(STOPWORD_FILE, ENGLISH_FRAME).woerter)
)


def english_words(text: str) -> list[tuple[str, str]]:
    """Content words of an English text with their English stems, as (word, stem)
    pairs: "How do I get my staff on board?" yields ("get", "get"), ("staff", "staff"),
    ("board", "board"). The English stem joins plural and verb forms ("orders", "ordering"
    → "order") that the German stemmer of :func:`tokens` keeps apart; one-letter remnants of
    contractions ("don't" → "don", "t") are dropped with the function words."""
    words = TOKEN_RE.findall(fold(text).replace("_", " "))
    return [(w, english_stem(w)) for w in words if len(w) > 1 and w not in _ENGLISH_STOP]


def english_tokens(text: str) -> list[str]:
    """English stems of the content words of an English text (see english_words)."""
    return [s for _, s in english_words(text)]


_ENGLISH_SEARCH_STOP = frozenset(
    stem(w) for w in _ENGLISH_STOP | frozenset(wordlist(STOPWORD_FILE, ENGLISH_TOPIC).words)
)


def english_search_tokens(query_tokens: list[str]) -> list[str]:
    """The lexical search tokens (:func:`tokens`) of an English question without its English
    function words and the English name of the topic ("AI", which the German material has only
    in tool names such as "Notion AI")."""
    return [t for t in query_tokens if t not in _ENGLISH_SEARCH_STOP]
