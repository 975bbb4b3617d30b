"""Order next steps by the guide's phases and mark the (at most) three most urgent ones.

Urgent are, in this order: the first open step of the earliest open phase (where the guide
says to start), then the first open step of each prerequisite category that blocks the
others (``prompts/checklist_leitfaden.toml`` [voraussetzung.*]: the data basis, data
protection), then the next open steps in the guide's order until three are marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from tutor.checklist.lexical import root
from tutor.checklist.result import NextStep
from tutor.checklist.wordlists import WordList, load_wordlists
from tutor.prompts import render
from tutor.retrieval.text import tokens

URGENT = 3


@cache
def prerequisites() -> tuple[WordList, ...]:
    """The prerequisite categories, in file order."""
    lists = load_wordlists("checklist_leitfaden")
    return tuple(v for k, v in lists.items() if k.startswith("voraussetzung."))


def blocking_category(step: NextStep) -> WordList | None:
    """The prerequisite category a step's question (or quoted bullet) belongs to."""
    text = " ".join([step.item.text, *(a.quote for a in step.guide[:1])])
    found = {root(t) for t in tokens(text)} | set(tokens(text))
    for category in prerequisites():
        if any(w in found or any(f.startswith(w) for f in found) for w in category.words):
            return category
    return None


def in_phase_order(steps: Sequence[NextStep]) -> list[NextStep]:
    """Steps sorted by guide phase, then by question number."""
    return sorted(steps, key=lambda s: (s.phase_index, s.item.no))


def mark_urgent(steps: Sequence[NextStep], limit: int = URGENT) -> list[NextStep]:
    """Steps in phase order with ``urgent``/``urgent_reason`` set on at most ``limit``."""
    ordered = in_phase_order(steps)
    if not ordered:
        return []
    reasons: dict[int, str] = {}
    first = ordered[0]
    reasons[first.item.no] = render("checklist", "bericht.dringend_start", phase=first.phase)
    seen: set[str] = set()
    for step in ordered:
        category = blocking_category(step)
        if category is None or category.beschreibung in seen or len(reasons) >= limit:
            continue
        seen.add(category.beschreibung)
        reasons.setdefault(step.item.no, category.grund)
    for step in ordered:  # then the guide's order
        if len(reasons) >= limit:
            break
        reasons.setdefault(
            step.item.no, render("checklist", "bericht.dringend_phase", phase=step.phase)
        )
    return [
        s.model_copy(update={"urgent": True, "urgent_reason": reasons[s.item.no]})
        if s.item.no in reasons
        else s
        for s in ordered
    ]
