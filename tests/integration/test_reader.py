"""The reader (e5-small with fitted LoRA updates, read as one sequence with the question) that
votes on an answer's lead: its ONNX graph computes the fitted model, its vote moves only the
units it read, it is not asked when the composer's best unit is clearly ahead, and the tutor
works without it (real e5, real Chroma, the shipped weights)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import model_cache_dir

pytestmark = pytest.mark.integration

QUESTION = "Muss ich Kunden sagen, dass sie mit einem Chatbot schreiben?"
TEXTS = [
    "Nutzer müssen erkennbar informiert werden, wenn sie mit KI interagieren.",
    "Chatbots gehören zu den bekanntesten Anwendungen von Künstlicher Intelligenz.",
    "Ein Sanitärbetrieb mit 15 Mitarbeitern führte auf seiner Website einen KI-Chatbot ein.",
]


def test_the_graph_computes_the_fitted_model():
    """Reference: the fp32 encoder in torch with ``W + B·A`` put in, mean pooling, the head."""
    import torch
    from transformers import AutoModel

    from ingest.embeddings.e5_convert import ensure_e5_model
    from ingest.embeddings.e5_onnx import ensure_e5_tokenizer
    from tutor.answer.reader import Reader, ensure_reader, pair_ids, reader_weights

    fitted = reader_weights()
    assert fitted is not None, "tutor/answer/data/reader.npz fehlt"
    tokenizer = ensure_e5_tokenizer(model_cache_dir())
    reader = Reader(ensure_reader(model_cache_dir(), fitted), tokenizer, fitted)
    got = reader.scores(QUESTION, TEXTS)

    model = AutoModel.from_pretrained(str(ensure_e5_model(model_cache_dir()))).eval()
    state = {k: v.numpy() for k, v in model.state_dict().items()}
    merged = fitted.merged(state)
    model.load_state_dict({**model.state_dict(), **{k: torch.tensor(v) for k, v in merged.items()}})
    rows = pair_ids(tokenizer, QUESTION, TEXTS, fitted.max_tokens)
    want = []
    with torch.no_grad():
        for row in rows:
            hidden = model(input_ids=torch.tensor([row])).last_hidden_state[0].numpy()
            want.append(hidden.mean(axis=0) @ fitted.head_w + fitted.head_b)
    assert np.abs(got - np.array(want)).max() < 1e-3
    assert len(set(np.round(got, 4))) == len(TEXTS)  # it tells the units apart


QUESTIONS = [
    QUESTION,
    "Wie kann KI im Kundenservice helfen?",
    "Was bringt KI einem kleinen Handwerksbetrieb?",
    "Welche Daten braucht man für KI?",
    "Wie fange ich mit KI an?",
    "Was kostet ein Chatbot?",
    "Welche Risiken hat KI?",
    "Was ist Predictive Maintenance?",
]


def _lists(container):
    """Per question: its candidates, the units the reader may read, and whether the
    composer's best two of those are closer than the gate (so it reads)."""
    from tutor.answer.reader import pool, same_kind
    from tutor.answer.service import ANSWER_DEPTH
    from tutor.answer.typed import typed_candidates

    reader = container.reader
    out = []
    for q in QUESTIONS:
        resolved, retrieval = container.answers.retrieve(q, None, k=ANSWER_DEPTH)
        cands, _ = typed_candidates(q, resolved, retrieval, None)
        read = same_kind(pool(q, cands, reader.fitted.read))
        base = np.array([c.score for c in read])
        close = len(read) > 1 and base[0] - base[1] < reader.fitted.gate * base.std()
        out.append((q, resolved, cands, read, close))
    return out


def test_the_vote_moves_only_the_units_it_read_and_keeps_their_mean(container):
    from tutor.answer.reader import reread

    reader = container.reader
    assert reader is not None
    lists = _lists(container)
    close = [x for x in lists if x[4]]
    assert close, "keine Frage, bei der das Lesemodell abstimmt"
    for q, resolved, cands, read, _ in close:
        ids = {id(c) for c in read}
        voted = reread(reader, q, resolved, cands)
        assert len(voted) == len(cands)
        before = [c.score for c in cands if id(c) in ids]
        after = [v.score for c, v in zip(cands, voted, strict=True) if id(c) in ids]
        assert before != after
        assert np.mean(after) == pytest.approx(np.mean(before))
        assert all(
            v.score == c.score for c, v in zip(cands, voted, strict=True) if id(c) not in ids
        )


def test_it_is_not_asked_when_the_composer_is_sure(container):
    from tutor.answer.reader import reread

    reader = container.reader
    sure = [x for x in _lists(container) if not x[4]]
    assert sure, "keine Frage, bei der die Regeln allein entscheiden"
    for q, resolved, cands, _, _ in sure:
        assert [c.score for c in reread(reader, q, resolved, cands)] == [c.score for c in cands]


def test_the_tutor_answers_without_the_reader(corpus_settings, embedder, tmp_path):
    from tutor.answer.reader import reader_weights, reread
    from tutor.container import Container

    off = Container(corpus_settings.model_copy(update={"reader": False}), embedder=embedder)
    assert off.reader is None
    answer = off.answers.ask(QUESTION)
    assert not answer.refused
    assert answer.citations
    assert reader_weights(tmp_path / "fehlt.npz") is None
    assert reread(None, QUESTION, QUESTION, []) == []
