"""Ordered steps the material states, for "Was folgt auf …?" and "Was steht am Anfang?".

Only a numbered list whose intro announces a sequence counts as an order ("Ein einfacher
Leitfaden kann aus fünf Schritten bestehen: 1. … 2. …" — word list ``reihenfolge.abfolge``).
Section or chapter headings are never treated as steps: a document's outline is no procedure,
and asking for it is trivia about the table of contents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence as Seq
from dataclasses import dataclass

from tutor.quiz.facts import Enumeration
from tutor.quiz.lexicon import lexicon
from tutor.quiz.material import CourseMaterial
from tutor.quiz.textnorm import words
from tutor.retrieval.corpus import IndexedChunk

NUMBER_PREFIX = re.compile(r"^\d{1,2}\.\s*")
STEP_DASH = re.compile(r"\s+[–-]\s+.*$")
MIN_STEPS = 3
MAX_LIST_STEPS = 9


@dataclass(frozen=True)
class Step:
    """One step: its name as an option and the chunk that treats it."""

    text: str
    chunk: IndexedChunk


@dataclass(frozen=True)
class Sequence:
    """Steps in the order the material gives them, the sentence that announces the order
    (``quote``, verbatim from ``chunk``), and what the steps are of (``what``)."""

    chunk: IndexedChunk
    quote: str
    what: str
    steps: tuple[Step, ...]
    numbered: bool

    @property
    def key(self) -> str:
        """Stable id of the sequence."""
        return f"seq|{self.chunk.chunk_id}|{self.steps[0].text}"

    def position(self, text: str) -> int:
        """Index of the step named ``text`` (-1 if it is none of them)."""
        return next((i for i, s in enumerate(self.steps) if s.text == text), -1)


TRAILING_GLOSS = re.compile(r"\s+\([^()]*\)$")


def step_name(heading: str) -> str:
    """'2. Bestandsaufnahme: Wo steht …?' → 'Bestandsaufnahme'; '1. Ziel festlegen – z. B. …'
    → 'Ziel festlegen'; a trailing gloss in brackets goes too ('… Wartung (Predictive
    Maintenance)' → '… Wartung': as an option it would make the key the longest)."""
    text = NUMBER_PREFIX.sub("", heading.strip())
    text = STEP_DASH.sub("", text)
    text = TRAILING_GLOSS.sub("", text)
    if ": " in text:
        text = text.split(": ", 1)[0]
    return text.rstrip(" .:")


def _announces(sentence: str) -> bool:
    return bool(set(words(sentence)) & lexicon().sequence_words)


def _from_lists(enumerations: Seq[Enumeration]) -> list[Sequence]:
    out: list[Sequence] = []
    for e in enumerations:
        if not e.numbered or e.questions or not _announces(e.intro):
            continue
        if not MIN_STEPS <= len(e.items) <= MAX_LIST_STEPS:
            continue
        steps = tuple(Step(step_name(it.line), e.chunk) for it in e.items)
        out.append(Sequence(e.chunk, e.quote, e.intro, steps, numbered=True))
    return out


def sequences(material: CourseMaterial, enumerations: Seq[Enumeration]) -> list[Sequence]:
    """Every order the material states."""
    del material  # headings are no steps: only lists the text numbers count
    return _from_lists(enumerations)
