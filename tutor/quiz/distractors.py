"""Candidate wrong options from the same material — items of other lists, other terms and
descriptions, other case outcomes — and their ranking by plausibility (e5 closeness to the
right answer, same shape); the truth check (:mod:`tutor.quiz.truth`) decides which are safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.quiz.textnorm import ARTICLES, shape, words

PART_LETTERS = 5
MAX_DESCRIPTION_CHARS = 120


@dataclass(frozen=True)
class Option:
    """A possible wrong option: its text, where it stands and what it belongs to.

    ``group`` is shared by the options of one list/definition/case (never offered as wrong
    answers to a question about that group); ``origin`` is its own context (list intro,
    term, case) — a distractor whose origin is about the question's subject is refused.
    """

    text: str
    chunk_id: str
    style: str  # item | label | question | term | desc | outcome
    group: str
    origin: str = ""
    section: str = ""


def compound_parts(text: str) -> set[str]:
    """First and last five letters of each content word: German compounds that share a part
    ("Maschinendaten", "Datenverfügbarkeit") look related to a reader."""
    out: set[str] = set()
    for word in words(text):
        if len(word) >= PART_LETTERS and word not in ARTICLES and not word.isdigit():
            out.update({"<" + word[:PART_LETTERS], word[-PART_LETTERS:] + ">"})
    return out


def same_shape(a: str, b: str) -> bool:
    """Both a sentence, both an action ("Ziel festlegen") or both a noun phrase; a question
    only goes with a question."""
    if a.endswith("?") or b.endswith("?"):
        return a.endswith("?") and b.endswith("?")
    return shape(a) == shape(b)


def length_gap(a: str, b: str) -> float:
    """Relative length difference (long and short options side by side give hints)."""
    return abs(len(a) - len(b)) / max(len(a), len(b), 1)
