"""Fit one retrieval weight by grouped 5-fold cross-validation on dev (issue 21, retr3, morph1).

For every answerable dev question (all kinds, follow-ups with their earlier turns) the rank of
the first passage holding a gold span is measured for each value on the grid, the other weights
as shipped; each fold picks the value with the best MRR on the other four folds and is scored
with it. Folds hold whole groups (source × module; the largest group goes to the smallest fold
first), so a fold is scored on material the fitted value never saw. Printed: the figures per
value on all of dev, the value each fold chose and the cross-validated MRR, hit@2 and hit@5
against the first grid value, also per kind. Held-out sets are never read.

    .venv/bin/python scripts/fit_retrieval_weights.py questionnaire_penalty 0 0.25 0.5 1 2 3
    .venv/bin/python scripts/fit_retrieval_weights.py introduction_weight 0 0.25 0.5 0.75 1
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.container import Container  # noqa: E402
from tutor.evaluation import first_hit_rank, load_questions  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

DEV = Path("tests/data/dev_questions.jsonl")
FOLDS = 5


def groups() -> dict[str, str]:
    """Question id → its group (source × module)."""
    out = {}
    for line in DEV.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[row["id"]] = f"{row.get('source')}:{row.get('module')}"
    return out


def folds(ids: list[str]) -> list[set[str]]:
    """Five folds of whole groups, balanced by size (largest group first, to the smallest fold)."""
    group = groups()
    members: dict[str, list[str]] = {}
    for i in ids:
        members.setdefault(group[i], []).append(i)
    out: list[set[str]] = [set() for _ in range(FOLDS)]
    for g in sorted(members, key=lambda g: (-len(members[g]), g)):
        min(out, key=len).update(members[g])
    return out


def memo_embeddings(container: Container) -> None:
    """Embed each query text once across the grid (the grid changes BM25 only)."""
    embedder = container.retriever.embedder
    plain = embedder.embed_queries
    cache: dict[str, Any] = {}

    def embed(texts: list[str]) -> Any:
        missing = [t for t in texts if t not in cache]
        if missing:
            cache.update(zip(missing, plain(missing), strict=True))
        return [cache[t] for t in texts]

    embedder.embed_queries = embed  # type: ignore[method-assign]


def ranks(container: Container, field: str, value: float) -> dict[str, int | None]:
    """Rank of the first gold passage in the top 10 per answerable dev question."""
    retriever = container.retriever
    changes: dict[str, Any] = {field: value}
    retriever.weights = dataclasses.replace(retriever.weights, **changes)
    out: dict[str, int | None] = {}
    for q in load_questions(DEV):
        if q.answerable:
            _, r = container.answers.retrieve(q.question, q.previous, k=10)
            out[q.id] = first_hit_rank(q, [h.chunk.text for h in r.hits])
    return out


def mrr(rs: list[int | None]) -> float:
    return sum(1 / r for r in rs if r) / max(1, len(rs))


def hit2(rs: list[int | None]) -> float:
    return sum(1 for r in rs if r and r <= 2) / max(1, len(rs))


def hit5(rs: list[int | None]) -> float:
    return sum(1 for r in rs if r and r <= 5) / max(1, len(rs))


def line(rs: list[int | None]) -> str:
    return f"MRR {mrr(rs):.3f}  hit@2 {hit2(rs):.3f}  hit@5 {hit5(rs):.3f}  (n {len(rs)})"


def main() -> None:
    field, grid = sys.argv[1], tuple(float(v) for v in sys.argv[2:])
    container = Container(load_settings())
    memo_embeddings(container)
    table = {p: ranks(container, field, p) for p in grid}
    ids = sorted(table[grid[0]])
    for p in grid:
        print(f"{field} {p:4.2f}: {line([table[p][i] for i in ids])}")
    chosen: dict[str, float] = {}
    for n, test in enumerate(folds(ids)):
        train = [i for i in ids if i not in test]
        best = max(grid, key=lambda p: (round(mrr([table[p][i] for i in train]), 4), -p))
        print(f"fold {n} ({len(test)} questions): {field} {best}")
        chosen.update({i: best for i in test})
    kinds = {q.id: q.kind for q in load_questions(DEV)}
    for kind in ["all", *sorted({kinds[i] for i in ids})]:
        sel = [i for i in ids if kind in ("all", kinds[i])]
        print(f"{kind:12s} CV   {line([table[chosen[i]][i] for i in sel])}")
        print(f"{kind:12s} {grid[0]:<4} {line([table[grid[0]][i] for i in sel])}")


if __name__ == "__main__":
    main()
