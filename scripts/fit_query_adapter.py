"""Fit the query adapter of :mod:`tutor.retrieval.adapter` on the answerable dev questions.

Training pairs: every answerable dev question (a follow-up with its earlier turns in front)
and the passages holding its gold spans. Loss: softmax over all passages of the corpus, once
on the chunk cosine and once on the best sentence cosine (temperature ``TAU``), plus a ridge
penalty on ``U·Vᵀ`` (the adapter stays near the identity). Held-out sets are never read.

    .venv/bin/python scripts/fit_query_adapter.py              # fit on all dev, write the file
    .venv/bin/python scripts/fit_query_adapter.py --cv block   # 5-fold CV, full tutor eval
    .venv/bin/python scripts/fit_query_adapter.py --cv section --rank 64 --ridge 0.1

``--cv block`` holds out whole writing batches (25 consecutive ids: one writer, one sitting),
the case of new questions by a new writer; ``--cv section`` holds out whole gold sections, the
case of material the adapter never saw. Each question is answered with the adapter of the fold
that did not train on it; the same run without an adapter is printed first.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.cli.evaluate import composed_system  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import Question, evaluate, load_questions, span_in  # noqa: E402
from tutor.retrieval.adapter import ADAPTER_FILE, QueryAdapter  # noqa: E402
from tutor.retrieval.corpus import CorpusSnapshot  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

DEV = Path("tests/data/dev_questions.jsonl")
FOLDS, BATCH = 5, 25
RANK, RIDGE, TAU, STEPS, MIX = 32, 0.01, 0.03, 300, 0.7


def training_pairs(
    container: Container, questions: list[Question]
) -> tuple[np.ndarray, list[list[int]]]:
    """Query vectors of the questions (as retrieval embeds them) and their gold passages."""
    snap = container.corpus.snapshot()
    texts = [" ".join([*q.previous, q.question]) for q in questions]
    vectors = np.asarray(container.embedder.embed_queries(texts), dtype=np.float32)
    gold = [
        [i for i, c in enumerate(snap.chunks) if any(span_in(s, c.text) for s in q.gold_spans)]
        for q in questions
    ]
    return vectors, gold


def fit(
    snap: CorpusSnapshot,
    vectors: np.ndarray,
    gold: list[list[int]],
    model: str,
    rank: int,
    ridge: float,
    seed: int = 0,
) -> QueryAdapter:
    """Adam on the two softmax losses and the ridge penalty (deterministic for a seed)."""
    torch.manual_seed(seed)
    keep = [k for k, g in enumerate(gold) if g]
    q0 = torch.tensor(vectors[keep])
    chunks, sents = torch.tensor(snap.chunk_vectors), torch.tensor(snap.sent_vectors)
    owner = torch.tensor(snap.sent_owner).expand(len(keep), -1)
    is_gold = torch.zeros(len(keep), len(snap.chunks), dtype=torch.bool)
    for row, k in enumerate(keep):
        is_gold[row, gold[k]] = True
    dim = vectors.shape[1]
    u = torch.zeros(dim, rank, requires_grad=True)
    v = (torch.randn(dim, rank) * 0.01).requires_grad_()
    opt = torch.optim.Adam([u, v], lr=0.01)

    def nll(scores: torch.Tensor) -> torch.Tensor:
        logits = scores / TAU
        gold_mass = torch.logsumexp(logits.masked_fill(~is_gold, -1e9), 1)
        return -(gold_mass - torch.logsumexp(logits, 1)).mean()

    for _ in range(STEPS):
        q = q0 + (q0 @ u) @ v.T
        q = q / q.norm(dim=1, keepdim=True)
        best = torch.full((len(keep), len(snap.chunks)), -1.0)
        best = best.scatter_reduce(1, owner, q @ sents.T, "amax")
        loss = nll(q @ chunks.T) + nll(best) + ridge * ((u @ v.T) ** 2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return QueryAdapter(u.detach().numpy(), v.detach().numpy(), model, frozenset(snap.by_id))


def group_of(
    questions: list[Question], gold: list[list[int]], snap: CorpusSnapshot, how: str
) -> Callable[[Question], str]:
    """Question → its CV group: writing batch (``block``) or gold section (``section``)."""
    if how == "block":
        return lambda q: str(int(q.id.split("-")[1]) // BATCH)
    section = {
        q.id: snap.chunks[g[0]].section or snap.chunks[g[0]].chunk_id
        for q, g in zip(questions, gold, strict=True)
        if g
    }
    return lambda q: section.get(q.id, q.id)


def cross_validate(container: Container, how: str, rank: int, ridge: float, mix: float) -> None:
    """Full ``tutor eval`` on dev, without an adapter and with out-of-fold adapters."""
    snap = container.corpus.snapshot()
    questions = load_questions(DEV)
    answerable = [q for q in questions if q.answerable]
    vectors, gold = training_pairs(container, answerable)
    group = group_of(answerable, gold, snap, how)
    names = sorted({group(q) for q in questions})
    random.Random(0).shuffle(names)
    fold = {name: k % FOLDS for k, name in enumerate(names)}
    adapters = []
    for f in range(FOLDS):
        train = [k for k, q in enumerate(answerable) if fold[group(q)] != f]
        fitted = fit(
            snap, vectors[train], [gold[k] for k in train], container.embedder.name, rank, ridge
        )
        adapters.append(dataclasses.replace(fitted, mix=mix))
    run = composed_system(container)
    retriever = container.retriever

    def adapted(q: Question) -> object:
        retriever.adapter = adapters[fold[group(q)]]
        return run(q)

    def plain(q: Question) -> object:
        retriever.adapter = None
        return run(q)

    plain(questions[0])
    for label, system in (("without adapter", plain), (f"CV by {how}", adapted)):
        report = evaluate(questions, system)  # type: ignore[arg-type]
        a = report["answerable"]
        print(
            f"{label:<16} hit@1 {a['hit@1']} hit@5 {a['hit@5']} MRR {a['mrr']} facts {a['facts']}"
            f" (top 2 {a['facts_top2']}) lead {a['lead']} partial {a['partial']}"
            f" unans. {report['unanswerable_not_full']} follow-ups {report['followup_resolved']}"
        )
        for kind, k in report["kinds"].items():
            if "mrr" in k:
                print(f"    {kind:<12} MRR {k['mrr']} facts {k['facts']} lead {k['lead']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", choices=("block", "section"))
    parser.add_argument("--rank", type=int, default=RANK)
    parser.add_argument("--ridge", type=float, default=RIDGE)
    parser.add_argument("--mix", type=float, default=MIX, help="share of the adapted cosines")
    args = parser.parse_args()
    container = Container(load_settings().model_copy(update={"query_adapter": False}))
    if args.cv:
        cross_validate(container, args.cv, args.rank, args.ridge, args.mix)
        return 0
    questions = [q for q in load_questions(DEV) if q.answerable]
    vectors, gold = training_pairs(container, questions)
    snap = container.corpus.snapshot()
    adapter = fit(snap, vectors, gold, container.embedder.name, args.rank, args.ridge)
    adapter = dataclasses.replace(adapter, mix=args.mix)
    adapter.save(ADAPTER_FILE)
    print(
        f"{ADAPTER_FILE}: rank {args.rank}, ridge {args.ridge}, mix {args.mix}, "
        f"{len(questions)} questions"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
