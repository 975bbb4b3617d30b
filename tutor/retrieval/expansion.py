"""Query expansion from a glossary built from the corpus vocabulary (``glossar.json``).

Everyday German ("meine Leute wehren sich") and English ("data protection") words found in a
question add the course's own term ("Mitarbeiter", "Widerstände", "Datenschutz"). Matching
is on German stems, so inflected forms match too. The expansion only adds terms; the user's
own words are always kept. English words the course glossary does not list ("save",
"every day", "master carpenter") come from an English supplement (``glossar_en.json``), and
the everyday German of business owners for every part of the material ("Werbemüll",
"im Sandkasten", "Schiss") from a German one (``glossar_alltag.json``). Both are kept apart so
that the German synonym lists of ``glossar.json``, which the quiz and the readiness check's
course matcher also read (fitted on them), stay as they are. The English supplement serves
English questions only ("starten", "fast", "Flyer" in a German question are German), and an
English question is also matched under English stems without English function words, so that
a phrasal verb or idiom of the supplement ("take orders", "foot the bill") finds its inflected
and padded forms ("taking an order", "foots the whole bill").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tutor.retrieval.text import TOKEN_RE, english_tokens, english_words, looks_english, tokens

GLOSSARY = Path(__file__).with_name("glossar.json")
GLOSSARY_EN = Path(__file__).with_name("glossar_en.json")  # English words only, see above
# everyday German of business owners for the whole material, for retrieval only (see above)
GLOSSARY_EVERYDAY = Path(__file__).with_name("glossar_alltag.json")
# Stems that name the whole topic: expanding them only adds noise.
_TOPIC_STEMS = {("ki",), ("ai",), ("kmu",), ("kmus",), ("kunstlich", "intelligenz")}
_ENGLISH_TOPIC = {("ai",), ("artificial", "intelligenc")}
# kinds of English expression an entry of the English supplement may name (the first is the
# default): phrasal verbs and idioms mean more than their single words
ENGLISH_CATEGORIES = ("everyday word", "phrasal verb", "idiom")


@dataclass(frozen=True)
class Expansion:
    """Corpus terms added to a query, and the expanded query text for dense search."""

    terms: list[str]
    extra_tokens: list[str]
    text: str  # original question plus the added terms, or the question if nothing matched
    matched: frozenset[str] = frozenset()  # question stems covered by a glossary synonym
    # of ``extra_tokens``: those added only for German phrases the corpus itself uses
    # ("Computer" → "Rechenleistung"): BM25 already finds the phrase, the term is a second guess
    echoed: frozenset[str] = frozenset()


class Glossary:
    """Maps stemmed synonym phrases to the corpus term they stand for."""

    def __init__(self, path: Path = GLOSSARY, *more: Path, english: Path | None = None) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        # An English question is matched against the English phrases only: the German ones
        # collide with English words ("offen" → "off", "messen" → "mess", "Händler" →
        # "handle"), and the English supplement serves English questions only (a German
        # question's "starten", "fast", "Flyer" is German).
        self.foreign: dict[tuple[str, ...], str] = {}
        # English phrases once more under English stems without English function words:
        # "take orders" then also matches "taking an order", "get staff on board" also "get
        # my whole staff on board"
        self.english: dict[tuple[str, ...], str] = {}
        sources = [(p, True) for p in (path, *more)]
        if english is not None:
            sources.append((english, False))
        for source, general in sources:  # the first file that lists a phrase decides its term
            data = json.loads(source.read_text(encoding="utf-8"))
            for entry in data["entries"]:
                term = entry["term"]
                if entry.get("category", ENGLISH_CATEGORIES[0]) not in ENGLISH_CATEGORIES:
                    raise ValueError(f"{source.name}: unknown category of {term!r}")
                if general:
                    for phrase in [*entry.get("de", []), *entry.get("en", [])]:
                        self._add(self.phrases, tuple(tokens(phrase)), term)
                for phrase in entry.get("en", []):
                    self._add(self.foreign, tuple(tokens(phrase)), term)
                    self._add_english(phrase, term)
        self.longest = max(
            (len(p) for p in (*self.phrases, *self.foreign, *self.english)), default=0
        )

    @staticmethod
    def _add(table: dict[tuple[str, ...], str], stems: tuple[str, ...], term: str) -> None:
        if stems and stems != tuple(tokens(term)) and stems not in _TOPIC_STEMS:
            table.setdefault(stems, term)

    def _add_english(self, phrase: str, term: str) -> None:
        stems = tuple(english_tokens(phrase))
        # a phrase that shrinks to one word would stand for every use of that word
        shrunk = len(stems) == 1 and len(TOKEN_RE.findall(phrase)) > 1
        if stems and not shrunk and stems not in _ENGLISH_TOPIC:
            self.english.setdefault(stems, term)

    def expand(self, question: str, doc_freq: Mapping[str, int] | None = None) -> Expansion:
        """Corpus terms whose synonyms occur in the question (as stem sequences); with the
        corpus' ``doc_freq``, the terms added only for German phrases the corpus itself uses
        are also reported apart (``Expansion.echoed``)."""
        query = tokens(question)
        present = set(query)
        found: list[str] = []
        matched: set[str] = set()
        fresh: set[str] = set()  # terms added for at least one phrase the corpus lacks
        if not looks_english(question):
            self._match(query, self.phrases, found, matched, query, doc_freq, fresh)
        else:
            self._match(query, self.foreign, found, matched, query)
            words = english_words(question)
            # matched English words are reported by their German-stemmed form, as tokens() has it
            surface = [(tokens(w, keep_stopwords=True) or [w])[0] for w, _ in words]
            self._match([s for _, s in words], self.english, found, matched, surface)
        extra = [t for term in found for t in tokens(term) if t not in present]
        if not extra:
            return Expansion([], [], question, frozenset(matched))
        added = [term for term in found if any(t not in present for t in tokens(term))]
        echoed = frozenset(extra) - {t for term in fresh for t in tokens(term)}
        if doc_freq is None or looks_english(question):
            echoed = frozenset()
        return Expansion(
            added, extra, f"{question} ({', '.join(added)})", frozenset(matched), echoed
        )

    def _match(
        self,
        query: list[str],
        table: dict[tuple[str, ...], str],
        found: list[str],
        matched: set[str],
        reported: list[str],
        doc_freq: Mapping[str, int] | None = None,
        fresh: set[str] | None = None,
    ) -> None:
        """Add the terms of the longest phrases of ``table`` in ``query`` to ``found`` and the
        matched positions' ``reported`` forms to ``matched``; to ``fresh`` the terms of phrases
        with a stem ``doc_freq`` lacks."""
        for size in range(self.longest, 0, -1):
            for i in range(len(query) - size + 1):
                phrase = tuple(query[i : i + size])
                term = table.get(phrase)
                if term:
                    if fresh is not None and (
                        doc_freq is None or any(doc_freq.get(t, 0) == 0 for t in phrase)
                    ):
                        fresh.add(term)
                    matched.update(reported[i : i + size])
                    if term not in found:
                        found.append(term)


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The project's glossary with its everyday German and English supplements, loaded once."""
    return Glossary(GLOSSARY, GLOSSARY_EVERYDAY, english=GLOSSARY_EN)
