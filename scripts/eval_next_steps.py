"""Next steps of the readiness check against the labelled table of the 29 checklist questions.

The table is tests/data/checklist_next_steps.jsonl.

For each of the 29 checklist questions the table names the guide bullet(s) that belong to it
and the course sections that teach its topic (written from reading the course, see
tests/data/README.md). This script reports

- guide advice: how many questions quote a right bullet first, and quote precision;
- course sections: precision and recall of the cited sections;

at the default weights (in-sample) and with 5-fold cross-validation grouped by checklist
section (the questions of one section, e.g. "Kosten-Nutzen-Analyse", are never split between
training and test folds), where the weights, floor and cap are chosen on four folds and
counted on the fifth by the rule that chose the defaults: the best recall at precision >= 0.8
(the best precision when no grid point reaches 0.8).

    .venv/bin/python scripts/eval_next_steps.py [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.checklist.actions import GuideActionFinder  # noqa: E402
from tutor.checklist.advice import AdviceWeights, GuideAdvisor  # noqa: E402
from tutor.checklist.course import CourseWeights, SectionSignals  # noqa: E402
from tutor.checklist.lexical import RootVocabulary  # noqa: E402

TABLE = ROOT / "tests" / "data" / "checklist_next_steps.jsonl"
FOLDS = 5


def load_table(path: Path = TABLE) -> dict[int, dict[str, Any]]:
    """Question number → {"guide": [bullet labels], "course": ["module.section", …]}."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {int(r["question_no"]): r for r in rows}


def folds(numbers: Sequence[int], groups: Sequence[str]) -> list[list[int]]:
    """Deterministic folds of whole groups (checklist sections): every FOLDS-th group in
    checklist order."""
    order = list(dict.fromkeys(groups))
    return [
        [n for n, g in zip(numbers, groups, strict=True) if order.index(g) % FOLDS == k]
        for k in range(FOLDS)
    ]


def cross_validate(
    configs: Sequence[Any],
    numbers: Sequence[int],
    groups: Sequence[str],
    counts: Callable[[Any, Sequence[int]], tuple[float, ...]],
    objective: Callable[[tuple[float, ...]], float],
) -> tuple[tuple[float, ...], list[Any]]:
    """Sum of the held-out counts when each fold's config is chosen on the other folds."""
    total: tuple[float, ...] | None = None
    chosen = []
    for held in folds(numbers, groups):
        train = [n for n in numbers if n not in held]
        best = max(configs, key=lambda c: objective(counts(c, train)))
        chosen.append(best)
        got = counts(best, held)
        total = got if total is None else tuple(a + b for a, b in zip(total, got, strict=True))
    assert total is not None
    return total, chosen


# -- guide advice -------------------------------------------------------------------------
def _matches(label: str, wanted: Sequence[str]) -> bool:
    return any(label.startswith(w) or w.startswith(label) for w in wanted)


def advice_counts(
    advisor: GuideAdvisor, parts: Any, items: Sequence[Any], table: dict[int, Any]
) -> Callable[[AdviceWeights, Sequence[int]], tuple[float, ...]]:
    """(questions whose first quote is right, right quotes, wrong quotes) for a weight set."""
    cache: dict[AdviceWeights, dict[int, list[str]]] = {}

    def counts(weights: AdviceWeights, numbers: Sequence[int]) -> tuple[float, ...]:
        if weights not in cache:
            advisor.weights = weights
            chosen = advisor.assign(items, parts)
            cache[weights] = {no: [q.label for q in a.quotes] for no, a in chosen.items()}
        first = right = wrong = 0
        for no in numbers:
            labels, wanted = cache[weights][no], table[no]["guide"]
            ok = [_matches(label, wanted) for label in labels]
            first += bool(ok and ok[0])
            right += sum(ok)
            wrong += len(ok) - sum(ok)
        return first, right, wrong

    return counts


def advice_grid() -> list[AdviceWeights]:
    return [
        AdviceWeights(lexical=lx, scope=sc, second_margin=m)
        for lx, sc, m in itertools.product(
            (0.15, 0.3, 0.45, 0.6, 0.8), (0.0, 0.1, 0.2, 0.3, 0.4), (0.1, 0.15, 0.3)
        )
    ]


