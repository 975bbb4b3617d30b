"""Why a single answer misses what its two best passages hold (issue 21, branch para5).

For every answerable dev question of the single-answer kinds (paraphrase, english, factual)
it composes the answer as the tutor does and sorts two kinds of failure into causes:

facts (every answer keyword is in the two best passages, not every one in the answer), by the
best-scored unit of the two best passages that holds a missing keyword (the *fact unit*):

- **fact in a quoted paragraph (after it / before it)**: the fact unit stands in the paragraph
  of a quoted unit (the lead's or a runner-up's) but that unit stops short of it: *after* it
  (the room went to units of other paragraphs before the paragraph was filled) or *before* it
  (the quoted sentence is from the middle of its paragraph, e.g. a case's later sentence
  without the opening that names the firm and its tool);
- **lead general, fact later**: the fact unit comes after the lead in the lead's own passage;
- **other passage leads**: the fact unit's passage is not the lead's (it ranks 1 or 2), and
  the answer never quotes it;
- **fact unit cut**: the fact unit scores within ``keep`` of the lead but the budget or the
  unit count left no room;
- **split facts**: the keywords stand in two units, one quoted, the other not (any of the above
  for the missing one, counted here when both halves are in different passages);
- **fact before the lead**: the fact unit comes before the lead in the lead's passage;
- **no unit holds it**: the keyword is only in a heading or across unit boundaries.

lead (some unit of the two best passages is on point, the first quoted unit is not):

- **on point quoted later**: the answer quotes an on-point unit, not first;
- **same passage, general lead**: the best on-point unit is in the lead's passage;
- **other passage leads**: the best on-point unit is in the other of the two best passages;
- **no on-point unit**: only a line or sentence the evaluation cuts differently is on point.

Printed: one line per failure, the count per cause and kind. Held-out and test sets are never
read. ``--ids FILE`` limits to the question ids of another JSONL set (e.g. new questions).

    .venv/bin/python scripts/answer_failures.py [--kinds paraphrase english] [--json out.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.answer import extractive  # noqa: E402
from tutor.answer.compose import composition  # noqa: E402
from tutor.answer.continuation import filled  # noqa: E402
from tutor.answer.extractive import compose_units  # noqa: E402
from tutor.answer.service import ANSWER_DEPTH  # noqa: E402
from tutor.answer.typed import typed_candidates  # noqa: E402
from tutor.answer.units import paragraph_of  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import load_questions, norm, unit_on_point  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

DEV = Path("tests/data/dev_questions.jsonl")


def _where(c) -> tuple[int, tuple[int, ...]]:  # type: ignore[no-untyped-def]
    return c.hit.rank, c.unit.orders


def classify_facts(q, answer, cands, chosen, plan) -> str:  # type: ignore[no-untyped-def]
    text = norm(answer.answer)
    missing = [k for k in q.answer_keywords if norm(k) not in text]
    top2 = [c for c in cands if c.hit.rank <= 2]
    holders = sorted(
        (c for c in top2 if any(norm(k) in norm(c.unit.text) for k in missing)),
        key=lambda c: -c.score,
    )
    if not holders:
        return "no unit holds it"
    fact = holders[0]
    lead = chosen[0]
    mates = [c for c in chosen if paragraph_of(fact.unit) == paragraph_of(c.unit)]
    if mates:  # before: the quoted sentence is mid-paragraph, the fact precedes it
        before = all(fact.unit.orders[0] < c.unit.orders[0] for c in mates)
        return f"fact in a quoted paragraph ({'before' if before else 'after'} it)"
    quoted_chunks = {c.unit.chunk.chunk_id for c in chosen}
    if fact.unit.chunk.chunk_id != lead.unit.chunk.chunk_id:
        if fact.unit.chunk.chunk_id in quoted_chunks:
            return "fact unit cut" if fact.score >= lead.score - plan.keep else "wrong unit chosen"
        return "other passage leads"
    if fact.unit.orders[0] > max(lead.unit.orders):
        seconds = [c for c in chosen[1:] if c.unit.chunk.chunk_id != lead.unit.chunk.chunk_id]
        if seconds:
            return "second passage instead of finishing the first"
        return "lead general, fact later"
    return "fact before the lead"


def classify_lead(q, answer, cands, chosen) -> str:  # type: ignore[no-untyped-def]
    if any(unit_on_point(q, c.unit.text) for c in chosen[1:]):
        return "on point quoted later"
    top2 = [c for c in cands if c.hit.rank <= 2 and unit_on_point(q, c.unit.text)]
    if not top2:
        return "no on-point unit"
    best = max(top2, key=lambda c: c.score)
    lead = chosen[0]
    if best.unit.chunk.chunk_id == lead.unit.chunk.chunk_id:
        after = best.unit.orders[0] > max(lead.unit.orders)
        return "same passage, fact later" if after else "same passage, fact before"
    return "other passage leads"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kinds", nargs="*", default=["paraphrase", "english", "factual"])
    ap.add_argument("--ids", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--no-fill", action="store_true", help="compose without composition.fill")
    args = ap.parse_args()
    container = Container(load_settings())
    service = container.answers
    plan = composition()
    if args.no_fill:  # the answers as before composition.fill (this script only)
        plan = dataclasses.replace(plan, fill=False)
        extractive.composition = lambda path=None: plan  # type: ignore[assignment]
    only = None
    if args.ids is not None:
        only = {q.id for q in load_questions(args.ids)}
    counts: Counter[tuple[str, str, str]] = Counter()
    rows = []
    for q in load_questions(DEV):
        if q.kind not in args.kinds or not q.answerable or (only and q.id not in only):
            continue
        resolved, retrieval = service.retrieve(q.question, q.previous, k=ANSWER_DEPTH)
        answer = service.compose(q.question, resolved, retrieval)
        if answer.refused:
            continue
        own = service.own_vector(q.question, resolved)
        chosen, _ = compose_units(q.question, resolved, retrieval, own)
        chosen = filled(chosen, plan)
        cands, _ = typed_candidates(q.question, resolved, retrieval, own)
        if not chosen or chosen[0].unit.text != answer.lead:
            continue  # an overview or another path composed it
        top2 = norm(" ".join(h.chunk.text for h in retrieval.hits[:2]))
        in_top2 = all(norm(k) in top2 for k in q.answer_keywords)
        facts_ok = all(norm(k) in norm(answer.answer) for k in q.answer_keywords)
        if in_top2 and not facts_ok:
            cause = classify_facts(q, answer, cands, chosen, plan)
            counts[("facts", q.kind, cause)] += 1
            rows.append({"id": q.id, "what": "facts", "cause": cause})
            if not args.quiet:
                print(f"{q.id} facts {cause:<45} lead: {answer.lead[:70]!r}")
        lead_ok = unit_on_point(q, answer.lead)
        top2_units = [c for c in cands if c.hit.rank <= 2 and unit_on_point(q, c.unit.text)]
        if not lead_ok and top2_units:
            cause = classify_lead(q, answer, cands, chosen)
            counts[("lead", q.kind, cause)] += 1
            rows.append({"id": q.id, "what": "lead", "cause": cause})
            if not args.quiet:
                print(f"{q.id} lead  {cause:<45} lead: {answer.lead[:70]!r}")
    print()
    for (what, kind, cause), n in sorted(counts.items()):
        print(f"{what:<6}{kind:<12}{cause:<48}{n:>4}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
