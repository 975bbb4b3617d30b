"""Meaning comparison of short texts with the packaged e5 model, plus the calibrated
thresholds that decide when two texts say the same thing.

Both sides get the e5 ``query:`` prefix (the symmetric use of the model). Vectors are cached
per process by (model, text), so building several generators over the same corpus, or grading
many answers, embeds each text once. The thresholds live in ``tutor/quiz/calibration.json``,
written by ``scripts/calibrate_quiz.py`` from labelled pairs and validated at start-up.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ingest.embeddings.backends import TextEmbedder

CALIBRATION = Path(__file__).with_name("calibration.json")
_CACHE: dict[tuple[str, str], np.ndarray] = {}
_LOCK = threading.Lock()


class Threshold(BaseModel):
    """One calibrated cut-off with how it was found (for the report and the docs)."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(ge=0.0, le=1.0)
    pairs: int = Field(ge=0, description="labelled pairs it was fitted on")
    cv_accuracy: float | None = Field(None, description="mean held-out accuracy over the folds")
    cv_false_accept: float | None = Field(
        None, description="held-out share of wrong pairs let through"
    )
    note: str = ""


class Calibration(BaseModel):
    """Every threshold of the quiz (see ``scripts/calibrate_quiz.py``)."""

    model_config = ConfigDict(extra="forbid")

    grading_part: Threshold = Field(description="a compound part of the key counts as the key")
    grading_paraphrase: Threshold = Field(description="a multi-word answer paraphrases the key")
    distractor_paraphrase: Threshold = Field(description="an option paraphrases a right answer")
    distractor_stated: Threshold = Field(description="a corpus sentence states the option")


@cache
def calibration() -> Calibration:
    """The calibrated thresholds (ValueError with the file name if the file is broken)."""
    try:
        return Calibration.model_validate(json.loads(CALIBRATION.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{CALIBRATION} fehlt oder ist fehlerhaft: {exc}") from exc


class Similarity:
    """Cosine similarity of short German texts (e5, cached)."""

    def __init__(self, embedder: TextEmbedder) -> None:
        self.embedder = embedder
        self.name = getattr(embedder, "name", "embedder")

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` (one row each), embedding only the ones not cached."""
        missing = list(dict.fromkeys(t for t in texts if (self.name, t) not in _CACHE))
        if missing:
            fresh = self.embedder.embed_queries(missing)
            with _LOCK:
                for text, vector in zip(missing, fresh, strict=True):
                    _CACHE[(self.name, text)] = np.asarray(vector, dtype=np.float32)
        if not texts:
            return np.zeros((0, int(getattr(self.embedder, "dim", 384))), dtype=np.float32)
        return np.stack([_CACHE[(self.name, t)] for t in texts])

    def warm(self, texts: Sequence[str]) -> None:
        """Embed ``texts`` in one batch ahead of many single comparisons."""
        self.vectors(list(texts))

    def sim(self, a: str, b: str) -> float:
        """Cosine similarity of two texts."""
        va, vb = self.vectors([a, b])
        return float(va @ vb)

    def best(self, text: str, others: Sequence[str]) -> float:
        """Highest similarity of ``text`` to any of ``others`` (0.0 if there are none)."""
        if not others:
            return 0.0
        return float((self.vectors(list(others)) @ self.vectors([text])[0]).max())

    def matrix(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """Similarities of every left text to every right text."""
        return self.vectors(list(left)) @ self.vectors(list(right)).T
