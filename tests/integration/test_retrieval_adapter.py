"""The query adapter on the real index: it ranks better on questions it was not fitted on,
it never changes what coverage and answer selection read, and it steps aside on new material.

The check set (tests/data/adapter_check_questions.jsonl, 40 questions) was written blind from
the corpus by a helper who never ran the tutor; no dev question is in it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.evaluation import first_hit_rank, load_questions
from tutor.retrieval.adapter import QueryAdapter

pytestmark = pytest.mark.integration

CHECK = Path(__file__).resolve().parents[1] / "data" / "adapter_check_questions.jsonl"
QUESTIONS = (
    "Wie merke ich, ob sich eine KI-Anschaffung für meinen Betrieb rechnet?",
    "Was muss ich beim Datenschutz beachten, wenn ich einen Chatbot einsetze?",
    "How can a small shop use AI for its marketing?",
)


@pytest.fixture
def retriever(container) -> Iterator:
    shipped = container.retriever.adapter
    assert shipped is not None, "the shipped adapter must fit the corpus index"
    yield container.retriever
    container.retriever.adapter = shipped


def ranks(container, retriever, adapter: QueryAdapter | None) -> list[int | None]:
    retriever.adapter = adapter
    out = []
    for q in load_questions(CHECK):
        _, retrieval = container.answers.retrieve(q.question, [], k=10)
        out.append(first_hit_rank(q, [h.chunk.text for h in retrieval.hits]))
    return out


def test_it_ranks_the_answering_passage_higher_on_questions_it_never_saw(container, retriever):
    shipped = retriever.adapter
    plain, adapted = ranks(container, retriever, None), ranks(container, retriever, shipped)

    def mrr(rs: list[int | None]) -> float:
        return sum(1 / r for r in rs if r) / len(rs)

    def hit5(rs: list[int | None]) -> float:
        return sum(1 for r in rs if r and r <= 5) / len(rs)

    assert mrr(adapted) >= mrr(plain) + 0.05, (mrr(plain), mrr(adapted))
    assert hit5(adapted) >= hit5(plain)


def test_coverage_and_answer_cosines_are_those_of_the_plain_question(container, retriever):
    shipped = retriever.adapter
    for question in QUESTIONS:
        retriever.adapter = None
        plain = retriever.retrieve(question, k=10)
        retriever.adapter = shipped
        adapted = retriever.retrieve(question, k=10)
        assert adapted.top_dense == plain.top_dense
        assert adapted.top_sentence == plain.top_sentence
        assert adapted.unknown_share == plain.unknown_share
        assert (adapted.query_vector == plain.query_vector).all()
        shared = adapted.sentence_cos.keys() & plain.sentence_cos.keys()
        assert shared
        assert all(adapted.sentence_cos[k] == plain.sentence_cos[k] for k in shared)


def test_an_index_with_a_passage_it_was_not_fitted_on_is_ranked_by_plain_cosines(
    container, retriever
):
    snap = container.corpus.snapshot()
    shipped = retriever.adapter
    missing_one = dataclasses.replace(
        shipped, chunk_ids=shipped.chunk_ids - {snap.chunks[0].chunk_id}
    )
    for question in QUESTIONS:
        retriever.adapter = None
        plain = [h.chunk.chunk_id for h in retriever.retrieve(question, k=10).hits]
        retriever.adapter = missing_one
        assert [h.chunk.chunk_id for h in retriever.retrieve(question, k=10).hits] == plain
    retriever.adapter = shipped
    changed = 0
    for question in QUESTIONS:
        retriever.adapter = None
        plain = [h.chunk.chunk_id for h in retriever.retrieve(question, k=10).hits]
        retriever.adapter = shipped
        changed += [h.chunk.chunk_id for h in retriever.retrieve(question, k=10).hits] != plain
    assert changed  # the fitted adapter does move rankings (the fallback above is not vacuous)
