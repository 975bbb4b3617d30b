"""Why dev follow-ups are not resolved (the answer cites no passage with a gold span).

For every follow-up of a question set, the gold passage's rank is taken in four rankings: the
service's own (as answered), the follow-up's own words alone, the earlier turns alone, and each
earlier turn alone. A miss is put into the first category that fits:

- ``composition``: the gold passage is among the retrieved ones used for the answer (top 5),
  but not cited; marked ``earlier topic leads`` when the passage ranked first is the one the
  earlier turns alone rank first (the answer quotes the topic under discussion, not what the
  follow-up asks about it);
- ``context ignored``: the earlier turns find it (top 5) and the follow-up alone does not,
  yet the blend lost it (weight too low for what the follow-up lacks);
- ``own words drowned``: the follow-up alone finds it (top 5) but the blend loses it
  (the earlier topic outweighs what the follow-up asks);
- ``wrong earlier turn``: an earlier turn other than those in the context finds it;
- ``neither``: neither the follow-up nor the earlier turns find it alone (the two must combine).

    .venv/bin/python scripts/followup_failures.py [--questions FILE] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.answer.service import ANSWER_DEPTH, conversation  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import Question, first_hit_rank, load_questions  # noqa: E402
from tutor.retrieval.followup import context_text, context_weight, topic_words  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

TOP = 5


def rank(q: Question, texts: list[str]) -> int | None:
    """Rank (1-based) of the first passage holding a gold span, None when none does."""
    return first_hit_rank(q, texts)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--questions", default="tests/data/dev_questions.jsonl")
    p.add_argument("--json", default=None)
    args = p.parse_args()
    if any(name in args.questions for name in ("test_questions", "heldout")):
        p.error("test and held-out sets are for the coordinator's reports only")
    service = Container(load_settings()).answers
    retriever = service.retriever
    snap = retriever.corpus.snapshot()
    turns = conversation().turns
    rows: list[dict[str, object]] = []
    for q in load_questions(Path(args.questions)):
        if q.kind != "followup" or not q.answerable or not q.previous:
            continue
        resolved, retrieval = service.retrieve(q.question, q.previous, k=10)
        answer = service.compose(q.question, resolved, retrieval)
        cited = first_hit_rank(q, [c.passage for c in answer.citations]) is not None
        texts = [h.chunk.text for h in retrieval.hits]
        own = [h.chunk.text for h in retriever.retrieve(q.question, 10).hits]
        ctx = context_text(q.previous, turns)
        alone_hits = retriever.retrieve(ctx, 10).hits
        alone = [h.chunk.text for h in alone_hits]
        earlier_leads = (
            bool(alone_hits) and retrieval.hits[0].chunk.chunk_id == alone_hits[0].chunk.chunk_id
        )
        per_turn = [
            rank(q, [h.chunk.text for h in retriever.retrieve(t, 10).hits]) for t in q.previous
        ]
        weight = context_weight(topic_words(q.question), snap.doc_freq, conversation())
        r, r_own, r_ctx = rank(q, texts), rank(q, own), rank(q, alone)
        ok = cited and not answer.refused

        def good(x: int | None) -> bool:
            return x is not None and x <= TOP

        if ok:
            why = "resolved"
        elif good(r) and r is not None and r <= ANSWER_DEPTH:
            why = "composition, earlier topic leads" if earlier_leads else "composition"
        elif good(r_ctx) and not good(r_own):
            why = "context ignored"
        elif good(r_own):
            why = "own words drowned"
        elif any(good(x) for x in per_turn[:-turns]):
            why = "wrong earlier turn"
        else:
            why = "neither"
        rows.append(
            {
                "id": q.id,
                "why": why,
                "rank": r,
                "own": r_own,
                "context": r_ctx,
                "turns": per_turn,
                "weight": round(weight, 2),
                "question": q.question,
                "previous": q.previous,
            }
        )
        if why != "resolved":
            print(
                f"{q.id:8} {why:32} r={r} own={r_own} ctx={r_ctx} turns={per_turn} "
                f"w={weight:.2f} | {q.previous[-1][:50]} => {q.question[:70]}"
            )
    print(Counter(r["why"] for r in rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
