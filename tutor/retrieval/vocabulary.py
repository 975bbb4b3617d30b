"""Map question words the corpus does not know onto its vocabulary, and name those it can't.

The Snowball stemmer leaves German verb forms apart: "lohnt" stays "lohnt" while the course
says "lohnen" ("lohn"), "gekauft" is not "kaufen", "ausgewirkt" not "Auswirkungen". A question
stem that never occurs in the corpus is tried without its inflection (-t, -et, -st) and, for
participles, without the "ge" (also after a separable prefix: "fest-ge-legt"); the other way
round, a bare verb stem ("gehe" → "geh") is known when the corpus has it only inflected
("geht"). Only variants the corpus actually contains are used, so nothing is invented.

A separable verb split in the question ("Wie fange ich mit KI an?", "Wie probiere ich das
aus?") is also looked up joined ("anfangen", "auszuprobieren"): the particle ends its clause
(``prompts/stoppwoerter.toml`` [verbpartikeln]) and is put before each other word of the
clause, with and without "zu"; a joined form counts only if the corpus has it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from ingest.textkit.fold import stem as stem_word
from tutor.retrieval.text import STOPWORD_FILE, TOKEN_RE, VERB_PARTICLES, fold
from tutor.wordlists import wordlist

_ENDINGS = ("est", "et", "st", "t", "e")
_MIN_LEN = 4
_MIN_ROOT = 3  # "geh" (gehe, gehen) is known when the course only says "geht"


def _candidates(stem: str) -> list[str]:
    """Possible base stems of an inflected form, most specific first."""
    out: list[str] = []
    bases = [stem]
    if stem.startswith("ge") and len(stem) > 5:
        bases.append(stem[2:])
    inner = stem.find("ge", 2)
    if 2 <= inner <= len(stem) - 5:  # separable prefix + ge + verb: "festgelegt", "ausgewirkt"
        bases.append(stem[:inner] + stem[inner + 2 :])
    for base in bases:
        if base != stem:
            out.append(base)
        for ending in _ENDINGS:
            if base.endswith(ending) and len(base) - len(ending) >= _MIN_LEN:
                out.append(base[: -len(ending)])
    if len(stem) >= _MIN_ROOT:  # the other way round: the corpus has only inflected forms
        out += [stem + ending for ending in _ENDINGS]
    return out


def corpus_variant(stem: str, doc_freq: Mapping[str, int]) -> str | None:
    """The corpus stem an unknown question stem is an inflection of, if any."""
    if doc_freq.get(stem, 0) > 0:
        return None
    for candidate in _candidates(stem):
        if doc_freq.get(candidate, 0) > 0:
            return candidate
    return None


def corpus_variants(stems: list[str], doc_freq: Mapping[str, int]) -> dict[str, str]:
    """{unknown question stem: corpus stem} for the stems that have a corpus variant."""
    out: dict[str, str] = {}
    for stem in stems:
        variant = corpus_variant(stem, doc_freq)
        if variant:
            out[stem] = variant
    return out


def unknown_terms(
    stems: list[str], doc_freq: Mapping[str, int], covered: frozenset[str] | set[str]
) -> frozenset[str]:
    """Question stems that neither the corpus (even inflected) nor the glossary knows."""
    return frozenset(
        s
        for s in stems
        if doc_freq.get(s, 0) == 0 and s not in covered and corpus_variant(s, doc_freq) is None
    )


_CLAUSE_RE = re.compile(r"[.?!;,:–—()]")
_MIN_VERB = 3  # shortest word tried as the verb of a separated particle


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return wordlist(STOPWORD_FILE, VERB_PARTICLES).words


def separable_verbs(text: str, doc_freq: Mapping[str, int]) -> list[str]:
    """Corpus stems of the separable verbs split in ``text`` ("fange … an" → "anfang",
    "anzufang"), in question order; only stems the corpus contains."""
    found: list[str] = []
    for clause in _CLAUSE_RE.split(fold(text)):
        words = TOKEN_RE.findall(clause)
        if len(words) < 2 or words[-1] not in _particles():
            continue
        particle = words[-1]
        for word in words[:-1]:
            if len(word) < _MIN_VERB or word in _particles():
                continue
            for joined in (particle + word, particle + "zu" + word):
                joined_stem = stem_word(joined)
                known = joined_stem if doc_freq.get(joined_stem, 0) > 0 else None
                known = known or corpus_variant(joined_stem, doc_freq)
                if known and known not in found:
                    found.append(known)
    return found
