"""Sibling groups: lists that stand side by side in one section and sort its points into
categories — "Technische Ressourcen: … Personelle Ressourcen: …", "Zu den wichtigsten
Vorteilen zählen: … Allerdings gibt es auch Herausforderungen …:", or a bulleted run whose
unlabelled bullets head the labelled ones below them ("Compliance-Prozesse etablieren" over
"Dokumentation" and "Audits").

A question asks which point belongs to one group; the wrong options are points of its sibling
groups — of the same kind by construction, and wrong because the text files them elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.quiz.facts import ListItem, parse_item
from tutor.quiz.lexicon import lexicon
from tutor.quiz.material import Line
from tutor.quiz.textnorm import normalise
from tutor.retrieval.corpus import IndexedChunk

MAX_HEADER_WORDS = 25
MIN_GROUPS = 2
MIN_POINTS = 4  # a question needs one point of the group and three of its siblings


@dataclass(frozen=True)
class Group:
    """One group: its name (a heading, a list intro or a heading bullet) and its points."""

    name: str
    items: tuple[ListItem, ...]
    lines: tuple[str, ...]  # the verbatim lines (name line first when it stands in the text)

    @property
    def sentence_name(self) -> bool:
        """The name is a sentence ("Allerdings gibt es auch Herausforderungen …:") rather
        than a label ("Personelle Ressourcen")."""
        return len(self.name.split()) > 6


@dataclass(frozen=True)
class SiblingGroups:
    """Groups that stand side by side in one chunk."""

    chunk: IndexedChunk
    groups: tuple[Group, ...]

    @property
    def key(self) -> str:
        """Stable id (chunk + first group name)."""
        return f"groups|{self.chunk.chunk_id}|{self.groups[0].name}"


def _header(line: Line) -> str | None:
    """The group name a paragraph line announces: its last sentence when it ends in ':'."""
    if line.is_item or not line.text.rstrip().endswith(":") or not line.sentences:
        return None
    name = line.sentences[-1].rstrip(" :")
    return name if 0 < len(name.split()) <= MAX_HEADER_WORDS else None


def _option(item: ListItem) -> str:
    return item.label or item.text


class _Run:
    """The groups of one run of headers and bullets (see :func:`sibling_groups`)."""

    def __init__(self, default_name: str) -> None:
        self.default = default_name
        self.groups: list[tuple[str, list[ListItem], list[str]]] = []

    def start(self, name: str, line: str | None) -> None:
        self.groups.append((name, [], [line] if line else []))

    def add(self, item: ListItem, line: str) -> None:
        if not self.groups:
            self.start(self.default, None)
        self.groups[-1][1].append(item)
        self.groups[-1][2].append(f"- {line}")

    def pop_last_item(self) -> ListItem | None:
        """The last bullet, taken out of its group (it names the next one)."""
        if not self.groups or not self.groups[-1][1]:
            return None
        self.groups[-1][2].pop()
        return self.groups[-1][1].pop()

    def finish(self, chunk: IndexedChunk) -> SiblingGroups | None:
        groups = tuple(
            Group(name, tuple(items), tuple(lines)) for name, items, lines in self.groups if items
        )
        points = [normalise(_option(it)) for g in groups for it in g.items]
        if len(groups) < MIN_GROUPS or len(points) < MIN_POINTS or len(set(points)) < len(points):
            return None
        return SiblingGroups(chunk, groups)


def sibling_groups(chunk: IndexedChunk, lines: list[Line]) -> list[SiblingGroups]:
    """Runs of headed lists in one chunk (a plain paragraph ends a run). A header is a
    paragraph line ending in ':' — a generic one ("Beispiele:") takes the bullet above it as
    its name — or, inside a run of labelled bullets, an unlabelled bullet."""
    generic = {normalise(w) for w in lexicon().generic_headers}
    found: list[SiblingGroups] = []
    run = _Run(chunk.section or chunk.chapter or "")
    for line in lines:
        if line.is_item:
            item = parse_item(line.text)
            labelled_run = any(it.label for _, items, _ in run.groups for it in items)
            if item.label is None and labelled_run and not line.text.endswith("?"):
                run.start(line.text.rstrip(" :"), f"- {line.text}")
            else:
                run.add(item, line.text)
            continue
        name = _header(line)
        if name is None:
            done = run.finish(chunk)
            found += [done] if done else []
            run = _Run(chunk.section or chunk.chapter or "")
            continue
        if normalise(name) in generic:
            parent = run.pop_last_item()
            if parent is None:
                continue
            name = _option(parent)
        run.start(name, line.text)
    done = run.finish(chunk)
    return found + ([done] if done else [])
