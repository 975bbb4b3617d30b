"""A question the text poses itself („Bei der Einführung von KI steht jedes Unternehmen vor
der Frage: Soll die Lösung selbst entwickelt oder eingekauft werden?“) never stands in an answer
(unit category ``fragesatz``), but the sentence after it in its paragraph is the text's answer to
it: that sentence is as relevant to the learner's question as the question it answers."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from tutor.answer.features import is_category
from tutor.answer.units import following

if TYPE_CHECKING:  # compose imports this module; its Candidate type is only named here
    from tutor.answer.compose import Candidate

QUESTION = "fragesatz"  # unit category of a sentence that only asks or announces a question
# the answering sentence ranks just below the posed question's score (ties keep reading order)
BELOW = 1e-3


def answers_posed(cands: list[Candidate], allowed: set[str]) -> list[Candidate]:
    """The candidates with each sentence that answers a question the text poses scored as
    that question (when higher); unchanged when questions themselves are asked for."""
    if QUESTION in allowed:
        return cands
    inherited: dict[tuple[str, int], float] = {}
    for c in cands:
        if c.unit.kind == "satz" and is_category(c.unit, QUESTION):
            for nxt in following(c.unit, 1):
                key = (nxt.chunk.chunk_id, nxt.orders[0])
                inherited[key] = max(inherited.get(key, float("-inf")), c.score - BELOW)
    out: list[Candidate] = []
    for c in cands:
        key = (c.unit.chunk.chunk_id, c.unit.orders[0])
        if c.unit.kind == "satz" and inherited.get(key, float("-inf")) > c.score:
            c = dataclasses.replace(c, score=inherited[key])
        out.append(c)
    return out
