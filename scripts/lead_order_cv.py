"""Could a separate ordering step put the on-point unit of a single answer first? (issue 21,
branch lead6)

For every answerable dev question that is not multi-part it composes the answer as the tutor
does (``compose_units`` + ``filled``) and keeps the quoted units, each with the features of
its *own* candidate (a sentence quoted after the lead carries the lead's values in ``select``).
A unit is on point as ``tutor eval`` counts it (``unit_on_point``). Then it asks, offline,
whether re-ordering only the quoted units would raise the number of on-point leads:

- **focus share**: a quoted unit that may lead goes first when its IDF-weighted share of the
  stems of the question focus's nouns (``question_focus``; a stem also as part of a compound,
  ``mentions``) exceeds the lead's by a margin;
- **rarest focus noun**: the unit quoting the focus noun with the highest IDF goes first when
  the lead lacks it;
- **raw cosine**: a unit whose best sentence is closer to the question (raw e5 cosine) than
  the lead's by a margin goes first;
- **listwise re-rank**: a conditional logit over the quoted units only (their own features,
  the weighted score, "is the lead", "follows the lead", focus share), fitted by 5-fold CV
  grouped by gold section (``scripts/answer_cv.py``).

Printed: on-point leads before and after, the gains and losses of each rule. Held-out and test
sets are never read.

    .venv/bin/python scripts/lead_order_cv.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from answer_cv import FOLDS, conditional_logit, load_dev  # noqa: E402

from tutor.answer.compose import asks_for, composition, may_lead  # noqa: E402
from tutor.answer.continuation import filled  # noqa: E402
from tutor.answer.extractive import compose_units  # noqa: E402
from tutor.answer.features import FEATURES  # noqa: E402
from tutor.answer.focus import question_focus  # noqa: E402
from tutor.answer.typed import typed_candidates  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import unit_on_point  # noqa: E402
from tutor.retrieval.text import mentions, tokens  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

EXTRA = ("is_lead", "follows_lead", "focus", "score")


@dataclass
class Quoted:
    on: bool
    may_lead: bool
    focus: float  # IDF-weighted share of the focus nouns' stems
    rare: bool  # quotes the rarest focus noun
    cosine: float  # raw cosine of the unit's best sentence
    x: list[float]  # EXTRA + FEATURES


def quoted_units(row) -> list[Quoted]:  # type: ignore[no-untyped-def]
    q, r = row.q, row.retrieval
    chosen, _ = compose_units(q.question, row.resolved, r, row.own)
    chosen = filled(chosen, composition())
    cands, _ = typed_candidates(q.question, row.resolved, r, row.own)
    snap, allowed = r.snapshot, asks_for(q.question)
    stems = {t for n in question_focus(q.question).nouns for t in tokens(n)}
    idf = {t: snap.idf(t) for t in stems if snap is not None and snap.doc_freq.get(t, 0) > 0}
    total, rarest = sum(idf.values()), max(idf, key=idf.__getitem__, default=None)
    out = []
    for i, c in enumerate(chosen):
        own = next((o for o in cands if o.unit.keys == c.unit.keys), c)
        share = sum(v for t, v in idf.items() if mentions({t}, c.unit.text)) / total if total else 0
        lead = chosen[0].unit
        follows = (
            c.unit.chunk.chunk_id == lead.chunk.chunk_id
            and c.unit.orders[0] == max(lead.orders) + 1
        )
        x = [float(i == 0), float(i > 0 and follows), share, own.score]
        out.append(
            Quoted(
                unit_on_point(q, c.unit.text),
                i == 0 or may_lead(own, allowed),
                share,
                rarest is not None and mentions({rarest}, c.unit.text),
                max(r.sentence_cos.get(k, 0.0) for k in c.unit.keys),
                x + [own.values[f] for f in FEATURES],
            )
        )
    return out


def promote(units: list[Quoted], key, margin: float) -> int:  # type: ignore[no-untyped-def]
    """Index of the unit that leads: the best by ``key`` if it beats the lead by ``margin``."""
    best = max(range(len(units)), key=lambda i: (units[i].may_lead, key(units[i]), -i))
    return best if units[best].may_lead and key(units[best]) > key(units[0]) + margin else 0


def tally(data: list[list[Quoted]], picks: list[int]) -> str:
    on = sum(u[p].on for u, p in zip(data, picks, strict=True))
    gain = sum(u[p].on and not u[0].on for u, p in zip(data, picks, strict=True))
    loss = sum(u[0].on and not u[p].on for u, p in zip(data, picks, strict=True))
    return f"{on:>4} on-point leads  (+{gain} / -{loss})"


def fit(data: list[list[Quoted]], c: float) -> np.ndarray:
    sets = []
    for units in data:
        y = np.array([u.on for u in units])
        if len(units) > 1 and y.any() and not y.all():
            sets.append((np.array([u.x for u in units]), y))

    return conditional_logit(sets, c, len(EXTRA) + len(FEATURES))


def main() -> None:
    service = Container(load_settings()).answers
    rows = [r for r in load_dev(service, composition().passages) if r.q.answerable]
    rows = [r for r in rows if r.q.kind != "multi"]
    data, groups = [], []
    for row in rows:
        units = quoted_units(row)
        if units:
            data.append([u for i, u in enumerate(units) if i == 0 or u.may_lead])
            groups.append(row.group)
    print(f"{len(data)} single answers; as composed: {tally(data, [0] * len(data))}")
    for m in (0.0, 0.1, 0.3, 0.5):
        picks = [promote(u, lambda q: q.focus, m) for u in data]
        print(f"focus share, margin {m}: {tally(data, picks)}")
    picks = [promote(u, lambda q: float(q.rare), 0.0) for u in data]
    print(f"rarest focus noun: {tally(data, picks)}")
    for m in (0.0, 0.02, 0.05, 0.08):
        picks = [promote(u, lambda q: q.cosine, m) for u in data]
        print(f"raw cosine, margin {m}: {tally(data, picks)}")
    for c in (0.1, 1.0, 10.0):
        picks = [0] * len(data)
        for train, test in GroupKFold(FOLDS).split(np.zeros(len(data)), groups=np.array(groups)):
            w = fit([data[i] for i in train], c)
            for i in test:
                picks[i] = int(np.argmax(np.array([u.x for u in data[i]]) @ w))
        print(f"listwise re-rank of the quoted units, C={c}, grouped CV: {tally(data, picks)}")


if __name__ == "__main__":
    main()
