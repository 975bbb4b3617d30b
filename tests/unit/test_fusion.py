"""Score fusion: convex combination of z-scores (default), reciprocal rank fusion, and the
blend of a question's own ranking with its ranking in the conversation's context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pytest

from tutor.retrieval.fusion import RetrievalWeights, blend_fused, convex, rrf

pytestmark = pytest.mark.unit


@dataclass
class _Chunk:
    module: int | None


class _Snapshot:
    """Only what the fusion functions read: the chunks' modules."""

    def __init__(self, modules: list[int | None]) -> None:
        self.chunks = [_Chunk(m) for m in modules]


def snapshot(modules: list[int | None]) -> Any:
    return cast(Any, _Snapshot(modules))


def test_convex_sees_how_far_ahead_a_passage_is():
    # chunk 0 is far ahead in BM25 and second in both vector scores; chunk 1 narrowly leads
    # both vector rankings. RRF counts two first places; the convex combination the margins.
    bm25 = np.array([9.0, 1.0, 1.0, 0.0])
    dense = np.array([0.85, 0.86, 0.80, 0.79])
    sentence = np.array([0.88, 0.89, 0.82, 0.80])
    snap, w = snapshot([1, 1, 2, 2]), RetrievalWeights()
    fused = convex(snap, w, (bm25, dense, sentence), None, 10)
    assert max(fused, key=fused.__getitem__) == 0
    ranks = rrf(w, (bm25, dense, sentence))
    assert max(ranks, key=ranks.__getitem__) == 1


def test_convex_normalises_over_the_filtered_chunks_only():
    bm25 = np.array([50.0, 2.0, 1.0, 0.0])
    dense = np.array([0.9, 0.8, 0.7, 0.6])
    mask = np.array([False, True, True, True])
    snap = snapshot([3, 1, 1, 1])
    fused = convex(snap, RetrievalWeights(), (bm25, dense, dense), mask, 10)
    assert set(fused) == {1, 2, 3}  # the filtered-out chunk is not a candidate
    # z-scores over chunks 1-3 only: their mean is zero, the outlier in chunk 0 does not count
    assert sum(fused.values()) == pytest.approx(0.0, abs=1e-9)
    assert fused[1] > fused[2] > fused[3]


def test_the_context_weight_blends_the_two_rankings():
    own = {0: 2.0, 1: 0.0}  # the question alone finds chunk 0
    context = {1: 3.0, 2: 1.0}  # in the conversation's context chunk 1
    low = blend_fused(own, context, 0.2)
    high = blend_fused(own, context, 0.8)
    assert max(low, key=low.__getitem__) == 0  # a topic change keeps its own ranking
    assert max(high, key=high.__getitem__) == 1  # a follow-up takes the earlier topic
    assert set(low) == {0, 1, 2}  # a chunk one side misses counts with that side's lowest


def test_only_the_best_chunks_are_returned():
    scores = np.arange(6, dtype=float)
    fused = convex(snapshot([1] * 6), RetrievalWeights(), (scores,) * 3, None, 2)
    assert list(fused) == [5, 4]


def test_nothing_to_search_gives_no_hits():
    flat = np.array([1.0, 2.0])
    mask = np.array([False, False])
    assert convex(snapshot([1, 1]), RetrievalWeights(), (flat, flat, flat), mask, 10) == {}
