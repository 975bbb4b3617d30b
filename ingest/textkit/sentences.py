"""The one sentence splitter: after '.', '!' or '?' and whitespace, before a capital, an
opening quote or bracket, or a digit (German sentences may start with a number); a full stop
after a German abbreviation ("z. B.", "d. h.", "bzw.") ends no sentence.

Generated answers (``cited=True``) differ in three ways: citation markers after the full
stop ("Satz. [2] Nächster") stay with their sentence, a full stop after a number ("Schritt
1.") ends no sentence either, and a digit opens none (a numbered step or figure continues the
sentence before it).
"""

from __future__ import annotations

import re

from ingest.textkit.fold import fold_for_search

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"'(\d])")
# the end of a sentence in a cited answer; group 1 holds the markers that belong to it
_CITED_END = re.compile(r"[.!?]((?:\s*\[[\d,;\s]+\])*)\s+(?=[A-ZÄÖÜ„\"(])")
# German abbreviations written with a full stop (folded, without it): no sentence ends there
ABBREVIATIONS = frozenset(
    {"z", "b", "d", "h", "u", "a", "bzw", "ca", "ggf", "usw", "etc", "vgl", "nr", "s", "o"}
)


def split_sentences(text: str, *, cited: bool = False) -> list[str]:
    """The sentences of one line or paragraph, stripped, empty pieces dropped; with
    ``cited`` the rules for generated answers with [n] markers (see the module)."""
    if not cited:
        pieces, start = [], 0
        for m in SENTENCE_END.finditer(text):
            before = text[start : m.start()].split()
            if before and fold_for_search(before[-1]).strip(".") in ABBREVIATIONS:
                continue  # "z. B. Chatbots": the abbreviation ends no sentence
            pieces.append(text[start : m.start()])
            start = m.end()
        pieces.append(text[start:])
        return [s.strip() for s in pieces if s.strip()]
    out: list[str] = []
    start = 0
    for m in _CITED_END.finditer(text):
        before = text[start : m.start()].split()
        last = fold_for_search(before[-1]).strip(".") if before else ""
        if last in ABBREVIATIONS or last.isdigit():
            continue
        cut = m.start(1) + len(m.group(1))
        out.append(text[start:cut].strip())
        start = cut
    out.append(text[start:].strip())
    return [s for s in out if s]
