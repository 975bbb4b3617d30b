"""Answer units with their place in the passage: a sentence, a whole enumeration with its
lead-in (both from :func:`ingest.units.split_units`, whose order keys the sentence vectors),
or a case: the sentence that opens a practical example together with the later sentence of
the same paragraph that carries its outcome (the one with the figures).

Every unit knows the character ranges it covers in its chunk's text, so a citation can show
the whole passage with the quoted units highlighted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.units import ITEM_RE, split_units
from tutor.answer.patterns import unit_pattern
from tutor.prompts import render
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.text import tokens

Span = tuple[int, int]
CASE_JOIN = " … "
# a case whose paragraph (opening to end) is at most this long is quoted whole: the story is
# told as the text tells it; a longer one is cut to its opening and its outcome sentence
STORY = 500
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(?P<head>[^:\n]{2,80}):\s+\S")


@dataclass(frozen=True)
class AnswerUnit:
    """A quotable piece of one chunk."""

    text: str  # what the answer quotes (a case joins its two sentences with " … ")
    chunk: IndexedChunk
    orders: tuple[int, ...]  # orders of the split_units pieces it is made of
    spans: tuple[Span, ...]  # character ranges in chunk.text, in reading order
    kind: str  # "satz" | "aufzaehlung" | "fall" | "gliederung"
    # an enumeration of sub-headings (:mod:`tutor.answer.subheadings`) spans several chunks:
    # each of its lines with the pieces it quotes (their chunk decides the line's citation)
    lines: tuple[tuple[str, tuple[AnswerUnit, ...]], ...] = ()
    title: str | None = None  # the part it enumerates, when not the chunk's own section

    @property
    def key(self) -> tuple[str, int]:
        """Where it starts: (chunk id, first piece)."""
        return (self.chunk.chunk_id, self.orders[0])

    @property
    def statements(self) -> list[str]:
        """What it states, one sentence at a time, each later sentence read with the unit's
        opening (which names what "das System", "dadurch" refer to): the first sentence,
        then first + second, first + third …; the whole text for a unit that spans several
        chunks or whose spans are unknown. A fact must stand in one of these, not be pieced
        together from sentences far apart in a long case."""
        if self.lines or not self.spans:
            return [self.text]
        parts = [self.chunk.text[s:e] for s, e in self.spans]
        return [parts[0], *(f"{parts[0]} {p}" for p in parts[1:])]

    @property
    def heading(self) -> str:
        """The title of the part it stands in: its own, else its section's or chapter's."""
        return self.title or self.chunk.section or self.chunk.chapter or ""

    @property
    def keys(self) -> frozenset[tuple[str, int]]:
        """Every (chunk id, piece) it quotes, across chunks."""
        if self.lines:
            return frozenset(k for _, parts in self.lines for p in parts for k in p.keys)
        return frozenset((self.chunk.chunk_id, o) for o in self.orders)


def locate(passage: str, text: str, start: int = 0) -> Span | None:
    """Character range of ``text`` in ``passage`` at or after ``start`` (whitespace may
    differ: lines of an enumeration are stripped when the units are split)."""
    at = passage.find(text, start)
    if at >= 0:
        return (at, at + len(text))
    words = text.split()
    if not words:
        return None
    found = re.compile(r"\s+".join(re.escape(w) for w in words)).search(passage, start)
    return (found.start(), found.end()) if found else None


@lru_cache(maxsize=4096)
def _pieces(chunk: IndexedChunk) -> tuple[AnswerUnit, ...]:
    """The split_units pieces of a chunk with their ranges (cached per chunk)."""
    out: list[AnswerUnit] = []
    cursor = 0
    for unit in split_units(chunk.text):
        span = locate(chunk.text, unit.text, cursor) or locate(chunk.text, unit.text)
        spans: tuple[Span, ...] = (span,) if span else ()
        if span:
            cursor = span[1]
        kind = "aufzaehlung" if "\n" in unit.text else "satz"
        out.append(AnswerUnit(unit.text, chunk, (unit.order,), spans, kind))
    return tuple(out)


def pieces(chunk: IndexedChunk) -> list[AnswerUnit]:
    """Sentences and enumerations of a chunk, in reading order."""
    return list(_pieces(chunk))


def _paragraph(chunk: IndexedChunk, unit: AnswerUnit) -> int:
    """Index of the line (paragraph) a unit starts in."""
    return chunk.text.count("\n", 0, unit.spans[0][0]) if unit.spans else -1


def paragraph_of(unit: AnswerUnit) -> tuple[str, int]:
    """The paragraph a unit starts in: (chunk id, line index)."""
    return (unit.chunk.chunk_id, _paragraph(unit.chunk, unit))


def cases(chunk: IndexedChunk) -> list[AnswerUnit]:
    """Case units: an example's opening sentence and its outcome sentence (the next sentence
    of the same paragraph with a figure or an outcome marker) when they are not the same."""
    parts = pieces(chunk)
    opening = unit_pattern("fall_beginn")
    outcome = unit_pattern("ergebnis")
    out: list[AnswerUnit] = []
    for i, first in enumerate(parts):
        if first.kind != "satz" or not opening.search(first.text) or outcome.search(first.text):
            continue
        para = _paragraph(chunk, first)
        story = [first]
        for later in parts[i + 1 :]:
            if later.kind != "satz" or _paragraph(chunk, later) != para:
                break
            story.append(later)
        told = " ".join(p.text for p in story)
        if len(story) > 2 and any(outcome.search(p.text) for p in story) and len(told) <= STORY:
            orders = tuple(p.orders[0] for p in story)
            spans = tuple(s for p in story for s in p.spans)
            out.append(AnswerUnit(told, chunk, orders, spans, "fall"))
            continue
        for later in story[1:]:
            if outcome.search(later.text):
                adjacent = later.orders[0] == first.orders[0] + 1
                joined = (
                    f"{first.text} {later.text}"
                    if adjacent
                    else (f"{first.text}{CASE_JOIN}{later.text}")
                )
                out.append(
                    AnswerUnit(
                        joined,
                        chunk,
                        (first.orders[0], later.orders[0]),
                        first.spans + later.spans,
                        "fall",
                    )
                )
                break
    return out


REFERRING = ("satz", "aufzaehlung")  # unit kinds that can open with a reference back


def with_antecedent(chunk: IndexedChunk, parts: list[AnswerUnit]) -> list[AnswerUnit]:
    """Sentences and enumerations that open by referring back ("Diese sollten …", "Dazu
    gehören unter anderem: …") carry the sentence before them, so the answer says what
    "diese" is; along a chain of such openings, back to the first sentence that does not.
    A list without a lead-in of its own spells out the sentence before it ("Ist-Analyse …
    erstellen: Dokumentieren Sie …" over "▪ Prozessdokumentation …") and carries it too."""
    refers = unit_pattern("rueckbezug")
    out: list[AnswerUnit] = []
    for i, unit in enumerate(parts):
        # a chain of references ("… Diese Veränderungen … Denn nur …") is quoted from the
        # sentence its first reference points to: the antecedent as it was itself extended
        before = out[i - 1] if i > 0 else None
        bare = unit.kind == "aufzaehlung" and ITEM_RE.match(unit.text) is not None
        if before is not None and (
            (unit.kind in REFERRING and refers.search(unit.text))
            or (bare and before.kind == "satz")
        ):
            text = (
                f"{before.text}\n{unit.text}"
                if "\n" in before.text or bare
                else (f"{before.text} {unit.text}")
            )
            kind = "aufzaehlung" if "aufzaehlung" in (unit.kind, before.kind) else "satz"
            unit = AnswerUnit(
                text, chunk, before.orders + unit.orders, before.spans + unit.spans, kind
            )
        out.append(unit)
    return out


def following(unit: AnswerUnit, n: int) -> list[AnswerUnit]:
    """Up to ``n`` sentences that follow ``unit`` in its paragraph, in reading order (an
    enumeration ends its paragraph)."""
    if n <= 0 or not unit.spans or "\n" in unit.text:
        return []
    chunk = unit.chunk
    para = _paragraph(chunk, unit)
    out: list[AnswerUnit] = []
    for piece in pieces(chunk):
        if piece.orders[0] <= unit.orders[-1] or piece.orders[0] in unit.orders:
            continue
        if piece.kind != "satz" or _paragraph(chunk, piece) != para or len(out) >= n:
            break
        out.append(piece)
    return out


def story(unit: AnswerUnit, limit: int) -> AnswerUnit:
    """A case opening with the rest of its paragraph, as one unit of at most ``limit``
    characters (sentences are added in reading order while they fit)."""
    told = [unit]
    for piece in following(unit, len(pieces(unit.chunk))):
        if len(" ".join(p.text for p in [*told, piece])) > limit:
            break
        told.append(piece)
    if len(told) == 1:
        return unit
    return AnswerUnit(
        " ".join(p.text for p in told),
        unit.chunk,
        tuple(o for p in told for o in p.orders),
        tuple(s for p in told for s in p.spans),
        "fall",
    )


@lru_cache(maxsize=4096)
def _all_units(chunk: IndexedChunk) -> tuple[AnswerUnit, ...]:
    return tuple(with_antecedent(chunk, pieces(chunk)) + cases(chunk))


def all_units(chunk: IndexedChunk) -> list[AnswerUnit]:
    """Every candidate unit of a chunk: its pieces (with their antecedent where they refer
    back), then its cases."""
    return list(_all_units(chunk))


def defining_item(unit: AnswerUnit, term: str) -> AnswerUnit | None:
    """The one item of an enumeration that defines ``term`` ("- Proof of Concept (PoC) Phase
    starten: Führen Sie …" for "Proof of Concept"): its head before the colon holds every
    stem of the term. None when no item or more than one does."""
    wanted = set(tokens(term))
    if unit.kind != "aufzaehlung" or not wanted or not unit.spans:
        return None
    lines = [
        ln
        for ln in unit.text.split("\n")
        if (m := _ITEM.match(ln)) and wanted <= set(tokens(m.group("head")))
    ]
    if len(lines) != 1:
        return None
    text = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", lines[0]).strip()
    span = locate(unit.chunk.text, text, unit.spans[0][0])
    if span is None:
        return None
    return AnswerUnit(text, unit.chunk, unit.orders, (span,), "satz")


def headed(unit: AnswerUnit) -> str:
    """The unit's text; a list that opens right under its heading, without a lead-in of its
    own, with that heading above it ("Kosten-Nutzen-Analyse:"), so the reader knows what the
    points are about. The heading is chunk metadata, not quoted text."""
    if unit.kind != "aufzaehlung" or not unit.heading or not ITEM_RE.match(unit.text):
        return unit.text
    return f"{render('antworten', 'antwort.listentitel', titel=unit.heading)}\n{unit.text}"
