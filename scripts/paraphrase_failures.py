"""Why the gold passage of a dev paraphrase is not ranked first (issue 21, branch para4).

For every dev paraphrase whose first gold passage is not at rank 1 it compares the wrong
first passage with the best gold passage on the three fused signals (z-normalised BM25, chunk
cosine, best sentence cosine, weighted as shipped) and sorts the failure into one of:

- **lexical lure**: the BM25 difference outweighs the cosine difference, and most of the wrong
  passage's BM25 comes from words the gold passage lacks — either a word of the question
  (a story word, a trade, an everyday verb) or a course term the glossary added for one;
- **semantic pull**: the cosines favour the wrong passage (often a broader one: a module's
  introduction or recap, a general step such as the pilot project);
- **lexical, shared words**: BM25 decides, but on words both passages have;

each marked "[gold not in top 10]" where it is. Printed: one line per failure (its lure words
and the wrong passage's opening) and the count per category, then hit@1, hit@5 and MRR of all
paraphrases. Held-out sets are never read.

    .venv/bin/python scripts/paraphrase_failures.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.container import Container  # noqa: E402
from tutor.evaluation import first_hit_rank, load_questions, span_in  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

DEV = Path("tests/data/dev_questions.jsonl")


def _z(values: np.ndarray) -> np.ndarray:
    v = values.astype(np.float64)
    return (v - v.mean()) / (v.std() + 1e-9)


def main() -> None:
    container = Container(load_settings())
    retriever = container.retriever
    w = retriever.weights
    snap = container.corpus.snapshot()
    ranks: list[int | None] = []
    counts: Counter[str] = Counter()
    for q in load_questions(DEV):
        if q.kind != "paraphrase":
            continue
        _, found = container.answers.retrieve(q.question, q.previous, k=10)
        rank = first_hit_rank(q, [h.chunk.text for h in found.hits])
        ranks.append(rank)
        if rank == 1 or not found.hits:
            continue
        sig = retriever._signals(snap, q.question, None)
        zb, zd, zs = _z(sig.bm25), _z(sig.dense), _z(sig.sent_best)
        top = snap.by_id[found.hits[0].chunk.chunk_id]
        golds = [
            i for i, c in enumerate(snap.chunks) if any(span_in(s, c.text) for s in q.gold_spans)
        ]
        fused = w.cc_bm25 * zb + w.cc_dense * zd + w.cc_sentence * zs
        gold = max(golds, key=lambda i: fused[i]) if golds else top
        extra = sig.expansion.extra_tokens if sig.expansion else []
        words = list(dict.fromkeys(sig.tokens + extra))
        own = {t: float(snap.bm25_scores([t])[top]) for t in words}
        theirs = {t: float(snap.bm25_scores([t])[gold]) for t in words}
        lure = sorted((t for t in words if own[t] > 0 and theirs[t] == 0), key=lambda t: -own[t])
        share = sum(own[t] for t in lure) / (sum(own.values()) or 1.0)
        lexical = w.cc_bm25 * (zb[top] - zb[gold])
        semantic = w.cc_dense * (zd[top] - zd[gold]) + w.cc_sentence * (zs[top] - zs[gold])
        if lexical > semantic and share > 0.4:
            kind = "glossary term" if lure[0] in extra else "question word"
            category = f"lexical lure: {kind}"
        elif semantic >= lexical:
            category = "semantic pull"
        else:
            category = "lexical, shared words"
        if rank is None:
            category += " [gold not in top 10]"
        counts[category] += 1
        opening = snap.chunks[top].text[:50].replace("\n", " ")
        print(f"{q.id} rank {rank}: {category} | lure {lure[:4]} | first: {opening}")
    print()
    for category, n in counts.most_common():
        print(f"{n:3d}  {category}")
    n = len(ranks)
    hit1 = sum(1 for r in ranks if r == 1) / n
    hit5 = sum(1 for r in ranks if r and r <= 5) / n
    mrr = sum(1 / r for r in ranks if r) / n
    print(f"paraphrases {n}: hit@1 {hit1:.3f}  hit@5 {hit5:.3f}  MRR {mrr:.3f}")


if __name__ == "__main__":
    main()
