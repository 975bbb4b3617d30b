"""Ablation of the answer pipeline on the dev set (issue 21, round 2).

Each variant switches one part of retrieval or composition off (or swaps it) and is measured
twice:

- **new 90** — the weights as stored (fitted in round 1 on the first 148 questions), judged on
  the 90 questions dev-149 … dev-238 that round 1 never saw;
- **CV 238** — the unit weights refitted on 4/5 of all 238 dev questions (folds grouped by gold
  section) and judged on the other fifth, for every fold.

The parts are switched off by patching the running modules (this script only); nothing here
changes the tutor. Run from the repository root:

    .venv/bin/python scripts/ablate_answers.py [--only NAME ...] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from answer_cv import (  # noqa: E402
    answer,
    cross_validated,
    fit_listwise,
    load_dev,
    split_figures,
)

from tutor.answer import compose, units  # noqa: E402
from tutor.answer.baseline import naive_answer  # noqa: E402
from tutor.answer.compose import composition  # noqa: E402
from tutor.answer.extractive import AnswerPolicy  # noqa: E402
from tutor.answer.features import FEATURES, weights  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.retrieval.hybrid import RetrievalWeights  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

C = 3.0  # the L2 setting stored with the weights
Patch = Callable[[Container], contextlib.AbstractContextManager[Any]]


@contextlib.contextmanager
def setattrs(*changes: tuple[Any, str, Any]) -> Iterator[None]:
    """Set module attributes for the duration of a variant."""
    old = [(obj, name, getattr(obj, name)) for obj, name, _ in changes]
    for obj, name, value in changes:
        setattr(obj, name, value)
    units._all_units.cache_clear()
    try:
        yield
    finally:
        for obj, name, value in old:
            setattr(obj, name, value)
        units._all_units.cache_clear()


def retrieval_weights(**kw: Any) -> Patch:
    return lambda c: setattrs((c.retriever, "weights", RetrievalWeights(**kw)))


def no_glossary(c: Container) -> contextlib.AbstractContextManager[Any]:
    return setattrs((c.retriever, "glossary", None))


def no_context(c: Container) -> contextlib.AbstractContextManager[Any]:
    """Follow-ups retrieved as asked: every context weight zero (example requests still
    search the topic under discussion)."""
    from tutor.answer import service as svc
    from tutor.retrieval.followup import ContextWeights

    return setattrs((svc, "conversation", lambda path=None: ContextWeights()))


def composer_attr(obj: Any, name: str, value: Any) -> Patch:
    return lambda c: setattrs((obj, name, value))


VARIANTS: dict[str, tuple[Patch | None, tuple[str, ...]]] = {
    "main (round 1)": (None, FEATURES),
    # retrieval
    "retrieval: dense chunk only": (
        retrieval_weights(cc_bm25=0, cc_dense=1, cc_sentence=0),
        FEATURES,
    ),
    "retrieval: BM25 only": (retrieval_weights(cc_bm25=1, cc_dense=0, cc_sentence=0), FEATURES),
    "retrieval: no sentence max-sim": (retrieval_weights(cc_sentence=0), FEATURES),
    "retrieval: RRF instead of convex": (retrieval_weights(fusion="rrf"), FEATURES),
    "retrieval: no glossary": (no_glossary, FEATURES),
    "retrieval: no module scope": (retrieval_weights(module_scope=False), FEATURES),
    "follow-ups: ignore earlier turns": (no_context, FEATURES),
    # composition
    "composer: intro/summary may lead": (
        composer_attr(compose, "NEVER_LEAD", ("checklist",)),
        FEATURES,
    ),
    "composer: no case units": (composer_attr(units, "cases", lambda chunk: []), FEATURES),
    "composer: no antecedent units": (
        composer_attr(units, "with_antecedent", lambda chunk, parts: parts),
        FEATURES,
    ),
    "composer: no named-module extra passages": (
        composer_attr(compose, "MODULE_EXTRA", 0),
        FEATURES,
    ),
}
for _f in FEATURES:
    VARIANTS[f"feature dropped: {_f}"] = (None, tuple(f for f in FEATURES if f != _f))


def measure(container: Container, patch: Patch | None, names: tuple[str, ...]) -> dict[str, Any]:
    """Figures of one variant: stored weights (new 90 is unseen by them) and CV over 238."""
    plan, policy = composition(), AnswerPolicy()
    with patch(container) if patch else contextlib.nullcontext():
        rows = load_dev(container.answers, plan.passages)
        stored = weights()
        if names != FEATURES:  # a dropped feature: the stored weights without it
            stored = type(stored)(
                stored.bias, {f: (v if f in names else 0.0) for f, v in stored.by_feature.items()}
            )
        as_stored = {r.q.id: answer(r, stored, plan, policy) for r in rows}
        cv = cross_validated(
            rows,
            lambda train: fit_listwise(train, C, names),
            lambda r, m: answer(r, m, plan, policy),
        )
        return {"stored": split_figures(rows, as_stored), "cv": split_figures(rows, cv)}


def naive(container: Container) -> dict[str, Any]:
    rows = load_dev(container.answers, composition().passages)
    got = {r.q.id: naive_answer(r.q.question, r.resolved, r.retrieval) for r in rows}
    figs = split_figures(rows, got)
    return {"stored": figs, "cv": figs}


def line(name: str, result: dict[str, Any]) -> str:
    new, cv = result["stored"]["new90"], result["cv"]["all"]
    keys = ("hit@5", "para_hit5", "facts", "lead", "unans", "refused", "followup", "chars")
    return (
        f"| {name} | "
        + " | ".join(str(new[k]) for k in keys)
        + " | "
        + " | ".join(str(cv[k]) for k in keys)
        + " |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="variants whose name contains one of these")
    parser.add_argument("--json", type=Path, help="write all figures here")
    args = parser.parse_args()
    container = Container(load_settings())
    keys = "hit@5 | para hit@5 | facts | lead | unans→none/partial | answ. refused"
    keys += " | follow-ups | chars"
    print(f"| variant | new 90: {keys} | CV 238: {keys} |")
    results: dict[str, Any] = {"naive composer": naive(container)}
    print(line("naive composer", results["naive composer"]), flush=True)
    for name, (patch, names) in VARIANTS.items():
        if args.only and not any(o in name for o in args.only):
            continue
        results[name] = measure(container, patch, names)
        print(line(name, results[name]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
