"""Type-directed search: a question that needs a figure, a duration, a price … whose top
passages do not contain one gets the closest sentence of the whole material that does, on
the question's subject ("Wie lange dauert ein Pilotprojekt?" → "… ein dreimonatiges
Pilotprojekt …" from another module). Only sentences close to the question in e5 space are
tried, so an unrelated number never answers.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from tutor.answer.answer_type import answer_type, type_satisfied
from tutor.answer.compose import Candidate, Composition, candidates, composition
from tutor.answer.features import Weights
from tutor.answer.units import pieces
from tutor.retrieval.hybrid import Hit, Retrieval

MIN_COSINE = 0.8  # sentences below this cosine to the question are never tried
TRIED = 200  # at most this many of the closest sentences


def _outside_hit(retrieval: Retrieval, question: str, resolved: str) -> Retrieval | None:
    """The retrieval with one more passage: the first outside the hits whose sentence (in
    cosine order) supplies the asked answer type on the subject; None if there is none."""
    snap, cos = retrieval.snapshot, retrieval.all_sentence_cos
    if snap is None or cos is None or not len(cos):
        return None
    have = {h.chunk.chunk_id for h in retrieval.hits}
    for row in np.argsort(-cos)[:TRIED]:
        if cos[row] < MIN_COSINE:
            break
        chunk = snap.chunks[int(snap.sent_owner[row])]
        order = int(snap.sent_order[row])
        unit = next((u for u in pieces(chunk) if u.orders[0] == order), None)
        if chunk.chunk_id in have or unit is None:
            continue
        if type_satisfied(
            question,
            [unit.text],
            snap.generic,
            retrieval.synonyms,
            snap.doc_freq,
            chunk.text,
            resolved,
        ):
            rows = np.nonzero(snap.sent_owner == snap.by_id[chunk.chunk_id])[0]
            extra = {(chunk.chunk_id, int(snap.sent_order[r])): float(cos[r]) for r in rows}
            hit = Hit(chunk, len(retrieval.hits) + 1, 0.0, 0.0, 0.0, relative=0.0)
            return dataclasses.replace(
                retrieval,
                hits=[*retrieval.hits, hit],
                sentence_cos={**retrieval.sentence_cos, **extra},
            )
    return None


def typed_candidates(
    question: str,
    resolved: str,
    retrieval: Retrieval,
    own: np.ndarray | None,
    model: Weights | None = None,
    plan: Composition | None = None,
) -> tuple[list[Candidate], str | None]:
    """The candidate units, and the answer type the question needs when none supplies it.
    When the top passages lack the type, the units of the lower hits and then of the closest
    typed sentence elsewhere in the material compete too."""
    plan = plan or composition()
    cands = candidates(retrieval, question, resolved, plan.passages, model, own)
    kind = answer_type(question)
    if kind is None or any(c.values["type"] for c in cands):
        return cands, None
    wider = candidates(retrieval, question, resolved, len(retrieval.hits), model, own)
    if not any(c.values["type"] for c in wider):
        extended = _outside_hit(retrieval, question, resolved)
        if extended is None:
            return cands, kind.name
        wider = candidates(extended, question, resolved, len(extended.hits), model, own)
    have = {(c.unit.key, c.unit.text) for c in cands}
    typed = [c for c in wider if c.values["type"] and (c.unit.key, c.unit.text) not in have]
    return (cands + typed, None) if typed else (cands, kind.name)
