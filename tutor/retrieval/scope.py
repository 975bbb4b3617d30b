"""A question scoped to one module: searched inside it, ranked by what sets a passage apart.

When a question names exactly one module ("Was sagt Modul 10 zu …") or the learner filters by
one, every passage searched belongs to that module. What the question shares with the whole
module (its topic: "KI-Roadmap" in Modul 10) then carries no evidence for *which* passage
answers, yet it dominates the e5 cosines (all near 0.9): they prefer the passages most
generally about the topic (the opening, §1, the recap) over the specific one asked for. So the
search is restricted to the module, and its cosines are taken after removing the module's
common direction (the centroid of its passage vectors) from the question and the texts.
BM25 is left as it is (its IDF already discounts words every passage has).
"""

from __future__ import annotations

import re

import numpy as np

from tutor.retrieval.corpus import CorpusSnapshot

MODULE_RE = re.compile(r"\b(?:Modul|module)\s+(\d{1,2})\b", re.IGNORECASE)


def named_modules(query: str) -> set[int]:
    """Every module number a question names."""
    return {int(n) for n in MODULE_RE.findall(query)}


def scoped_module(
    query: str, snap: CorpusSnapshot, module: int | None, source: str | None = None
) -> int | None:
    """The module the search is restricted to: the filter, else the one module the question
    names (if the material has it and no other document is filtered); None when it names none
    or several."""
    if module is not None or source is not None:
        return module
    named = named_modules(query)
    return next(iter(named)) if len(named) == 1 and named <= set(snap.modules) else None


def centred(
    snap: CorpusSnapshot, vector: np.ndarray, module: int, share: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(chunk cosine, sentence cosine, best sentence cosine per chunk) after removing
    ``share`` of the module's common direction (its chunk centroid) from the question and the
    texts (1: all of it)."""
    inside = np.array([c.module == module for c in snap.chunks], dtype=bool)
    if not inside.any():  # a filter for a module the material does not have
        raw, best = snap.sentence_scores(vector)
        return snap.dense_scores(vector), raw, best
    centre = snap.chunk_vectors[inside].astype(np.float64).mean(axis=0)
    centre /= np.linalg.norm(centre) or 1.0
    q = vector.astype(np.float64)
    qc = float(q @ centre)
    # x - a(x·c)c for unit x and c: dot products lose b(x·c)(q·c), norms² b(x·c)², b = 2a - a²
    b = 2 * share - share * share
    q_norm = np.sqrt(max(1e-9, 1.0 - b * qc * qc))

    def cos(x: np.ndarray) -> np.ndarray:
        xc = x.astype(np.float64) @ centre
        return (x.astype(np.float64) @ q - b * xc * qc) / (
            np.sqrt(np.maximum(1e-9, 1 - b * xc**2)) * q_norm
        )

    sent = cos(snap.sent_vectors)
    best = np.full(len(snap.chunks), -1.0)
    if len(sent):
        np.maximum.at(best, snap.sent_owner, sent)
    return cos(snap.chunk_vectors), sent, best
