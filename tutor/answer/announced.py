"""Topics the material only announces: a question whose specific term the material names
only in forward references ("Im nächsten Modul werden Förderprogramme … vorgestellt") is not
answered by the material, although its best sentence matches it closely.

The course closes several modules by announcing the next one; the module that would cover
"Förderprogramme" is not part of the material. Quoting other sentences of the passage as if
they answered would mislead, so the answer is ``partial``: it says that the material only
announces the topic and quotes the announcement. A forward reference is a unit of the
category ``einleitung`` (``tutor/answer/data/patterns.toml``); the term counts as announced
only when every passage that names it is among the hits and names it only there.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.answer.coverage import material_stems
from tutor.answer.features import is_category
from tutor.answer.focus import question_focus
from tutor.answer.units import AnswerUnit, pieces
from tutor.retrieval.hybrid import Hit, Retrieval
from tutor.retrieval.scope import MODULE_RE
from tutor.retrieval.text import mentions, tokens

SIGNPOST = "einleitung"  # statements about the material and references to another part of it
MAX_PASSAGES = 3  # a term in more passages than this is a topic of the material, not a mention


@dataclass(frozen=True)
class Announcement:
    """The term of the question and the units (with their hits) that only announce it."""

    term: str
    units: list[tuple[AnswerUnit, Hit]]


def announced_only(question: str, retrieval: Retrieval) -> Announcement | None:
    """The announcement of the question's most specific noun when the material names that
    noun only in forward references; None when it says something about it (or never names
    it: then the unknown-term coverage applies)."""
    snap = retrieval.snapshot
    if snap is None:
        return None
    focus = question_focus(MODULE_RE.sub(" ", question))
    for noun in focus.nouns:
        own = set(tokens(noun))
        if own & material_stems():  # "Seminararbeit", "Modul" say where to look, not what
            continue
        # a word the material lacks stands for the glossary's course term ("Fördergelder" →
        # "Fördermöglichkeiten")
        named = (
            own
            if any(snap.doc_freq.get(s, 0) for s in own)
            else (set(retrieval.synonyms) if own & retrieval.translated else set())
        )
        stems = [s for s in named if 0 < snap.doc_freq.get(s, 0) <= MAX_PASSAGES]
        if not stems:
            continue
        stem = min(stems, key=lambda s: (snap.doc_freq[s], s))
        naming = [h for h in retrieval.hits if stem in tokens(f"{h.chunk.header} {h.chunk.text}")]
        if len(naming) < snap.doc_freq[stem]:  # a passage outside the hits names it
            continue
        units = [(u, h) for h in naming for u in pieces(h.chunk) if mentions({stem}, u.text)]
        if units and all(is_category(u, SIGNPOST) for u, _ in units):
            return Announcement(noun, units)
    return None
