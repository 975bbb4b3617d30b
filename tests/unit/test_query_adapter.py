"""The query adapter: the low-rank map, its file, and when it may be used."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tutor.retrieval.adapter import ADAPTER_FILE, QueryAdapter, load_adapter

pytestmark = pytest.mark.unit


def adapter(rank: int = 2, seed: int = 0, ids: frozenset[str] = frozenset({"a", "b"})):
    rng = np.random.default_rng(seed)
    u = rng.normal(size=(8, rank)).astype(np.float32)
    v = rng.normal(size=(8, rank)).astype(np.float32)
    return QueryAdapter(u, v, "e5-test", ids)


def test_the_adapted_vector_has_unit_length_and_a_zero_map_changes_nothing():
    q = np.random.default_rng(1).normal(size=(3, 8)).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    moved = adapter().apply(q)
    assert np.allclose(np.linalg.norm(moved, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(moved, q, atol=1e-3)
    zero = QueryAdapter(
        np.zeros((8, 2), np.float32), np.zeros((8, 2), np.float32), "m", frozenset()
    )
    assert np.allclose(zero.apply(q), q, atol=1e-6)
    assert np.allclose(zero.apply(q[0]), q[0], atol=1e-6)  # one vector as well as rows


def test_saved_and_loaded_it_maps_the_same_within_float16(tmp_path: Path):
    a, path = adapter(), tmp_path / "adapter.npz"
    a.save(path)
    b = load_adapter("e5-test", path)
    assert b is not None
    assert b.chunk_ids == a.chunk_ids
    q = np.random.default_rng(2).normal(size=8).astype(np.float32)
    assert np.allclose(a.apply(q), b.apply(q), atol=2e-3)


def test_an_adapter_of_another_model_or_no_file_is_not_used(tmp_path: Path):
    path = tmp_path / "adapter.npz"
    assert load_adapter("e5-test", path) is None
    adapter().save(path)
    assert load_adapter("another-model", path) is None


def test_it_fits_only_an_index_whose_every_passage_it_was_fitted_on():
    a = adapter(ids=frozenset({"a", "b", "c"}))
    assert a.fits({"a", "b"})
    assert a.fits({"a", "b", "c"})
    assert not a.fits({"a", "d"})  # new material: plain cosines rank


def test_the_shipped_adapter_belongs_to_the_default_model():
    from ingest.embeddings.backends import E5_NAME

    shipped = load_adapter(E5_NAME, ADAPTER_FILE)
    assert shipped is not None
    assert shipped.u.shape == shipped.v.shape
    assert shipped.u.shape[0] == 384
    assert len(shipped.chunk_ids) > 100
