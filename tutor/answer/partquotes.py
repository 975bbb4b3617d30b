"""What one part of a multi-part answer quotes (issue 21): its lead, the sentence an anaphoric
lead points back to ("Dazu gehören …" needs the sentence before it), the sentences that go on
from the lead in its paragraph, runners-up within the part's budget, and a clause part's best
unit of its other top passage scored close to its lead; nothing quoted by an earlier part
twice. The budgets and the anaphors are data (``multipart.toml``).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable
from functools import cache

from tutor.answer.compose import Candidate, candidates
from tutor.answer.multipart import MULTIPART_FILE, Part, Rules
from tutor.answer.units import AnswerUnit, following, pieces
from tutor.retrieval.hybrid import Retrieval

# an enumeration introduced by one word and a colon ("Beispiele:") names nothing of its own
_BARE_LABEL = re.compile(r"^[\w-]+:\s*\n")


def overlap(a: AnswerUnit, b: AnswerUnit) -> bool:
    """Whether two units quote some of the same text (by character ranges of one passage: an
    item picked out of an enumeration shares its pieces' keys, not its other items' text)."""
    if a.chunk.chunk_id != b.chunk.chunk_id:
        return False
    if not a.spans or not b.spans:
        return bool(a.keys & b.keys)
    return any(s < e2 and s2 < e for s, e in a.spans for s2, e2 in b.spans)


def take(
    units: list[Candidate], quoted: list[Candidate], fitted: Rules, room: int
) -> list[Candidate]:
    """The part's units that are not quoted yet: its lead always, then the sentences that go
    on from it in its paragraph while they fit the continuation budget (the text goes on as
    it does: "… müssen jedoch strenge Auflagen erfüllen." alone says nothing yet), then other
    units while they fit the part's budget, all within the room left in the answer."""
    out: list[Candidate] = []
    size = used = 0  # characters beyond the lead and its continuation; all characters
    for c in units:
        if any(overlap(c.unit, o.unit) for o in [*quoted, *out]):
            continue
        n = len(c.unit.text)
        if out and (size + n > fitted.part_budget or used + n > room):
            continue
        if out:
            size += n
        out.append(c)
        used += n
        if len(out) == 1:
            before = _antecedent(c, [*quoted, *out], fitted, room - used)
            going_on = _going_on(c, [*quoted, *out, *before], fitted, room - used)
            out = [*before, *out, *going_on]
            used += sum(len(g.unit.text) for g in [*before, *going_on])
    return out


def _antecedent(
    lead: Candidate, quoted: list[Candidate], fitted: Rules, room: int
) -> list[Candidate]:
    """The sentence before a lead that opens with an anaphoric word ("Dazu gehören …") or an
    enumeration introduced by a bare label ("Beispiele:"), when it is in the same passage,
    not quoted yet and fits the continuation budget."""
    first = lead.unit.text.split(maxsplit=1)[:1]
    label = _BARE_LABEL.match(lead.unit.text) is not None
    if not lead.unit.spans or not first:
        return []
    if not label and first[0].lower().strip(",:") not in fitted.anaphors:
        return []
    start = lead.unit.orders[0]
    before = [u for u in pieces(lead.unit.chunk) if u.kind == "satz" and u.orders[-1] == start - 1]
    if not before or len(before[0].text) > min(fitted.continuation_budget, room):
        return []
    if any(overlap(before[0], o.unit) for o in quoted):
        return []
    return [dataclasses.replace(lead, unit=before[0])]


def _going_on(
    lead: Candidate, quoted: list[Candidate], fitted: Rules, room: int
) -> list[Candidate]:
    """The sentences that follow the lead in its paragraph, while they fit the continuation
    budget and the room left (none once a sentence was quoted already); a case or an
    enumeration is whole already. A lead that ends its paragraph goes on with the enumeration
    right after it when that one is introduced by a line ending in a colon ("KI kann … große
    Wirkung entfalten …" → "Zu den wichtigsten Vorteilen zählen: …") and fits the budget."""
    out: list[Candidate] = []
    size = 0
    if lead.unit.kind != "satz":
        return out
    for unit in following(lead.unit, fitted.max_continuation):
        c = dataclasses.replace(lead, unit=unit)
        n = len(unit.text)
        if any(overlap(unit, o.unit) for o in quoted) or size + n > min(
            fitted.continuation_budget, room
        ):
            break
        out.append(c)
        size += n
    if not out and lead.unit.spans:  # the lead ends its paragraph: an introduced list may go on
        nxt = [u for u in pieces(lead.unit.chunk) if u.orders[0] == lead.unit.orders[-1] + 1]
        if (
            nxt
            and nxt[0].kind == "aufzaehlung"
            and nxt[0].text.split("\n", 1)[0].rstrip().endswith(":")
            and len(nxt[0].text) <= min(fitted.continuation_budget, room)
            and not any(overlap(nxt[0], o.unit) for o in quoted)
        ):
            out.append(dataclasses.replace(lead, unit=nxt[0]))
    return out


@cache
def _second() -> tuple[int, int, float]:
    """A clause part's second-passage budget, how many top passages count, and how far below
    the part's lead the other passage's unit may score (``multipart.toml`` [regeln])."""
    limits = tomllib.loads(MULTIPART_FILE.read_text(encoding="utf-8"))["regeln"]
    return (
        int(limits["zweit_budget"]),
        int(limits["zweit_passagen"]),
        float(limits["zweit_abstand"]),
    )


def second_passage(
    part: Part,
    retrieve: Callable[[Part], Retrieval],
    lead: Candidate,
    quoted: list[Candidate],
    room: int,
) -> list[Candidate]:
    """The best unit of the part's other top passage, when the part's lead came from one of its
    top passages and that unit fits the second-passage budget: a part's fact is often in its
    second passage while the first one leads (no part is starved by its own lead)."""
    budget, passages, gap = _second()
    if budget <= 0:
        return []
    found = retrieve(part)
    top = [h.chunk.chunk_id for h in found.hits[:passages]]
    own = lead.unit.chunk.chunk_id
    if own not in top:
        return []
    pool = [
        c
        for c in candidates(found, part.text, part.text, passages)
        if c.unit.chunk.chunk_id in top and c.unit.chunk.chunk_id != own
    ]
    if not pool:
        return []
    best = max(pool, key=lambda c: (c.score, -c.hit.rank))
    if lead.score - best.score > gap:
        return []
    if len(best.unit.text) > min(budget, room) or any(overlap(best.unit, o.unit) for o in quoted):
        return []
    return [best]
