"""The guide's heading levels (chapter › section › subsection) and the points under each heading.

Plain-text and PDF extraction keep the headings but lose their font sizes, so the levels are
read from the sequence of headings (see :func:`heading_levels`):

- A run of consecutive headings goes one level deeper per heading ("Mitarbeiterschulung und
  fortlaufende Weiterbildung" › "Mitarbeiter schulen" › "Trainingsprogramme entwickeln").
- The first heading of a run of two or more opens a new chapter, unless it takes up a part of
  the current chapter's compound title ("… und Feedback" → "Feedback-Schleifen etablieren"):
  then it is a section of that chapter.
- A single heading is a sibling of the heading before it ("Prozessanalyse" after
  "Zielsetzung klären"), or a section when it takes up part of a compound chapter title.
- Frame headings (Einleitung, Schlusswort, Checkliste, … as data) always open a chapter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from tutor.checklist.lexical import roots
from tutor.checklist.wordlists import wordlist

MAX_LEVEL = 3
_BULLET = re.compile(r"^(?:[-–•▪*]|o(?=\s))\s+")
_SPLIT = re.compile(r"[\s\-/&]+")


@dataclass(frozen=True)
class Heading:
    """One heading with its level (1 = chapter) and the index of its parent heading."""

    text: str
    level: int
    parent: int | None
    frame: bool = False


@dataclass(frozen=True)
class Point:
    """A bullet or paragraph of the guide under the heading with index ``heading``."""

    text: str
    heading: int | None
    bullet: bool


@dataclass
class GuideOutline:
    """Headings with levels and the points under them, in document order."""

    headings: list[Heading] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)

    def path(self, index: int | None) -> list[int]:
        """Indices of the heading and its ancestors, chapter first."""
        out: list[int] = []
        while index is not None:
            out.append(index)
            index = self.headings[index].parent
        return out[::-1]

    def chapter(self, index: int | None) -> int | None:
        """The level-1 heading above (or at) ``index``."""
        path = self.path(index)
        return path[0] if path else None

    def titles(self, index: int | None) -> list[str]:
        """Heading texts from the chapter down to ``index``."""
        return [self.headings[i].text for i in self.path(index)]

    def within(self, index: int) -> list[int]:
        """``index`` and all headings below it."""
        return [i for i in range(len(self.headings)) if index in self.path(i)]

    def chapters(self) -> list[int]:
        """Level-1 headings in document order."""
        return [i for i, h in enumerate(self.headings) if h.level == 1]

    def locate(self, text: str) -> int | None:
        """The heading a point with this text (or containing it) stands under."""
        want = " ".join(text.split())
        for point in self.points:
            if want and (want == point.text or want in point.text):
                return point.heading
        return None


@cache
def _frame_words() -> frozenset[str]:
    return wordlist("checklist_leitfaden", "rahmenueberschriften").words


@cache
def _joiners() -> frozenset[str]:
    return wordlist("checklist_leitfaden", "zusammengesetzte_titel").words


def is_frame(heading: str) -> bool:
    """An Einleitung/Schlusswort/Checkliste heading (a word or compound part is in the list)."""
    words = [w.casefold() for w in re.findall(r"\w+", heading)]
    return any(w in _frame_words() or any(w.endswith(f) for f in _frame_words()) for w in words)


def is_compound_title(heading: str) -> bool:
    """A title made of parts: "Leistungsüberwachung und Feedback", "A / B"."""
    words = {w.casefold() for w in _SPLIT.split(heading) if w} | set(re.findall(r"[/&]", heading))
    return bool(words & _joiners())


def takes_up(heading: str, chapter: str) -> bool:
    """Whether ``heading`` repeats a content word of the compound ``chapter`` title."""
    if not is_compound_title(chapter):
        return False
    return bool(set(roots(heading)) & set(roots(chapter)))


def heading_levels(runs: Sequence[Sequence[str]]) -> list[int]:
    """Levels of the headings, given as runs of consecutive headings in document order."""
    levels: list[int] = []
    chapter = ""
    last = 0
    for run in runs:
        first = run[0]
        if is_frame(first) or last == 0:
            start = 1
        elif takes_up(first, chapter):
            start = 2
        elif len(run) > 1:
            start = 1
        else:
            start = max(last, 2)
        for offset in range(len(run)):
            levels.append(min(start + offset, MAX_LEVEL))
        if start == 1:
            chapter = first
        last = levels[-1]
    return levels


def build_outline(blocks: Sequence[tuple[str, str]]) -> GuideOutline:
    """Outline of a document given as (text, kind) blocks, kind "heading" | "item" | "paragraph"
    (what :mod:`ingest.structure` produces)."""
    runs: list[list[str]] = []
    previous_heading = False
    for text, kind in blocks:
        if kind == "heading":
            if previous_heading:
                runs[-1].append(text)
            else:
                runs.append([text])
        previous_heading = kind == "heading"
    levels = iter(heading_levels(runs))
    outline = GuideOutline()
    stack: list[int] = []  # open headings, one per level
    current: int | None = None
    for text, kind in blocks:
        if kind == "heading":
            level = next(levels)
            while stack and outline.headings[stack[-1]].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            outline.headings.append(Heading(text, level, parent, is_frame(text)))
            current = len(outline.headings) - 1
            stack.append(current)
            continue
        bullet = bool(_BULLET.match(text))
        clean = " ".join(_BULLET.sub("", text).split())
        if clean:
            outline.points.append(Point(clean, current, bullet or kind == "item"))
    return outline
