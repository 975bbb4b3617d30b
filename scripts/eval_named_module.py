"""Questions scoped to one module, measured on the dev set (issue 21, round 3).

The dev set has only one stand-alone question that names a module, so this builds the scoped
variant of every answerable, stand-alone dev question with a gold module: (a) naming its
module in the text ("… laut Modul N?"), (b) asked with the module filter set. Each is answered
with module scoping off (as before) and on (restricted to the module, cosines centred on it;
``tutor.retrieval.scope``), with the stored answer weights. Held-out sets are never read.

    .venv/bin/python scripts/eval_named_module.py [--centring 1.0]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from answer_cv import DEV, ZERO, Row, answer, figures, gold_group  # noqa: E402

from tutor.answer.compose import candidates, composition  # noqa: E402
from tutor.answer.extractive import AnswerPolicy  # noqa: E402
from tutor.answer.features import weights  # noqa: E402
from tutor.answer.service import ANSWER_DEPTH  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import Question, load_questions  # noqa: E402
from tutor.retrieval.fusion import RetrievalWeights  # noqa: E402
from tutor.retrieval.scope import named_modules  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

KEYS = ("hit@1", "hit@5", "mrr", "facts", "lead", "refused", "partial", "chars")


def scoped_rows(container: Container, questions: list[Question], by_filter: bool) -> list[Row]:
    """The questions asked inside their gold module (named in the text, or filtered)."""
    plan, rows = composition(), []
    for q in questions:
        text = q.question if by_filter else q.question.rstrip(" ?") + f" laut Modul {q.module}?"
        asked = dataclasses.replace(q, question=text)
        module = q.module if by_filter else None
        resolved, r = container.answers.retrieve(text, [], module, ANSWER_DEPTH)
        own = container.answers.own_vector(text, resolved)
        cands = candidates(r, text, resolved, plan.passages, ZERO, own)
        rows.append(Row(asked, resolved, r, own, cands, gold_group(asked, r)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--centring", type=float, default=1.0, help="share of the module axis")
    args = parser.parse_args()
    container = Container(load_settings())
    questions = [
        q
        for q in load_questions(DEV)
        if q.answerable and not q.previous and q.module and not named_modules(q.question)
    ]
    print(f"{len(questions)} Fragen | " + " | ".join(KEYS))
    for scope in (False, True):
        container.retriever.weights = RetrievalWeights(
            module_scope=scope, module_centring=args.centring
        )
        for by_filter in (False, True):
            rows = scoped_rows(container, questions, by_filter)
            got = {r.q.id: answer(r, weights(), composition(), AnswerPolicy()) for r in rows}
            figs = figures(rows, got)
            how = "filter" if by_filter else "named "
            print(
                f"scope {'on ' if scope else 'off'} {how} | "
                + " | ".join(str(figs[k]) for k in KEYS)
            )


if __name__ == "__main__":
    main()
