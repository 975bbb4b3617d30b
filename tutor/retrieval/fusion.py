"""Fusion of the retrieval signals: a convex combination of the z-normalised scores (default)
or reciprocal rank fusion (``TUTOR_FUSION=rrf``). RRF only sees ranks; the convex combination
also sees how far ahead a passage is, which raised MRR on the dev and held-out sets
(docs/BENCHMARKS.md). In a conversation the fused rankings of the question alone and of the
question in context are blended (:func:`blend_fused`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from tutor.retrieval.corpus import CorpusSnapshot
from tutor.retrieval.expansion import Expansion

Fusion = Literal["convex", "rrf"]


@dataclass(frozen=True)
class RetrievalWeights:
    """Fusion parameters (tuned on the dev set, see docs/BENCHMARKS.md)."""

    fusion: Fusion = "convex"
    # convex: weights of the z-normalised BM25, chunk cosine and best sentence cosine
    cc_bm25: float = 0.25
    cc_dense: float = 0.4
    cc_sentence: float = 0.35
    # rrf
    rrf_k: int = 10
    bm25: float = 0.7
    dense: float = 1.0
    sentence: float = 1.0
    candidates: int = 40
    # a question scoped to one module is searched inside it, its cosines centred on the
    # module: this share of the module's common direction removed (tutor.retrieval.scope)
    module_scope: bool = True
    module_centring: float = 1.0
    # convex: fused score taken off a questionnaire passage ("[ ] Ja / [ ] Nein") unless the
    # question names the questionnaire (tutor.retrieval.questionnaire; fitted by 5-fold CV)
    questionnaire_penalty: float = 2.0
    # BM25 weight of a course term the glossary adds for a German phrase the corpus itself
    # uses ("Computer" → "Rechenleistung", "sorge dafür" → "Ängste"; tutor.retrieval.expansion)
    echoed_synonym_weight: float = 0.5


@dataclass(frozen=True)
class Signals:
    """The raw scores of one query text over the whole corpus."""

    vector: np.ndarray
    tokens: list[str]
    expansion: Expansion | None
    bm25: np.ndarray
    dense: np.ndarray
    sent_cos: np.ndarray  # every sentence
    sent_best: np.ndarray  # best sentence per chunk
    # cosines of the adapted query vector (tutor.retrieval.adapter) and their share in the
    # ranking; None: the ranking uses the cosines above only. Coverage and answer selection
    # always read the cosines above.
    rank_vector: np.ndarray | None = None
    rank_dense: np.ndarray | None = None
    rank_sent_best: np.ndarray | None = None
    rank_mix: float = 0.0

    @property
    def ranking(self) -> tuple[np.ndarray, np.ndarray]:
        """(chunk cosine, best sentence cosine per chunk) that the fusion ranks by."""
        if self.rank_dense is None or self.rank_sent_best is None:
            return self.dense, self.sent_best
        m = self.rank_mix
        return _mixed(self.dense, self.rank_dense, m), _mixed(
            self.sent_best, self.rank_sent_best, m
        )

    def blend(self, other: Signals, weight: float) -> Signals:
        """Cosines blended with ``other`` (weight ``weight``); BM25 and tokens from ``other``
        (the in-context text holds the question's own words too)."""

        def mix(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
            return None if a is None or b is None else (1 - weight) * a + weight * b

        vector = mix(self.vector, other.vector)
        rank_vector = mix(self.rank_vector, other.rank_vector)
        assert vector is not None
        return Signals(
            vector / (np.linalg.norm(vector) or 1.0),
            other.tokens if weight >= 0.5 else self.tokens,
            self.expansion,
            (1 - weight) * self.bm25 + weight * other.bm25,
            (1 - weight) * self.dense + weight * other.dense,
            (1 - weight) * self.sent_cos + weight * other.sent_cos,
            (1 - weight) * self.sent_best + weight * other.sent_best,
            None if rank_vector is None else rank_vector / (np.linalg.norm(rank_vector) or 1.0),
            mix(self.rank_dense, other.rank_dense),
            mix(self.rank_sent_best, other.rank_sent_best),
            self.rank_mix,
        )


def _mixed(plain: np.ndarray, adapted: np.ndarray, share: float) -> np.ndarray:
    """``share`` of the adapted cosines, brought to the plain cosines' mean and spread (their
    scales differ several-fold, so a plain sum would be the adapted ranking), plus the rest of
    the plain ones. Chunks without a score (-1: no sentence) keep the plain value."""
    if share >= 1.0:
        return adapted
    scored = plain > -1.0
    if scored.sum() < 2:
        return plain
    a, p = adapted[scored], plain[scored]
    scaled = p.mean() + (adapted - a.mean()) * (p.std() / (a.std() or 1.0))
    return np.where(scored, (1 - share) * plain + share * scaled, plain)


def blend_fused(own: dict[int, float], other: dict[int, float], weight: float) -> dict[int, float]:
    """Fused scores blended: chunks missing from one side count with that side's lowest."""
    floor_own, floor_other = min(own.values(), default=0.0), min(other.values(), default=0.0)
    return {
        i: (1 - weight) * own.get(i, floor_own) + weight * other.get(i, floor_other)
        for i in set(own) | set(other)
    }


def rrf(w: RetrievalWeights, scores: tuple[np.ndarray, np.ndarray, np.ndarray]) -> dict[int, float]:
    """Reciprocal rank fusion of the BM25, chunk-vector and sentence-vector rankings (the
    ``candidates`` best of each; filtered-out chunks score 0, -inf and -1 respectively)."""
    bm25, dense, sentence = scores
    rankings = [
        [int(i) for i in np.argsort(-bm25)[: w.candidates] if bm25[i] > 0],
        [
            int(i)
            for i in np.argsort(-dense, kind="stable")[: w.candidates]
            if np.isfinite(dense[i])
        ],
        [int(i) for i in np.argsort(-sentence)[: w.candidates] if sentence[i] > -1],
    ]
    fused: dict[int, float] = {}
    for weight, ranking in zip((w.bm25, w.dense, w.sentence), rankings, strict=True):
        for rank, idx in enumerate(ranking):
            fused[idx] = fused.get(idx, 0.0) + weight / (w.rrf_k + rank + 1)
    return fused


def convex(
    snap: CorpusSnapshot,
    w: RetrievalWeights,
    scores: tuple[np.ndarray, np.ndarray, np.ndarray],
    mask: np.ndarray | None,
    limit: int,
) -> dict[int, float]:
    """Convex combination of the three scores, each z-normalised over the searched chunks;
    the ``limit`` best chunks."""
    keep = np.ones(len(snap.chunks), dtype=bool) if mask is None else mask
    if not keep.any():
        return {}
    total = np.zeros(len(snap.chunks), dtype=np.float64)
    for weight, score in zip((w.cc_bm25, w.cc_dense, w.cc_sentence), scores, strict=True):
        values = score[keep].astype(np.float64)
        total += weight * (score - values.mean()) / (values.std() + 1e-9)
    searched = np.nonzero(keep)[0]
    best = searched[np.argsort(-total[searched], kind="stable")[:limit]]
    return {int(i): float(total[i]) for i in best}
