"""Word-family overlap for German: "dokumentiert" ~ "Prozessdokumentation", "Plan" ~ "Zeitplan".

Snowball stems keep participles apart from their nouns ("dokumentiert" vs "dokumentation",
"befragt" vs "befrag") and never split compounds. Here a stem is cut to its *root* (participle
"ge" and the derivation endings of ``prompts/checklist_leitfaden.toml`` removed), and a compound
root also stands for its head (last known part: "integrationsplan" → "plan") and, more weakly,
its modifier (first known part: "integr"), when those parts are roots seen in the material.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from tutor.checklist.wordlists import wordlist
from tutor.retrieval.text import tokens

MIN_PART = 4  # shortest compound part that may stand for the whole word
HEAD_MATCH = 0.8  # a query word found only as the head of a compound ("plan" in "Zeitplan")
MODIFIER_MATCH = 0.4  # … only as its modifier ("integr" in "Systemintegration")
_LIST = "checklist_leitfaden"


@cache
def _endings() -> tuple[str, ...]:
    return tuple(sorted(wordlist(_LIST, "ableitungsendungen").words, key=len, reverse=True))


@cache
def _participle() -> tuple[tuple[str, ...], tuple[str, ...]]:
    separable = tuple(sorted(wordlist(_LIST, "trennbare_vorsilben").words, key=len, reverse=True))
    return tuple(wordlist(_LIST, "partizipvorsilbe").words), separable


@cache
def root(stem: str) -> str:
    """The stem without participle "ge" and derivation ending ("angepasst" → "anpass")."""
    word = stem
    prefixes, separable = _participle()
    if word.endswith("t"):
        for ge in prefixes:
            starts = ("", *separable)
            for sep in starts:
                if word.startswith(sep + ge) and len(word) - len(sep + ge) >= 4:
                    word = sep + word[len(sep + ge) :]
                    break
            else:
                continue
            break
    for ending in _endings():
        if word.endswith(ending) and len(word) - len(ending) >= MIN_PART:
            return word[: -len(ending)]
    return word


def roots(text: str) -> list[str]:
    """Roots of the content words of ``text`` (stopwords dropped), in order."""
    return [root(t) for t in tokens(text)]


@dataclass(frozen=True)
class Parts:
    """A root with its compound head and modifier (the root itself when it is no compound)."""

    whole: str
    head: str
    modifier: str


class RootVocabulary:
    """Roots of a body of text, their document frequencies and the compound parts they
    reveal; :meth:`overlap` compares a query with a passage."""

    def __init__(self, documents: Iterable[str]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for doc in documents:
            self.n += 1
            self.df.update(set(roots(doc)))
        self.known = frozenset(r for r in self.df if len(r) >= MIN_PART)
        self._parts: dict[str, Parts] = {}

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency (unseen terms weigh most)."""
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def parts(self, term: str) -> Parts:
        """Longest known head and modifier of a compound root ("zeitplan" → "plan", "zeit")."""
        if term not in self._parts:
            head = modifier = term
            for cut in range(MIN_PART, len(term) - MIN_PART + 1):  # longest known tail
                tail = term[cut:]
                if tail.startswith("s") and tail[1:] in self.known:  # Fugen-s: "integrations|plan"
                    tail = tail[1:]
                if tail in self.known:
                    head = tail
                    break
            for cut in range(len(term) - MIN_PART, MIN_PART - 1, -1):  # longest known start
                if term[:cut] in self.known:
                    modifier = term[:cut]
                    break
            self._parts[term] = Parts(term, head, modifier)
        return self._parts[term]

    def expand(self, text: str) -> frozenset[str]:
        """All roots of ``text`` with their compound heads and modifiers."""
        out: set[str] = set()
        for r in roots(text):
            p = self.parts(r)
            out.update((p.whole, p.head, p.modifier))
        return frozenset(out)

    def match(self, term: str, found: frozenset[str]) -> float:
        """How well one query root is found in a passage's expanded roots (0, 0.4, 0.8, 1)."""
        p = self.parts(term)
        if p.whole in found:
            return 1.0
        if p.head != p.whole and p.head in found:
            return HEAD_MATCH
        if p.modifier != p.whole and p.modifier in found:
            return MODIFIER_MATCH
        return 0.0

    def covered(self, query: str, passage: str | frozenset[str]) -> set[str]:
        """The query's roots found in the passage as a whole word or compound head."""
        found = self.expand(passage) if isinstance(passage, str) else passage
        return {r for r in roots(query) if self.match(r, found) >= HEAD_MATCH}

    def overlap(self, query: str, passage: str | frozenset[str]) -> float:
        """IDF-weighted share of the query's roots found in the passage (0..1)."""
        found = self.expand(passage) if isinstance(passage, str) else passage
        wanted = dict.fromkeys(roots(query))
        total = sum(self.idf(r) for r in wanted)
        if not total:
            return 0.0
        return sum(self.idf(r) * self.match(r, found) for r in wanted) / total
