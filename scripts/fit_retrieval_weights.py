"""Fit one retrieval weight by 5-fold cross-validation on dev (issue 21, branch retr3).

For every answerable dev question (all kinds, follow-ups with their earlier turns) the rank of
the first passage holding a gold span is measured for each value on the grid, the other weights
as shipped; each fold picks the value with the best MRR on the other four folds and is scored
with it. Printed: the figures per value on all of dev, the value each fold chose and the
cross-validated MRR and hit@2 against the first grid value. Held-out sets are never read.

    .venv/bin/python scripts/fit_retrieval_weights.py questionnaire_penalty 0 0.25 0.5 1 2 3
    .venv/bin/python scripts/fit_retrieval_weights.py introduction_weight 0 0.25 0.5 0.75 1
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.container import Container  # noqa: E402
from tutor.evaluation import first_hit_rank, load_questions  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

DEV = Path("tests/data/dev_questions.jsonl")
FOLDS = 5


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


def main() -> None:
    field, grid = sys.argv[1], tuple(float(v) for v in sys.argv[2:])
    container = Container(load_settings())
    table = {p: ranks(container, field, p) for p in grid}
    ids = sorted(table[grid[0]])
    for p in grid:
        rs = [table[p][i] for i in ids]
        print(f"{field} {p:4.2f}: MRR {mrr(rs):.3f}  hit@2 {hit2(rs):.3f}")
    held: list[int | None] = []
    for fold in range(FOLDS):
        test = {i for n, i in enumerate(ids) if n % FOLDS == fold}
        train = [i for i in ids if i not in test]
        best = max(grid, key=lambda p: (round(mrr([table[p][i] for i in train]), 4), -p))
        print(f"fold {fold}: {field} {best}")
        held += [table[best][i] for i in sorted(test)]
    base = [table[grid[0]][i] for i in ids]
    print(
        f"CV MRR {mrr(held):.3f} ({field} {grid[0]}: {mrr(base):.3f}); "
        f"CV hit@2 {hit2(held):.3f} ({field} {grid[0]}: {hit2(base):.3f})"
    )


if __name__ == "__main__":
    main()
