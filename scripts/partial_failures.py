"""Which rule makes a dev answer ``partial`` (issue 21, branch cov3).

For every dev question answered ``partial`` it prints the rule that made it so, read from the
answer's opening sentence (``prompts/antworten.toml``):

- ``type:<name>``: the question asks for an answer type (price, duration, number …;
  ``patterns.toml``) that the quoted units lack (:mod:`tutor.answer.answer_type`);
- ``terms``: the coverage model, naming focus nouns the material never mentions;
- ``general``: the coverage model, without unknown nouns;
- ``announced``: the material only announces the topic (:mod:`tutor.answer.announced`);

with whether the answer quotes the gold span and contains every answer keyword (for an
answerable question: a "not named" claim is then false on its face). Then the counts per rule
for answerable and unanswerable questions, and the share of unanswerable ones not ``full``.
``--json FILE`` writes id → coverage and rule for comparing two runs. Held-out sets are never
read.

    .venv/bin/python scripts/partial_failures.py [--questions FILE] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.answer.service import ANSWER_DEPTH  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import RANK_DEPTH, load_questions, norm, span_in  # noqa: E402
from tutor.prompts import render  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

DEV = Path("tests/data/dev_questions.jsonl")
TYPES = (
    "preis betrag anteil datum dauer haeufigkeit ort person stelle zeitpunkt anzahl vergleich "
    "anleitung"
).split()


def rule(answer: str) -> str:
    """The rule named by a partial answer's opening sentence."""
    for name in TYPES:
        if answer.startswith(render("antworten", f"teilweise.{name}")):
            return f"type:{name}"
    if answer.startswith(render("antworten", "teilweise_fokus.allgemein")):
        return "general"
    head = render("antworten", "teilweise_fokus.begriffe", begriffe="\0").split("\0")[0]
    if answer.startswith(head):
        return "terms"
    return "announced" if "Ankündigung" in answer.split("\n", 1)[0] else "other"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=DEV)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    service = Container(load_settings()).answers
    counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    total = {True: 0, False: 0}
    rows = {}
    for q in load_questions(args.questions):
        resolved, found = service.retrieve(q.question, q.previous, k=max(RANK_DEPTH, ANSWER_DEPTH))
        answer = service.compose(q.question, resolved, found)
        coverage = answer.coverage or ("none" if answer.refused else "full")
        total[q.answerable] += 1
        why = rule(answer.answer) if coverage == "partial" else coverage
        rows[q.id] = {"kind": q.kind, "coverage": coverage, "rule": why}
        if coverage != "partial":
            continue
        counts[q.answerable][why] += 1
        if q.answerable:
            gold = any(span_in(s, answer.answer) for s in q.gold_spans)
            facts = all(norm(k) in norm(answer.answer) for k in q.answer_keywords)
            print(
                f"{q.id} {q.kind:11} {why:15} gold={int(gold)} facts={int(facts)} | "
                f"{q.question[:90]} | {answer.answer.split(chr(10), 1)[0][:100]}"
            )
    for answerable in (True, False):
        n = sum(counts[answerable].values())
        label = "answerable partial" if answerable else "unanswerable partial"
        print(f"{label}: {n}/{total[answerable]}", dict(counts[answerable].most_common()))
    unans = [r for r in rows.values() if r["kind"] == "unanswerable"]
    if unans:
        share = sum(r["coverage"] != "full" for r in unans) / len(unans)
        print(f"unanswerable not full: {share:.3f} ({len(unans)})")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
