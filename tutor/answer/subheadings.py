"""Enumerations of sub-headings: the sibling sub-headings of one part of a document, read in
order from its chunks (across chunk boundaries), as one answer unit.

Two structures carry them:

- lettered or numbered heading lines inside a section's text ("a) Unannehmbares Risiko",
  "b) Hochrisiko-KI" …; ``patterns.toml [einheit.unterpunkt]``), a run that counts up from the
  first letter or number;
- the section headings of a chapter, which the ingest keeps as each chunk's ``section`` (the
  guide's "Machbarkeitsstudie" → "Pilotprojekte identifizieren", "Technologieauswahl" …).

The unit opens with its lead-in — the sentence before the first sub-heading that names their
number ("… in vier Risikokategorien."), else one ending in ':' — or, when there is none, a
line naming the part. Each sub-heading follows as a list line with the first sentence under
it when everything fits the budget. Parts with checklist lines never become one: the
checklist answers through its own category.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tutor.answer.patterns import patterns, unit_pattern
from tutor.answer.units import AnswerUnit, locate, pieces
from tutor.prompts import render
from tutor.retrieval.corpus import CorpusSnapshot, IndexedChunk
from tutor.retrieval.text import content_terms

KIND = "gliederung"
MIN_HEADINGS = 2
Line = tuple[str, tuple[AnswerUnit, ...]]
_NUMBERED_TITLE = re.compile(r"^\s*\d{1,2}\.\s+")
# a list item "- head: text" (the lead-in line of a list has no marker)
ITEM_START = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")
ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(?P<head>[^:\n]{2,80}):\s+\S")


def _run(snap: CorpusSnapshot, chunk: IndexedChunk, same_section: bool) -> tuple[IndexedChunk, ...]:
    """The consecutive chunks of ``chunk``'s part: same document, module and chapter (and
    section when ``same_section``), in reading order."""

    def same(other: IndexedChunk) -> bool:
        return (other.source, other.module, other.chapter) == (
            chunk.source,
            chunk.module,
            chunk.chapter,
        ) and (not same_section or other.section == chunk.section)

    i = snap.by_id[chunk.chunk_id]
    lo, hi = i, i
    while lo > 0 and same(snap.chunks[lo - 1]):
        lo -= 1
    while hi + 1 < len(snap.chunks) and same(snap.chunks[hi + 1]):
        hi += 1
    return tuple(snap.chunks[lo : hi + 1])


def _marker_value(marker: str) -> int:
    """1 for "a" or "1", 2 for "b" or "2" …"""
    return int(marker) if marker.isdigit() else ord(marker.lower()) - ord("a") + 1


def _marked_headings(parts: list[AnswerUnit]) -> list[int]:
    """Indices of the first run of heading lines whose markers count up from a/1."""
    heading = unit_pattern("unterpunkt")
    run: list[int] = []
    for i, piece in enumerate(parts):
        found = heading.match(piece.text) if piece.kind == "satz" else None
        if found is None:
            continue
        value = _marker_value(found.group("marke"))
        if value == len(run) + 1:
            run.append(i)
        elif run and len(run) >= MIN_HEADINGS:
            break
        elif value == 1:
            run = [i]
    return run if len(run) >= MIN_HEADINGS else []


def _lead_in(before: list[AnswerUnit], n: int) -> AnswerUnit | None:
    """The sentence before the sub-headings that names how many there are, else the last one
    when it ends in ':'."""
    words = {w for w, v in patterns().numbers.items() if v == n} | {str(n)}
    named = [p for p in before if words & set(re.findall(r"\w+", p.text.lower()))]
    if named:
        return named[-1]
    return before[-1] if before and before[-1].text.rstrip().endswith(":") else None


def _gist(piece: AnswerUnit | None) -> AnswerUnit | None:
    """What a sub-heading opens with, as one short line: its first sentence, or the heads of
    a list whose every item is "head: text" ("Marktstudie durchführen, Anbietervergleich …");
    None for anything else (another heading, a list without heads, nothing)."""
    if piece is None or unit_pattern("unterpunkt").match(piece.text):
        return None
    if piece.kind == "satz":
        return piece
    if piece.kind != "aufzaehlung" or not piece.spans:
        return None
    lines = piece.text.split("\n")
    items = lines if ITEM_START.match(lines[0]) else lines[1:]  # without its lead-in line
    heads = [m for ln in items if (m := ITEM.match(ln))]
    if len(heads) < MIN_HEADINGS or len(heads) != len(items):
        return None
    texts = [m.group("head").strip() for m in heads]
    spans, cursor = [], piece.spans[0][0]
    for text in texts:
        span = locate(piece.chunk.text, text, cursor)
        if span is None:
            return None
        spans.append(span)
        cursor = span[1]
    return AnswerUnit(", ".join(texts), piece.chunk, piece.orders, tuple(spans), "satz")


def _after(parts: list[AnswerUnit], i: int) -> AnswerUnit | None:
    return parts[i + 1] if i + 1 < len(parts) else None


def _in_text(run: tuple[IndexedChunk, ...]) -> tuple[AnswerUnit | None, list[Line]] | None:
    """Lead-in and heading lines of lettered/numbered sub-headings in a section's text."""
    parts = [p for chunk in run for p in pieces(chunk)]
    found = _marked_headings(parts)
    if not found:
        return None
    lead = _lead_in(parts[: found[0]], len(found))
    lines = [_item(parts[i], _gist(_after(parts, i))) for i in found]
    return lead, lines


