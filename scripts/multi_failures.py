"""Per-question figures of the multi-part dev questions and why a key fact is missing
(issue 21, branch multi5). For each failing question and missing keyword: whether a part
retrieved a passage holding it (``part hits``) while that part was led from another passage
(``other passage leads``), or the part quoted that passage but not the keyword (``wrong unit``),
or no part's hits hold it (``not in part hits``). Held-out and test sets are never read.

    .venv/bin/python scripts/multi_failures.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.answer import multianswer  # noqa: E402
from tutor.answer.service import ANSWER_DEPTH  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import load_questions, norm, unit_on_point  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

DEV = Path("tests/data/dev_questions.jsonl")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    service = Container(load_settings()).answers
    parts_log: list[tuple[str, list[str], str]] = []  # part text, hit texts, lead chunk text
    own = multianswer._own_units

    def logged(part, retrieve, policy, plan):  # type: ignore[no-untyped-def]
        units, missing = own(part, retrieve, policy, plan)
        hits = [h.chunk.text for h in retrieve(part).hits]
        parts_log.append((part.text, hits, units[0].unit.chunk.text if units else ""))
        return units, missing

    multianswer._own_units = logged  # type: ignore[assignment]
    rows: dict[str, dict[str, Any]] = {}
    causes: Counter[str] = Counter()
    for q in load_questions(DEV):
        if q.kind != "multi":
            continue
        parts_log.clear()
        resolved, retrieval = service.retrieve(q.question, q.previous, k=ANSWER_DEPTH)
        ans = service.compose(q.question, resolved, retrieval)
        text = norm(ans.answer)
        miss = [k for k in q.answer_keywords if norm(k) not in text]
        why = set()
        for k in miss:
            cause = "not in part hits" if parts_log else "no clause parts (documents, cases)"
            for _, hits, lead in parts_log:
                holding = [h for h in hits if norm(k) in norm(h)]
                if holding and lead and lead not in holding:
                    cause = "other passage leads"
                    break
                if holding:
                    cause = "wrong unit / cut"
            why.add(cause)
        causes.update(why)
        rows[q.id] = {
            "facts": not miss and not ans.refused,
            "lead": unit_on_point(q, ans.lead),
            "chars": len(ans.answer),
            "split": len(parts_log),
            "missing": miss,
            "why": sorted(why),
        }
        if miss:
            print(q.id, sorted(why), miss, "|", q.question[:90])
    n = len(rows)
    chars = sorted(r["chars"] for r in rows.values())
    print(
        f"multi {n}: facts {sum(r['facts'] for r in rows.values()) / n:.3f} "
        f"lead {sum(r['lead'] for r in rows.values()) / n:.3f} chars p50 {chars[n // 2]}"
    )
    print(dict(causes))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
