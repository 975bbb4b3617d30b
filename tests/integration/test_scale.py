"""The scale benchmark at a small scale, checked for correctness (never for timing)."""

from __future__ import annotations

import pytest

from ingest.index import Manifest, current_generation
from tests.bench_scripts import load_script
from tests.conftest import ROOT
from tutor.evaluation import load_questions, span_in

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCALE = 5
QUESTIONS = ROOT / "tests/data/dev_questions.jsonl"
# gold hit@5 the scaled corpus may lose against the plain one on the same questions: shuffled
# copies of a section crowd the top 5, and spans across paragraphs break in the copies
# (measured, question alone: 1× 0.842 → 10× 0.724 on the dev set of 2026-11; 1× 0.741 → 5×
# 0.635 on the dev set of 2026-12-07, which has more everyday and English questions)
MAX_LOSS = 0.12


def plain_hit_at_5(container) -> float:  # type: ignore[no-untyped-def]
    """Gold hit@5 of the questions alone over the plain (1×) corpus index, ranked without the
    query adapter: the scaled index holds passages the adapter was not fitted on, so it ranks
    with plain e5 (tutor/retrieval/adapter.py), and the two are compared like for like."""
    answerable = [q for q in load_questions(QUESTIONS) if q.gold_spans]
    found = 0
    retriever, shipped = container.retriever, container.retriever.adapter
    retriever.adapter = None
    try:
        for q in answerable:
            texts = [h.chunk.text for h in retriever.retrieve(q.question, k=5).hits]
            found += any(span_in(s, t) for s in q.gold_spans for t in texts)
    finally:
        retriever.adapter = shipped
    return found / len(answerable)


def test_scaled_corpus_is_indexed_completely_and_gold_passages_still_found(tmp_path, container):
    bench = load_script("bench_scale")
    result = bench.run(SCALE, tmp_path / "scale", QUESTIONS)
    documents = len(list((ROOT / "corpus").glob("*.txt"))) * SCALE
    assert result["documents"] == documents
    ingest, retrieval = result["ingest"], result["retrieval"]
    assert ingest["errors"] == []
    assert ingest["files"] == documents
    generation = current_generation(tmp_path / "scale" / "store")
    assert generation is not None
    manifest = Manifest.load(generation)
    ids = [i for f in manifest.files.values() for i in f["chunk_ids"]]
    assert len(ids) == len(set(ids)) == ingest["chunks_added"]  # distinct texts, nothing lost
    assert retrieval["chunks_in_index"] == len(ids)  # every chunk is in Chroma
    assert retrieval["sentence_vectors"] >= len(ids)
    assert retrieval["gold_hit_at_5"] >= plain_hit_at_5(container) - MAX_LOSS
