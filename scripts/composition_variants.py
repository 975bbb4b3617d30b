"""Composition variants on the whole dev set and on a fresh subset (issue 21, branch comp5).

Retrieval runs once per question; then every variant composes all answers again with the stored
weights and a changed :class:`tutor.answer.compose.Composition` (fields of
``answer_weights.json`` → ``composition``), so a variant costs about a minute. Printed per
variant: facts, lead, unanswerables not answered in full, answerable refused, follow-ups
resolved and median length on all dev questions and on the ids of ``--fresh`` (a JSONL of new
questions), and facts/lead per kind. Multi questions are answered by the multi-part composer
in the service, not here: their facts are lower than ``tutor eval`` reports and should be
ignored. Held-out and test sets are never read.

    .venv/bin/python scripts/composition_variants.py --fresh new.jsonl \
        --variant "fill off" fill=false --variant "keep 2" keep=2
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from answer_cv import Row, answer, load_dev, report  # noqa: E402

from tutor.answer.compose import Composition, composition  # noqa: E402
from tutor.answer.extractive import AnswerPolicy  # noqa: E402
from tutor.answer.features import weights  # noqa: E402
from tutor.answer.models import Answer  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import load_questions  # noqa: E402
from tutor.settings import load_settings  # noqa: E402


def summary(rows: list[Row], answers: dict[str, Answer]) -> dict[str, Any]:
    rep = report(rows, answers)
    a = rep["answerable"]
    return {
        "facts": a.get("facts"),
        "facts_top2": a.get("facts_top2"),
        "lead": a.get("lead"),
        "refused": a.get("refused"),
        "chars": a.get("chars_p50"),
        "unans": rep.get("unanswerable_not_full"),
        "followup": rep.get("followup_resolved"),
        "kinds": {
            k: {"facts": v.get("facts"), "lead": v.get("lead")}
            for k, v in rep["kinds"].items()
            if k != "unanswerable"
        },
    }


def value(text: str) -> Any:
    """A field value from the command line: true/false, a number, or text."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fresh", type=Path, help="JSONL of new dev questions (their ids)")
    ap.add_argument("--variant", nargs="+", action="append", default=[], metavar="NAME K=V")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    fresh = {q.id for q in load_questions(args.fresh)} if args.fresh else set()
    container, plan, policy = Container(load_settings()), composition(), AnswerPolicy()
    rows = load_dev(container.answers, plan.passages)
    variants: list[tuple[str, Composition]] = [("stored", plan)]
    for name, *changes in args.variant:
        fields = {k: value(v) for k, v in (c.split("=", 1) for c in changes)}
        variants.append((name, dataclasses.replace(plan, **fields)))
    results: dict[str, Any] = {}
    for name, p in variants:
        got = {r.q.id: answer(r, weights(), p, policy) for r in rows}
        res = {"all": summary(rows, got)}
        if fresh:
            res["fresh"] = summary([r for r in rows if r.q.id in fresh], got)
        results[name] = res
        for part, s in res.items():
            kinds = " ".join(
                f"{k} {v['facts']}/{v['lead']}" for k, v in s["kinds"].items() if k != "multi"
            )
            print(
                f"{name:<28}{part:<6} facts {s['facts']} (top2 {s['facts_top2']}) lead {s['lead']}"
                f" unans {s['unans']} refused {s['refused']} follow-ups {s['followup']}"
                f" chars {s['chars']} | {kinds}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
