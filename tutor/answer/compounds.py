"""Compounds of known parts: a question noun the material never uses, but whose parts it knows.

German writes a determinative compound as one word: "Textprogramm" is a program for texts,
"Planungsprogramm" one for planning. A business owner's compound is rarely the course's own
term, yet the course speaks of the thing in its parts ("Programme wie Jasper … Texte").
Naming such a word as something the material "does not mention" misleads, so coverage
(:mod:`tutor.answer.coverage`) does not count it as an unknown noun. A compound counts when
its head (the last part, at least ``min_grundwort`` letters) and its modifier (at least
``min_bestimmungswort``, without a linking element "s", "en" …) are both stems of the
material, inflected or not; a hyphenated word when each of its parts is known or such a
compound. The linking elements and lengths are data (``tutor/answer/data/komposita.toml``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tutor.retrieval.text import tokens
from tutor.retrieval.vocabulary import corpus_variant

DATA = Path(__file__).parent / "data" / "komposita.toml"


@dataclass(frozen=True)
class CompoundRules:
    """Linking elements and shortest parts of a compound."""

    links: tuple[str, ...]
    min_modifier: int
    min_head: int


@cache
def compound_rules(path: Path = DATA) -> CompoundRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))["komposita"]
    links = tuple(sorted({str(x) for x in data["fugen"]}, key=len, reverse=True))
    return CompoundRules(links, int(data["min_bestimmungswort"]), int(data["min_grundwort"]))


def _known(word: str, doc_freq: Mapping[str, int]) -> bool:
    stems = tokens(word)
    return bool(stems) and all(
        doc_freq.get(s, 0) > 0 or corpus_variant(s, doc_freq) is not None for s in stems
    )


def _compound(word: str, doc_freq: Mapping[str, int], rules: CompoundRules) -> bool:
    w = word.lower()
    for cut in range(rules.min_modifier, len(w) - rules.min_head + 1):
        head = w[cut:]
        if not _known(head, doc_freq):
            continue
        for link in rules.links:
            modifier = w[:cut]
            if not modifier.endswith(link):
                continue
            modifier = modifier[: len(modifier) - len(link)]
            if len(modifier) >= rules.min_modifier and _known(modifier, doc_freq):
                return True
    return False


def known_parts(word: str, doc_freq: Mapping[str, int]) -> bool:
    """Whether the material knows every part of ``word``: each hyphenated part is a known
    word or a compound of a known modifier and a known head."""
    rules = compound_rules()
    parts = [p for p in word.split("-") if p]
    return bool(parts) and all(_known(p, doc_freq) or _compound(p, doc_freq, rules) for p in parts)
