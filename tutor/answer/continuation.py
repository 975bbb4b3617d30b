"""Sentences that finish what a quoted unit starts.

Two structural categories of text go on past the sentence that best matches a question, and
cutting them there drops the point:

* a **conclusion** (``folgerung`` in ``patterns.toml``): a sentence right after the quoted one
  that opens with a consequence connective ("Deshalb gilt: Qualität geht vor Quantität.",
  "Dadurch konnten ungeplante Stillstände um rund 30 Prozent reduziert werden.") draws the
  consequence of the sentence before it or tells a case's outcome;
* a **case told from its opening**: when a case's opening sentence ("Ein Maschinenbauer aus
  Baden-Württemberg nutzt …") leads an answer, the case is on point, and its facts (what the
  system does, what came of it) stand in the later sentences of its paragraph.

A case opening quoted after the lead goes on to its facts too, as far as the room allows.
Both are added to the unit they continue (so they do not take a runner-up's place in the count
of units), within the answer's character budget.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from tutor.answer.features import fits_form, is_category
from tutor.answer.patterns import QuestionForm, kind_only, unit_pattern
from tutor.answer.units import AnswerUnit, following, pieces, story
from tutor.answer.verify import INSTRUCTION

if TYPE_CHECKING:
    from tutor.answer.compose import Candidate, Composition

CONCLUSION = "folgerung"  # unit category of sentences that conclude the one before them
CASE_OPENING = "fall_beginn"  # unit category of a sentence that opens a case study
# unit categories a paragraph is never filled with: a heading, an exclamation, an
# announcement, an exercise prompt (they say nothing the quoted sentence goes on to)
FILL_STOPS = ("ueberschrift", "ausruf", "ankuendigung", "uebung")


def _joined(unit: AnswerUnit, piece: AnswerUnit) -> AnswerUnit:
    return AnswerUnit(
        f"{unit.text} {piece.text}",
        unit.chunk,
        unit.orders + piece.orders,
        unit.spans + piece.spans,
        unit.kind,
    )


def concluded(unit: AnswerUnit, room: int, taken: frozenset[tuple[str, int]]) -> AnswerUnit:
    """``unit`` with the conclusion sentences that follow it in its paragraph (a chain:
    "… Dadurch … Seitdem …"), while they fit in ``room`` characters and are not quoted
    elsewhere (``taken``)."""
    if "\n" in unit.text or not unit.spans:  # an enumeration ends its paragraph
        return unit
    conclusion = unit_pattern(CONCLUSION)
    out = unit
    for piece in following(unit, len(pieces(unit.chunk))):
        if not conclusion.search(piece.text) or piece.keys & taken:
            break
        if len(piece.text) + 1 > room:
            break
        out = _joined(out, piece)
        room -= len(piece.text) + 1
    return out


def with_conclusions(chosen: list[Candidate], plan: Composition) -> list[Candidate]:
    """Each chosen unit followed by its conclusion sentences (``plan.conclude``), and a case
    opening quoted after the lead followed by the rest of its case (``plan.case_story``), in
    the answer's order, while the whole answer stays within ``plan.budget`` characters."""
    if not plan.conclude:
        return chosen
    budget, cases = plan.budget, bool(plan.case_story)
    size = sum(len(c.unit.text) for c in chosen)
    taken = frozenset(k for c in chosen for k in c.unit.keys)
    out: list[Candidate] = []
    for c in chosen:
        unit = concluded(c.unit, budget - size, taken)
        if cases and unit is c.unit and c.unit.kind == "satz" and is_category(c.unit, CASE_OPENING):
            unit = story(c.unit, len(c.unit.text) + budget - size)  # a case goes on to its facts
            unit = c.unit if unit.keys & (taken - c.unit.keys) else unit
        if unit is not c.unit:
            size += len(unit.text) - len(c.unit.text)
            taken = taken | unit.keys
            c = dataclasses.replace(c, unit=unit)
        out.append(c)
    return out


def told_case(lead: Candidate, budget: int) -> Candidate:
    """A case opening that leads, with the rest of its paragraph (within ``budget``)."""
    if lead.unit.kind != "satz" or "\n" in lead.unit.text:
        return lead
    unit = story(lead.unit, budget)
    return lead if unit is lead.unit else dataclasses.replace(lead, unit=unit)


def answer_after_topic(lead: Candidate, eligible: list[Candidate], form: QuestionForm) -> Candidate:
    """The sentence right after a lead that names the topic without the asked form, when that
    sentence has it ("Für KMUs ist der Zukauf meist die bessere Wahl …" → "Eigene Entwicklungen
    lohnen sich vor allem dann, wenn …" for a question asking when): it leads instead."""
    if lead.values["form"] or lead.unit.kind != "satz":
        return lead
    nxt = following(lead.unit, 1)
    if not nxt or not fits_form(nxt[0], form):
        return lead
    same = (c for c in eligible if c.unit.kind == "satz" and c.unit.orders == nxt[0].orders)
    return next((c for c in same if c.unit.chunk == nxt[0].chunk), lead)


def filled(chosen: list[Candidate], plan: Composition) -> list[Candidate]:
    """With ``plan.fill``, the room the quoted units leave within ``plan.budget`` goes to the
    sentences that follow them in their paragraphs (the lead's first, each unit in the
    answer's order, up to a heading, exclamation or exercise prompt): a quoted sentence
    goes on as the text does rather than stopping short of the fact its paragraph states
    next (dev: the missing keyword stood in a quoted paragraph in 23 of 41 misses)."""
    if not plan.fill or not chosen:
        return chosen
    size = sum(len(c.unit.text) for c in chosen)
    taken = {k for c in chosen for k in c.unit.keys}
    out: list[Candidate] = []
    for c in chosen:
        unit = c.unit
        if unit.kind == "satz" and "\n" not in unit.text and unit.spans and not unit.lines:
            for piece in following(unit, len(pieces(unit.chunk))):
                silent = INSTRUCTION.search(piece.text) or any(
                    is_category(piece, k) for k in FILL_STOPS
                )
                if silent or piece.keys & taken or size + len(piece.text) + 1 > plan.budget:
                    break
                unit = _joined(unit, piece)
                size += len(piece.text) + 1
                taken |= piece.keys
        out.append(c if unit is c.unit else dataclasses.replace(c, unit=unit))
    return out


def more_cases(eligible: list[Candidate], lead: Candidate, form: QuestionForm) -> list[Candidate]:
    """The best case of each other passage (in passage order), for "ein paar Beispiele"."""
    out: list[Candidate] = []
    taken = {lead.unit.chunk.chunk_id}
    for c in sorted(eligible, key=lambda c: (c.hit.rank, -c.score)):
        fits = any(fits_form(c.unit, kind_only(kind)) for kind in form.fits)
        if fits and c.unit.chunk.chunk_id not in taken:
            out.append(c)
            taken.add(c.unit.chunk.chunk_id)
    return out
