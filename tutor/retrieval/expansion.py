"""Query expansion from a glossary built from the corpus vocabulary (``glossar.json``).

Everyday German ("meine Leute wehren sich") and English ("data protection") words found in a
question add the course's own term ("Mitarbeiter", "Widerstände", "Datenschutz"). Matching
is on German stems, so inflected forms match too. The expansion only adds terms; the user's
own words are always kept. English words the course glossary does not list ("save",
"every day", "master carpenter") come from an English supplement (``glossar_en.json``), and
the everyday German of business owners for every part of the material ("Werbemüll",
"im Sandkasten", "Schiss") from a German one (``glossar_alltag.json``). Both are kept apart so
that the German synonym lists of ``glossar.json``, which the quiz and the readiness check's
course matcher also read (fitted on them), stay as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tutor.retrieval.text import tokens

GLOSSARY = Path(__file__).with_name("glossar.json")
GLOSSARY_EN = Path(__file__).with_name("glossar_en.json")  # English words only, see above
# everyday German of business owners for the whole material, for retrieval only (see above)
GLOSSARY_EVERYDAY = Path(__file__).with_name("glossar_alltag.json")
# Stems that name the whole topic: expanding them only adds noise.
_TOPIC_STEMS = {("ki",), ("ai",), ("kmu",), ("kmus",), ("kunstlich", "intelligenz")}


@dataclass(frozen=True)
class Expansion:
    """Corpus terms added to a query, and the expanded query text for dense search."""

    terms: list[str]
    extra_tokens: list[str]
    text: str  # original question plus the added terms, or the question if nothing matched
    matched: frozenset[str] = frozenset()  # question stems covered by a glossary synonym


class Glossary:
    """Maps stemmed synonym phrases to the corpus term they stand for."""

    def __init__(self, path: Path = GLOSSARY, *more: Path) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        for source in (path, *more):  # the first file that lists a phrase decides its term
            data = json.loads(source.read_text(encoding="utf-8"))
            for entry in data["entries"]:
                term = entry["term"]
                for phrase in [*entry.get("de", []), *entry.get("en", [])]:
                    stems = tuple(tokens(phrase))
                    if stems and stems != tuple(tokens(term)) and stems not in _TOPIC_STEMS:
                        self.phrases.setdefault(stems, term)
        self.longest = max((len(p) for p in self.phrases), default=0)

    def expand(self, question: str) -> Expansion:
        """Corpus terms whose synonyms occur in the question (as stem sequences)."""
        query = tokens(question)
        present = set(query)
        found: list[str] = []
        matched: set[str] = set()
        for size in range(self.longest, 0, -1):
            for i in range(len(query) - size + 1):
                phrase = tuple(query[i : i + size])
                term = self.phrases.get(phrase)
                if term:
                    matched.update(phrase)
                    if term not in found:
                        found.append(term)
        extra = [t for term in found for t in tokens(term) if t not in present]
        if not extra:
            return Expansion([], [], question, frozenset(matched))
        added = [term for term in found if any(t not in present for t in tokens(term))]
        return Expansion(added, extra, f"{question} ({', '.join(added)})", frozenset(matched))


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The project's glossary with its everyday German and English supplements, loaded once."""
    return Glossary(GLOSSARY, GLOSSARY_EVERYDAY, GLOSSARY_EN)
