"""Calibrate the quiz's e5 thresholds on labelled pairs and write tutor/quiz/calibration.json.

* ``grading_part`` / ``grading_paraphrase``: the free-text grader (tutor/quiz/grading.py) on
  ``tests/data/quiz_grading_pairs.jsonl`` (key, answer, accept?). Objective: no wrong answer
  accepted, then as many right ones as possible.
* ``distractor_paraphrase``: the distractor check (tutor/quiz/truth.py, ``overlaps``) on
  ``tests/data/quiz_distractor_pairs.jsonl`` (right answer, candidate option, overlap?);
  ``distractor_stated``: ``states`` on ``tests/data/quiz_stated_pairs.jsonl`` (a sentence of
  the material, a claim, does the sentence state it?). Objective: few overlapping options or
  stated claims let through, then few safe options refused (see :func:`fit`).

Thresholds are chosen on a grid; the CV figure is 5-fold cross-validation (fit on four folds,
score the fifth, seeded split). The final values are fitted on all pairs.

    .venv/bin/python scripts/calibrate_quiz.py [--write]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.container import Container  # noqa: E402
from tutor.quiz.models import QuizItem, SourceRef  # noqa: E402
from tutor.quiz.semantic import CALIBRATION  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

GRID = [round(0.84 + 0.005 * i, 3) for i in range(31)]  # 0.84 … 0.99
FOLDS = 5
Pair = tuple[str, str]
FATAL_WEIGHT = 1000  # grading: a wrong answer accepted is never worth a right one more
MISS_WEIGHT = 1.5  # distractors: an overlap let through costs 1.5 refused safe options (a
# refused option costs plausibility, and too many refusals leave a set short)


def rows(name: str) -> list[dict]:
    path = ROOT / "tests" / "data" / name
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def cloze(key: str) -> QuizItem:
    ref = SourceRef(chunk_id="c", source="s", title="t", quote=key)
    return QuizItem(
        type="cloze",
        kind="definition",
        form="begriff",
        question="?",
        answer=key,
        fact=key,
        source=ref,
    )


def fit(
    pairs: list[tuple[Pair, bool]], decide: Callable[[Pair, float], bool], bad_label: bool
) -> float:
    """Threshold with the lowest cost on ``pairs``: an error on the side that must not
    happen counts :data:`FATAL_WEIGHT` times (a wrong answer accepted by the grader: never; an
    overlapping option let through as a distractor: 1.5 times a safe option refused, since a
    refused option only costs plausibility). Ties: the strictest threshold (highest for
    grading, lowest for distractors)."""
    weight = FATAL_WEIGHT if not bad_label else MISS_WEIGHT
    best, best_cost = GRID[-1], float("inf")
    for t in reversed(GRID) if not bad_label else GRID:
        outcomes = [(decide(x, t), label) for x, label in pairs]
        fatal = sum(1 for got, label in outcomes if label == bad_label and got != label)
        other = sum(1 for got, label in outcomes if got != label) - fatal
        cost = weight * fatal + other
        if cost < best_cost:
            best, best_cost = t, cost
    return best


def cross_validate(
    pairs: list[tuple[Pair, bool]], decide: Callable[[Pair, float], bool], bad_label: bool
) -> tuple[float, float, float]:
    """(value fitted on all, mean held-out accuracy, held-out rate of the fatal error)."""
    order = list(range(len(pairs)))
    random.Random(7).shuffle(order)
    accs, fatal = [], []
    for k in range(FOLDS):
        test = [pairs[i] for i in order[k::FOLDS]]
        train = [pairs[i] for i in order if i not in set(order[k::FOLDS])]
        t = fit(train, decide, bad_label)
        got = [(decide(x, t), label) for x, label in test]
        accs.append(sum(g == lab for g, lab in got) / len(got))
        bad = [g for g, lab in got if lab == bad_label]
        fatal.append(sum(1 for g in bad if g != bad_label) / max(len(bad), 1))
    return fit(pairs, decide, bad_label), sum(accs) / FOLDS, sum(fatal) / FOLDS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="calibration.json schreiben")
    args = parser.parse_args()
    gen = Container(load_settings()).quiz()
    grader, truth = gen.grader, gen.truth
    data = json.loads(CALIBRATION.read_text(encoding="utf-8"))

    graded = [
        ((r["key"], r["answer"]), bool(r["accept"])) for r in rows("quiz_grading_pairs.jsonl")
    ]

    def grade_with(attr: str) -> Callable[[Pair, float], bool]:
        def decide(x: Pair, t: float) -> bool:
            key, answer = x
            setattr(grader, attr, t)
            return grader.grade(cloze(key), answer).correct

        return decide

    grader.use_glossary = False  # calibrate the e5 paths on their own, without the glossary
    for attr, name in (("t_part", "grading_part"), ("t_para", "grading_paraphrase")):
        value, acc, fa = cross_validate(graded, grade_with(attr), bad_label=False)
        setattr(grader, attr, value)
        data[name] = {
            "value": value,
            "pairs": len(graded),
            "cv_accuracy": round(acc, 3),
            "cv_false_accept": round(fa, 3),
            "note": "5-fold CV on tests/data/quiz_grading_pairs.jsonl (dev), grader "
            "without its glossary (the e5 paths on their own)",
        }
        print(f"{name}: {value} · CV accuracy {acc:.3f} · CV wrong answers accepted {fa:.3f}")

    labelled = [
        ((r["right"], r["option"]), bool(r["overlap"])) for r in rows("quiz_distractor_pairs.jsonl")
    ]

    def overlap_with(attr: str) -> Callable[[Pair, float], bool]:
        def decide(x: Pair, t: float) -> bool:
            right, option = x
            setattr(truth, attr, t)
            if attr == "t_para":
                return truth.overlaps(option, right)
            return truth.states(right, option)

        return decide

    stated = [
        ((r["sentence"], r["claim"]), bool(r["stated"])) for r in rows("quiz_stated_pairs.jsonl")
    ]
    for attr, name, pairs in (
        ("t_para", "distractor_paraphrase", labelled),
        ("t_stated", "distractor_stated", stated),
    ):
        value, acc, miss = cross_validate(pairs, overlap_with(attr), bad_label=True)
        setattr(truth, attr, value)
        source = "quiz_distractor_pairs" if pairs is labelled else "quiz_stated_pairs"
        data[name] = {
            "value": value,
            "pairs": len(pairs),
            "cv_accuracy": round(acc, 3),
            "cv_false_accept": round(miss, 3),
            "note": f"5-fold CV on tests/data/{source}.jsonl (dev); "
            "cv_false_accept = overlaps / stated claims let through",
        }
        print(f"{name}: {value} · CV accuracy {acc:.3f} · CV overlaps let through {miss:.3f}")

    for (right, option), label in labelled:
        if label and not overlap_with("t_para")((right, option), truth.t_para):
            print(f"  durchgelassen: {option!r} neben {right!r}")
    grader.use_glossary = True
    full = sum(grade_with("t_para")(x, grader.t_para) == lab for x, lab in graded)
    print(f"grading with glossary: {full}/{len(graded)} pairs right")
    for (key, answer), label in graded:
        if label != grade_with("t_para")((key, answer), grader.t_para):
            print(f"  falsch bewertet: {answer!r} für {key!r} (erwartet {label})")
    if args.write:
        CALIBRATION.write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"geschrieben: {CALIBRATION}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
