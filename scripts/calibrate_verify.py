"""Calibrate the support thresholds of tutor/answer/verify.py on the dev set.

For every answerable dev question the top passages are retrieved as the model would get them.
Positives: sentences of the extractive answer (which stand in those passages), paraphrased the
way a model shortens them — 30 % of the words dropped at random (seeded) and a framing phrase
added — and cited with their true source. Negatives: answer sentences of *other* dev questions
(real course sentences, same vocabulary, but not in the given passages) cited as source [1].
Prints the share of positives kept and negatives let through for a grid of thresholds.

    .venv/bin/python scripts/calibrate_verify.py [--questions …/dev_questions.jsonl] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.answer.verify import Source, VerifyPolicy, verify_answer  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

FRAMES = ["Laut Kurs gilt:", "Der Kurs erklärt, dass", "Wichtig ist:", ""]


def paraphrase(sentence: str, rng: random.Random) -> str:
    words = sentence.rstrip(".").split()
    kept = [w for w in words if rng.random() > 0.3] or words[:3]
    return f"{rng.choice(FRAMES)} {' '.join(kept)}".strip() + "."


def collect(
    container: Container, path: Path, limit: int = 0
) -> list[tuple[list[Source], str, list[str]]]:
    """(sources, a positive claim with its marker, answer sentences as raw quotes)."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = rows[:limit] if limit else rows
    rng = random.Random(4)
    out = []
    service = container.answers
    for row in rows:
        if row["kind"] == "unanswerable":
            continue
        answer = service.ask(row["question"], row.get("previous") or [])
        if answer.refused:
            continue
        _, retrieval = service.retrieve(row["question"], row.get("previous") or [])
        sources = [Source(i + 1, h.chunk) for i, h in enumerate(retrieval.hits[:3])]
        by_chunk = {s.chunk.chunk_id: s.n for s in sources}
        quotes = [c.quote.replace("\n", " ") for c in answer.citations]
        for c in answer.citations:
            if c.chunk_id in by_chunk:
                claim = paraphrase(c.quote.replace("\n", " "), rng)
                out.append((sources, f"{claim} [{by_chunk[c.chunk_id]}]", quotes))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=Path("tests/data/dev_questions.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="nur die ersten N Fragen")
    args = parser.parse_args()
    container = Container(load_settings())
    data = collect(container, args.questions, args.limit)
    base = VerifyPolicy(min_terms=1)
    pos, neg = [], []
    for i, (sources, claim, _) in enumerate(data):
        pos.append(verify_answer(claim, sources, container.embedder, base).checks[0])
        other = data[(i + 7) % len(data)][2]
        given = {s.chunk.text for s in sources}
        for quote in other[:1]:
            if not any(quote in text for text in given):
                neg.append(verify_answer(f"{quote} [1]", sources, container.embedder, base))
    negs = [v.checks[0] for v in neg if v.checks]
    print(f"{len(pos)} positives, {len(negs)} negatives")
    print("min_lexical min_cosine floor  kept(pos)  passed(neg)")
    for lex in (0.4, 0.5, 0.6, 0.7):
        for cos, floor in ((1.01, 0.0), (0.86, 0.34), (0.88, 0.34), (0.90, 0.25)):
            policy = replace(base, min_lexical=lex, min_cosine=cos, cosine_lexical_floor=floor)

            def ok(c, p=policy):
                return c.lexical >= p.min_lexical or (
                    c.cosine >= p.min_cosine and c.lexical >= p.cosine_lexical_floor
                )

            tp = sum(ok(c) for c in pos) / max(len(pos), 1)
            fp = sum(ok(c) for c in negs) / max(len(negs), 1)
            print(f"{lex:11.2f} {cos:10.2f} {floor:5.2f}  {tp:9.1%}  {fp:11.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