def _sections(run: tuple[IndexedChunk, ...]) -> tuple[AnswerUnit | None, list[Line]] | None:
    """Lead-in and heading lines of the sections of a chapter (kept as chunk metadata)."""
    firsts: list[IndexedChunk] = []
    for chunk in run:
        if chunk.section and (not firsts or firsts[-1].section != chunk.section):
            firsts.append(chunk)
    if len(firsts) < MIN_HEADINGS:
        return None
    opening = [p for c in run if c.section is None for p in pieces(c)]
    lead = _lead_in(opening, len(firsts))
    lines = []
    for chunk in firsts:
        heading = AnswerUnit(chunk.section or "", chunk, (-1,), (), "satz")
        body = pieces(chunk)
        lines.append(_item(heading, _gist(body[0] if body else None)))
    return lead, lines


def _item(heading: AnswerUnit, first: AnswerUnit | None) -> Line:
    if first is None:
        return (f"- {heading.text}", (heading,))
    return (f"- {heading.text}: {first.text}", (heading, first))


def _bare(line: Line) -> Line:
    """The heading alone (the budget does not allow the first sentences)."""
    text, parts = line
    return (text.split(": ", 1)[0] if len(parts) > 1 else text, parts[:1])


@lru_cache(maxsize=1024)
def _outline(run: tuple[IndexedChunk, ...], by_section: bool, budget: int) -> AnswerUnit | None:
    checklist = unit_pattern("checkliste")
    if any(checklist.search(c.text) for c in run):
        return None
    found = _sections(run) if by_section else _in_text(run)
    if found is None:
        return None
    lead, items = found
    first = run[0]
    title = first.chapter if by_section else (first.section or first.chapter)
    title = _NUMBERED_TITLE.sub("", title or "")
    head: Line = (
        (lead.text, (lead,))
        if lead is not None
        else (render("antworten", "gliederung.kopf", titel=title), ())
    )
    lines = [head, *items]
    if sum(len(t) + 1 for t, _ in lines) > budget:
        lines = [head, *(_bare(item) for item in items)]
    anchor = (lead or items[0][1][0]).chunk
    own = sorted((p for _, ps in lines for p in ps if p.chunk == anchor), key=lambda p: p.orders[0])
    return AnswerUnit(
        "\n".join(t for t, _ in lines),
        anchor,
        tuple(o for p in own for o in p.orders),
        tuple(s for p in own for s in p.spans),
        KIND,
        tuple(lines),
        title,
    )


def announced(unit: AnswerUnit) -> set[str]:
    """The stems of what an enumeration of sub-headings enumerates: its lead-in (not a
    rendered line naming the part) and the part's title."""
    lead = unit.lines[0][0] if unit.lines and unit.lines[0][1] else ""
    return content_terms(f"{lead} {unit.title or ''}")


def asks_for_the_set(unit: AnswerUnit, asked: set[str], earlier: set[str]) -> bool:
    """Whether a question asks for the whole set of sub-headings: a word of its focus (or a
    subject taken from earlier turns) names what the lead-in or title announces, and none
    names something only a sub-heading's line mentions — "Welche Anwendungen sind verboten?"
    asks about one part ("a) … werden vollständig verboten"), not for all of them."""
    said = announced(unit)
    inside = content_terms("\n".join(text for text, _ in unit.lines[1:])) - said
    return bool((asked | earlier) & said) and not asked & inside


def outlines(snap: CorpusSnapshot, chunk: IndexedChunk, budget: int) -> Iterator[AnswerUnit]:
    """The enumerations of sub-headings of the parts ``chunk`` belongs to: its section's
    lettered/numbered sub-headings, and its chapter's sections."""
    if chunk.chunk_id not in snap.by_id:
        return
    unit = _outline(_run(snap, chunk, same_section=True), False, budget)
    if unit is not None:
        yield unit
    if chunk.chapter is not None and chunk.module is None:
        unit = _outline(_run(snap, chunk, same_section=False), True, budget)
        if unit is not None:
            yield unit
