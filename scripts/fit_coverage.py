"""Fit the coverage model (tutor/answer/coverage.py) on the dev set by cross-validation grouped
by gold section.

Each dev answer that is neither refused nor already partial for a missing answer type is a
sample: its coverage features and whether the question is unanswerable. A logistic
regression (standardised features, L2) is fitted on 4/5 of the groups; its threshold is the
lowest probability at which at most ``CAP`` of the answerable training questions would be
marked partial, for German and English questions each (e5 places English questions further
from the German text); both are judged on the other fifth. The weights are written back in the units
of the raw features, so the tutor computes a plain weighted sum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from tutor.answer.coverage import FEATURES, CoverageModel

CAP = 0.05  # answerable questions that may be marked partial by the model (training folds)
C = 1.0
FOLDS = 5


@dataclass
class Sample:
    """One answered dev question as the coverage model sees it."""

    qid: str
    group: str
    values: dict[str, float]
    unanswerable: bool
    decided: bool  # refused, or partial for a missing answer type: the model is not asked


def fit_model(samples: list[Sample], cap: float = CAP) -> CoverageModel:
    """Logistic regression and its threshold on ``samples`` (only the undecided ones)."""
    free = [s for s in samples if not s.decided]
    x = np.array([[s.values[f] for f in FEATURES] for s in free])
    y = np.array([s.unanswerable for s in free], dtype=int)
    mean, std = x.mean(0), x.std(0) + 1e-9
    clf = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / std, y)
    coef = clf.coef_[0] / std
    bias = float(clf.intercept_[0] - (clf.coef_[0] * mean / std).sum())
    model = CoverageModel(bias, dict(zip(FEATURES, map(float, coef), strict=True)))

    def threshold(english: bool) -> float:
        probs = sorted(
            (
                model.probability(s.values)
                for s in free
                if not s.unanswerable and bool(s.values["english"]) == english
            ),
            reverse=True,
        )
        allowed = int(np.floor(cap * len(probs)))
        return float(probs[allowed]) if allowed < len(probs) else 0.0

    return CoverageModel(model.bias, model.weights, threshold(False), threshold(True))


def cross_validate(samples: list[Sample]) -> dict[str, bool]:
    """Whether each undecided sample is marked partial, by a model fitted on the other folds."""
    out: dict[str, bool] = {}
    groups = np.array([s.group for s in samples])
    for train, test in GroupKFold(FOLDS).split(np.zeros(len(samples)), groups=groups):
        model = fit_model([samples[i] for i in train])
        for i in test:
            if not samples[i].decided:
                out[samples[i].qid] = model.partial(samples[i].values)
    return out


def figures(samples: list[Sample], marked: dict[str, bool]) -> dict[str, float]:
    """Share of unanswerable questions not answered in full, and of answerable ones the
    model marks partial (both over all samples, the decided ones as decided)."""
    unans = [s for s in samples if s.unanswerable]
    answerable = [s for s in samples if not s.unanswerable]
    caught = [s.decided or marked.get(s.qid, False) for s in unans]
    flagged = [marked.get(s.qid, False) for s in answerable]
    return {
        "unanswerable_not_full": round(float(np.mean(caught)), 3),
        "answerable_marked_partial": round(float(np.mean(flagged)), 3),
    }
