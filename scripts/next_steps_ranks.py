"""Where the labelled course sections rank for each checklist question, at the default weights.

``scripts/eval_next_steps.py`` counts what the next steps cite; this script shows why recall
stops where it does: for every question the cited sections (✓ labelled, ✗ not), the labelled
sections it misses with their rank among the 72 course sections, and for the whole table

- how many labelled sections rank 1st, within the top 2, 3, 4 and 5 (the ceiling of any floor
  with that cap),
- the share of the sections at rank k that are labelled (precision at rank k),
- the mean average precision of the labelled sections.

    .venv/bin/python scripts/next_steps_ranks.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_next_steps import load_table  # noqa: E402

from tutor.checklist.actions import GuideActionFinder  # noqa: E402

DEPTHS = (1, 2, 3, 4, 5)


class QuestionRanks(NamedTuple):
    """One question: what is cited, and the rank (1 = best) of every labelled section (a
    NamedTuple, not a dataclass: tests load this script by path, outside ``sys.modules``)."""

    no: int
    text: str
    cited: list[str]
    ranks: dict[str, int]
    top: list[str]  # the five best sections, labelled or not


def question_ranks(finder: GuideActionFinder, table: dict[int, Any]) -> list[QuestionRanks]:
    """Scores of all 29 questions at the matcher's default weights, with the labelled ranks."""
    matcher = finder.matcher()
    advice = finder.advice()
    keys = [f"{s.module}.{s.number}" for s in matcher.sections]
    signals = [matcher.signals(*finder.course_query(it, advice.get(it.no))) for it in finder.items]
    matrix = matcher.score_matrix(signals)
    out = []
    for item, row in zip(finder.items, matrix, strict=True):
        order = [keys[i] for i in np.argsort(-row, kind="stable")]
        out.append(
            QuestionRanks(
                no=item.no,
                text=item.text,
                cited=[keys[i] for i in matcher.select(row)],
                ranks={k: order.index(k) + 1 for k in table[item.no]["course"]},
                top=order[: max(DEPTHS)],
            )
        )
    return out


def summary(rows: list[QuestionRanks]) -> dict[str, Any]:
    """Labelled sections within the top k, precision at rank k, mean average precision."""
    labelled = sum(len(r.ranks) for r in rows)
    within = {k: sum(rank <= k for r in rows for rank in r.ranks.values()) for k in DEPTHS}
    at_rank = {k: sum(k in r.ranks.values() for r in rows) / len(rows) for k in DEPTHS}
    ap = [
        float(np.mean([(i + 1) / rank for i, rank in enumerate(sorted(r.ranks.values()))]))
        for r in rows
    ]
    return {
        "labelled": labelled,
        "within_top": within,
        "precision_at_rank": at_rank,
        "mean_average_precision": float(np.mean(ap)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from tutor.container import Container
    from tutor.settings import Settings

    finder = Container(Settings()).checklist._actions
    assert isinstance(finder, GuideActionFinder)
    rows = question_ranks(finder, load_table())
    result = summary(rows)
    if args.json:
        print(json.dumps({"questions": [r._asdict() for r in rows], **result}, indent=2))
        return 0
    for r in rows:
        cited = " ".join(f"{k}{'✓' if k in r.ranks else '✗'}" for k in r.cited) or "—"
        missed = " ".join(f"{k}@{rank}" for k, rank in r.ranks.items() if k not in r.cited)
        print(f"{r.no:>2}. {r.text[:60]:<60} cited {cited:<20} missed {missed or '—'}")
    n = result["labelled"]
    print(
        "Labelled sections within the top k: "
        + ", ".join(f"{k}: {v}/{n}" for k, v in result["within_top"].items())
    )
    print(
        "Labelled share at rank k: "
        + ", ".join(f"{k}: {v:.2f}" for k, v in result["precision_at_rank"].items())
    )
    print(f"Mean average precision: {result['mean_average_precision']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