# -- course sections ----------------------------------------------------------------------
def course_counts(
    finder: GuideActionFinder, signals: dict[int, SectionSignals], table: dict[int, Any]
) -> Callable[[CourseWeights, Sequence[int]], tuple[float, ...]]:
    """(true positives, false positives, false negatives) of the cited sections.

    The checklist prior is computed over all 29 questions in every fold: it uses the questions'
    scores only, never the labels, so it is part of the input and not of the fit."""
    matcher = finder.matcher()
    keys = [f"{s.module}.{s.number}" for s in matcher.sections]
    order = sorted(signals)
    cache: dict[CourseWeights, Any] = {}

    def counts(weights: CourseWeights, numbers: Sequence[int]) -> tuple[float, ...]:
        key = replace(weights, floor=0.0, cap=0)
        if key not in cache:
            cache[key] = matcher.score_matrix([signals[n] for n in order], weights)
        tp = fp = fn = 0
        for no in numbers:
            row = cache[key][order.index(no)]
            cited = {keys[i] for i in matcher.select(row, weights)}
            wanted = set(table[no]["course"])
            tp += len(cited & wanted)
            fp += len(cited - wanted)
            fn += len(wanted - cited)
        return tp, fp, fn

    return counts


def precision_recall(counts: tuple[float, ...]) -> tuple[float, float]:
    tp, fp, fn = counts
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def course_objective(counts: tuple[float, ...]) -> float:
    """Precision first (a wrong section costs trust): the best recall at precision >= 0.8,
    ties to the higher precision; below 0.8 only precision counts."""
    p, r = precision_recall(counts)
    return 1 + r + 0.01 * p if p >= 0.8 else p


def course_grid(base: CourseWeights) -> list[CourseWeights]:
    return [
        replace(
            base,
            bm25=b,
            concept=c,
            sentence=st,
            context=cx,
            module=md,
            prior=pr,
            retrieval=rt,
            floor=f,
            cap=cap,
        )
        for b, c, st, cx, md, pr, rt, f, cap in itertools.product(
            (0.5, 1.0),
            (0.0, 0.5),
            (0.5, 1.0),
            (0.0, 0.25, 0.5),
            (0.0, 0.25, 0.5, 0.75),
            (0.25, 0.5, 0.75, 1.0),
            (0.0, 0.25, 0.5, 0.75),  # 0: without the hybrid retriever (round 3)
            (1.75, 2.0, 2.25, 2.5, 2.75, 3.0),
            (3, 4),
        )
    ]


def evaluate() -> dict[str, Any]:
    """All figures as a dict (see the module docstring)."""
    from tutor.container import Container
    from tutor.settings import Settings

    container = Container(Settings())
    finder = container.checklist._actions
    assert isinstance(finder, GuideActionFinder)
    table = load_table()
    items = finder.items
    numbers = [it.no for it in items]
    groups = [it.section for it in items]
    advisor = GuideAdvisor(
        finder.outline,
        container.embedder.embed_queries,
        container.embedder.embed_passages,
        RootVocabulary(p.text for p in finder.outline.points),
    )
    parts = advisor.parts(items)
    a_counts = advice_counts(advisor, parts, items, table)
    a_default = a_counts(AdviceWeights(), numbers)
    a_cv, a_chosen = cross_validate(
        advice_grid(), numbers, groups, a_counts, lambda c: 2 * c[0] + c[1] - 2 * c[2]
    )
    advice = finder.advice()
    matcher = finder.matcher()
    signals = {it.no: matcher.signals(*finder.course_query(it, advice.get(it.no))) for it in items}
    c_counts = course_counts(finder, signals, table)
    c_default = c_counts(CourseWeights(), numbers)
    c_cv, c_chosen = cross_validate(
        course_grid(CourseWeights()), numbers, groups, c_counts, course_objective
    )
    return {
        "questions": len(numbers),
        "gold_sections": sum(len(table[n]["course"]) for n in numbers),
        "advice_default": {
            "first_right": a_default[0],
            "right": a_default[1],
            "wrong": a_default[2],
        },
        "advice_cv": {"first_right": a_cv[0], "right": a_cv[1], "wrong": a_cv[2]},
        "advice_cv_weights": [str(w) for w in a_chosen],
        "course_default": dict(
            zip(("precision", "recall"), precision_recall(c_default), strict=True)
        ),
        "course_default_counts": c_default,
        "course_cv": dict(zip(("precision", "recall"), precision_recall(c_cv), strict=True)),
        "course_cv_counts": c_cv,
        "course_cv_weights": [str(w) for w in c_chosen],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        return 0
    n = result["questions"]
    ad, acv = result["advice_default"], result["advice_cv"]
    print(
        f"Guide advice, first quote right: {ad['first_right']}/{n} (default weights), "
        f"{acv['first_right']}/{n} (5-fold CV); quotes right/wrong {ad['right']}/{ad['wrong']} "
        f"(default), {acv['right']}/{acv['wrong']} (CV)"
    )
    cd, ccv = result["course_default"], result["course_cv"]
    print(
        f"Course sections ({result['gold_sections']} labelled): precision {cd['precision']:.2f}, "
        f"recall {cd['recall']:.2f} (default weights); precision {ccv['precision']:.2f}, "
        f"recall {ccv['recall']:.2f} (5-fold CV grouped by checklist section)"
    )
    for w in result["course_cv_weights"]:
        print("  CV fold choice:", w)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
