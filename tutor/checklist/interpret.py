"""Understand a free-text answer to one yes/no question of the KI-Readiness checklist.

Order of decision: navigation commands → questions back → German/English rules
(:mod:`tutor.checklist._rules`) → optional embedding kNN over labelled examples
(``prompts/checklist_beispiele.json``) → optional LLM → "unklar" with low confidence, so the
conversation asks a short follow-up instead of guessing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tutor.checklist._normalize import normalize as _normalize
from tutor.checklist._rules import STRONG, Command, classify, is_question_back, match_command
from tutor.checklist.models import ANSWER_LABELS, AnswerLabel

__all__ = ["AnswerInterpreter", "Command", "Interpretation", "load_examples"]

log = logging.getLogger(__name__)

DEFAULT_EXAMPLES = Path(__file__).resolve().parents[2] / "prompts" / "checklist_beispiele.json"
CONFIDENT = 0.7  # below this the next stage (embedding, then LLM) is asked
EMBED_CONFIDENT = 0.8  # kNN must be this sure (on the dev set with e5-small: ~96 % precision)
_TAG_END = re.compile(
    r"[,\s]*(?:oder nicht|oder|ne|gell|gelle|gelt|nicht wahr|right|stimmts)"
    r"\s*\?\s*$"
)

Embed = Callable[[list[str]], np.ndarray]
LlmDecide = Callable[[str, str], AnswerLabel | None]


@dataclass(frozen=True)
class Interpretation:
    """How one answer was understood."""

    label: AnswerLabel | None  # None when it is a command
    command: Command | None
    confidence: float  # 0..1
    rule: str  # which rule/fallback decided ("rule:neg", "embedding", …)


def load_examples(path: Path = DEFAULT_EXAMPLES) -> list[tuple[str, AnswerLabel]]:
    """Labelled example answers ``{"beispiele": [{"text": …, "label": …}]}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data["beispiele"] if isinstance(data, dict) else data
    out: list[tuple[str, AnswerLabel]] = []
    for row in rows:
        label = row["label"]
        if label not in ANSWER_LABELS:
            raise ValueError(f"unknown label {label!r} in {path}")
        out.append((str(row["text"]), label))
    return out


class AnswerInterpreter:
    """Classify answers as "ja" | "nein" | "unklar" | "frage" or a navigation command."""

    def __init__(
        self,
        embed: Embed | None = None,
        examples_path: Path | None = None,
        llm_decide: LlmDecide | None = None,
        *,
        k: int = 5,
        min_similarity: float = 0.5,
        tau: float = 0.02,
        embed_threshold: float = EMBED_CONFIDENT,
    ) -> None:
        """``embed`` maps raw strings to vectors (callers may add "query: "-style prefixes);
        example vectors are computed once on first use. ``k``/``tau``/``min_similarity``/
        ``embed_threshold`` tune the kNN vote; ``llm_decide(answer, question)`` is asked last.
        """
        self._embed = embed
        self._examples_path = examples_path or DEFAULT_EXAMPLES
        self._llm = llm_decide
        self._k = k
        self._min_similarity = min_similarity
        self._tau = tau  # similarity scale: neighbours ~3 tau behind the nearest hardly vote
        self._embed_threshold = embed_threshold
        self._examples: list[tuple[str, AnswerLabel]] | None = None
        self._vectors: np.ndarray | None = None

    # -- public -------------------------------------------------------------------------
    def interpret(self, answer: str, question: str = "") -> Interpretation:
        """Understand ``answer`` (to checklist ``question``); never raises."""
        try:
            return self._interpret(answer if isinstance(answer, str) else str(answer), question)
        except Exception:  # defensive: a chat turn must never crash on odd input
            log.exception("checklist answer could not be interpreted")
            return Interpretation("unklar", None, 0.0, "error")

    def interpret_rules(self, answer: str) -> Interpretation:
        """Rules only (no embedding, no LLM); the rule name is "none" if nothing matched."""
        norm = _normalize(answer)
        command = match_command(norm)
        if command:
            return Interpretation(None, command, 0.95, "command")
        asks, tagged = is_question_back(norm)
        if asks:
            return Interpretation("frage", None, 0.9, "rule:frage")
        if tagged:
            norm = _TAG_END.sub("", norm)
        label, conf, rule = classify(norm)
        if label is None:
            return Interpretation("unklar", None, 0.0, "none")
        return Interpretation(label, None, round(conf * (0.85 if tagged else 1.0), 3), rule)

    # -- stages -------------------------------------------------------------------------
    def _interpret(self, answer: str, question: str) -> Interpretation:
        result = self.interpret_rules(answer)
        if result.command or result.confidence >= CONFIDENT:
            return result
        if self._embed is not None and answer.strip():
            knn = self._knn(answer)
            if knn and knn.confidence >= max(self._embed_threshold, result.confidence):
                return knn
        if self._llm is not None and answer.strip():
            try:
                decided = self._llm(answer, question)
            except Exception:
                log.warning("llm_decide failed", exc_info=True)
                decided = None
            if decided in ANSWER_LABELS:
                return Interpretation(decided, None, CONFIDENT, "llm")
        if result.rule != "none" and result.label == "unklar":
            return result  # a hedge such as "naja": unclear, low confidence
        return Interpretation("unklar", None, min(result.confidence, 0.3) or 0.2, "fallback")

    def _ensure_vectors(self) -> tuple[list[tuple[str, AnswerLabel]], np.ndarray]:
        if self._examples is None or self._vectors is None:
            assert self._embed is not None
            examples = load_examples(self._examples_path)
            vectors = np.asarray(self._embed([text for text, _ in examples]), dtype=np.float32)
            self._examples, self._vectors = examples, _unit_rows(vectors)
        return self._examples, self._vectors

    def _knn(self, answer: str) -> Interpretation | None:
        embed = self._embed
        if embed is None:
            return None
        try:
            examples, vectors = self._ensure_vectors()
            query = _unit_rows(np.asarray(embed([answer[:2000]]), dtype=np.float32))[0]
        except Exception:
            log.warning("embedding fallback failed", exc_info=True)
            return None
        sims = vectors @ query
        top = np.argsort(-sims)[: self._k]
        if not len(top) or float(sims[top[0]]) < self._min_similarity:
            return None
        votes: dict[AnswerLabel, float] = {}
        best = float(sims[top[0]])
        for i in top:  # neighbours far behind the nearest one hardly count
            label = examples[int(i)][1]
            votes[label] = votes.get(label, 0.0) + float(np.exp((sims[i] - best) / self._tau))
        total = sum(votes.values()) or 1.0
        label, score = max(votes.items(), key=lambda kv: kv[1])
        share = score / total
        confidence = round(min(STRONG, 0.4 + 0.5 * share), 3)
        return Interpretation(label, None, confidence, "embedding")


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.atleast_2d(matrix)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
