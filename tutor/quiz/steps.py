"""Ordered steps the material states, for "Was folgt auf …?" and "Was steht am Anfang?".

Two structures count as an order:

* a numbered list whose intro announces a sequence ("Ein einfacher Leitfaden kann aus fünf
  Schritten bestehen: 1. … 2. …") — word list ``reihenfolge.abfolge``;
* the sections of a module, or the chapters of a document, whose introduction says it proceeds
  step by step ("… Schritt für Schritt …", "Jede Phase …") — ``reihenfolge.schrittweise``;
  frame headings (Einleitung, Warum …, Reflexion, Checkliste) are not steps.

``numbered`` says whether the text numbers the steps itself: only then are "directly after"
questions asked; for unnumbered chapters only "which of these comes first/last".
"""

from __future__ import annotations

import re
from collections.abc import Sequence as Seq
from dataclasses import dataclass

from tutor.quiz.facts import Enumeration, is_excluded
from tutor.quiz.lexicon import lexicon
from tutor.quiz.material import CourseMaterial
from tutor.quiz.textnorm import fold, words
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


def step_name(heading: str) -> str:
    """'2. Bestandsaufnahme: Wo steht …?' → 'Bestandsaufnahme'; '1. Ziel festlegen – z. B. …'
    → 'Ziel festlegen'."""
    text = NUMBER_PREFIX.sub("", heading.strip())
    text = STEP_DASH.sub("", text)
    if ": " in text:
        text = text.split(": ", 1)[0]
    return text.rstrip(" .:")


def _announces(sentence: str) -> bool:
    return bool(set(words(sentence)) & lexicon().sequence_words)


def _stepwise(text: str) -> str | None:
    """The sentence of ``text`` that says the material proceeds step by step, if any."""
    markers = [fold(m) for m in lexicon().stepwise_markers]
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if any(m in fold(sentence) for m in markers):
            return sentence.strip()
    return None


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


def _from_headings(material: CourseMaterial) -> list[Sequence]:
    """Sections of a module (or chapters of a module-less document) announced as steps."""
    groups: dict[tuple[str, int | None], list[IndexedChunk]] = {}
    for chunk in material.chunks:
        if not is_excluded(chunk):
            groups.setdefault((chunk.source, chunk.module), []).append(chunk)
    out: list[Sequence] = []
    lex = lexicon()
    for (_, module), chunks in groups.items():
        if module is None and chunks[0].source in material.course_sources:
            continue  # the course's text outside any module
        intro = chunks[0]
        announce = _stepwise(intro.text)
        if announce is None:
            continue
        seen: dict[str, IndexedChunk] = {}
        for c in chunks:
            heading = c.section if module is not None else c.chapter
            if heading and not lex.is_non_step(heading) and heading not in seen:
                seen[heading] = c
        steps = tuple(Step(step_name(h), c) for h, c in seen.items())
        if len(steps) >= MIN_STEPS:
            numbered = all(NUMBER_PREFIX.match(h) for h in seen)
            what = intro.module_title or intro.title
            out.append(Sequence(intro, announce, what, steps, numbered))
    return out


def sequences(material: CourseMaterial, enumerations: Seq[Enumeration]) -> list[Sequence]:
    """Every order the material states."""
    return _from_lists(enumerations) + _from_headings(material)
