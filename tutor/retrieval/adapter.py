"""A query-side adapter for the e5 embedder, fitted on the dev questions.

e5 places an everyday question („Was bringt mir so ein Chatbot?“) nearer to broad passages
(a module's introduction, a recap) than to the passage that answers it. The adapter is a
low-rank linear map ``q → normalise(q + (q·U)·Vᵀ)`` of the *query* vector only, fitted so
that dev questions rank the passages (chunk and best sentence) that hold their gold spans
first (softmax over all passages, ridge penalty towards the identity; ``scripts/
fit_query_adapter.py``, grouped cross-validation in docs/BENCHMARKS.md).

It only moves the cosines the fusion ranks by; whether the material covers a question and
which sentence an answer quotes are judged on the unadapted cosines, whose scale the refusal
and answer weights were fitted on. Passage vectors are untouched, so an index needs no
rebuild. The adapter learns which passages questions are about: on material it was not fitted
on it ranks worse than plain e5 (cross-validation by section in docs/BENCHMARKS.md). So it is
used only while every passage of the index is one it was fitted on (chunk ids are content
hashes), and only for the embedding model it was fitted for; after new material is ingested
the ranking falls back to the plain cosines until the adapter is fitted again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tutor.retrieval.corpus import CorpusSnapshot
from tutor.retrieval.fusion import Signals

ADAPTER_FILE = Path(__file__).with_name("query_adapter.npz")


@dataclass(frozen=True)
class QueryAdapter:
    """``q → normalise(q + (q·U)·Vᵀ)`` for query vectors of one embedding model."""

    u: np.ndarray  # (dim, rank)
    v: np.ndarray  # (dim, rank)
    model: str  # the embedder it was fitted for (TextEmbedder.name)
    chunk_ids: frozenset[str]  # the passages it was fitted on
    mix: float = 0.7  # share of the adapted cosines in the ranking (the rest: plain e5)

    def fits(self, chunk_ids: Set[str]) -> bool:
        """Whether the adapter was fitted on every one of these passages."""
        return chunk_ids <= self.chunk_ids

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """The adapted, unit-length query vector (or vectors, one per row)."""
        q = np.asarray(vector, dtype=np.float32)
        moved = q + (q @ self.u) @ self.v.T
        norm = np.linalg.norm(moved, axis=-1, keepdims=True)
        return (moved / np.maximum(norm, 1e-9)).astype(np.float32)

    def save(self, path: Path = ADAPTER_FILE) -> None:
        """Write the adapter as a numpy archive (float16: the map stays within 1e-3)."""
        np.savez_compressed(
            path,
            u=self.u.astype(np.float16),
            v=self.v.astype(np.float16),
            model=self.model,
            chunk_ids=np.array(sorted(self.chunk_ids)),
            mix=self.mix,
        )


def load_adapter(model: str, path: Path = ADAPTER_FILE) -> QueryAdapter | None:
    """The stored adapter if it was fitted for ``model`` (None otherwise or without a file)."""
    if not path.exists():
        return None
    with np.load(path) as data:
        if str(data["model"]) != model:
            return None
        return QueryAdapter(
            data["u"].astype(np.float32),
            data["v"].astype(np.float32),
            str(data["model"]),
            frozenset(str(i) for i in data["chunk_ids"]),
            float(data["mix"]),
        )


def ranked_by_adapter(
    signals: Signals, snap: CorpusSnapshot, adapter: QueryAdapter | None
) -> Signals:
    """``signals`` with the ranking cosines of the adapted query vector (unchanged without an
    adapter, or when the index holds passages the adapter was not fitted on)."""
    if adapter is None or not adapter.fits(snap.by_id.keys()):
        return signals
    ranked = adapter.apply(signals.vector)
    return dataclasses.replace(
        signals,
        rank_vector=ranked,
        rank_dense=snap.dense_scores(ranked),
        rank_sent_best=snap.sentence_scores(ranked)[1],
        rank_mix=adapter.mix,
    )
