"""Questionnaire passages (the readiness checklist's "[ ] Ja / [ ] Nein" items) in the ranking.

A checklist item is itself a question ("21. Sind die Mitarbeiter im Umgang mit den KI-Tools
geschult?"), so e5 places it close to many everyday questions on the same topic, and it wins
over the passage that answers them (dev: 10 of the 55 missed paraphrases had a checklist item in
the top two). It answers only questions about the questionnaire itself. So unless the question
or the conversation before it names the questionnaire, a passage whose lines are mostly answer
boxes is moved down by a fixed amount of fused score (``RetrievalWeights.questionnaire_penalty``,
fitted by cross-validation, ``scripts/fit_retrieval_weights.py``). What counts as an answer box and
which words name the questionnaire is data (``prompts/fragebogen.toml``).
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache

import numpy as np

from tutor.retrieval.corpus import CorpusSnapshot
from tutor.wordlists import wordlist

QUESTIONNAIRE_FILE = "fragebogen"
BOX_SHARE = 0.5  # at least this share of a passage's lines are answer boxes


@lru_cache(maxsize=1)
def _box_line() -> re.Pattern[str]:
    return re.compile(wordlist(QUESTIONNAIRE_FILE, "antwortfeld").pattern().pattern, re.I | re.M)


@lru_cache(maxsize=1)
def _named() -> re.Pattern[str]:
    return wordlist(QUESTIONNAIRE_FILE, "fragebogen_genannt").word_pattern()


def is_questionnaire(text: str) -> bool:
    """Whether at least half of the passage's non-empty lines are answer boxes."""
    lines = [line for line in text.splitlines() if line.strip()]
    boxes = sum(1 for line in lines if _box_line().match(line))
    return bool(lines) and boxes / len(lines) >= BOX_SHARE


def names_questionnaire(*texts: str | None) -> bool:
    """Whether the question (or the conversation before it) names the questionnaire."""
    return any(t and _named().search(t.casefold()) for t in texts)


_FLAGS: weakref.WeakKeyDictionary[CorpusSnapshot, np.ndarray] = weakref.WeakKeyDictionary()


def questionnaire_flags(snap: CorpusSnapshot) -> np.ndarray:
    """Which chunks of the snapshot are questionnaire passages (cached per snapshot)."""
    flags = _FLAGS.get(snap)
    if flags is None:
        flags = np.array([is_questionnaire(c.text) for c in snap.chunks], dtype=bool)
        _FLAGS[snap] = flags
    return flags


def demote_questionnaire(
    fused: dict[int, float], snap: CorpusSnapshot, penalty: float
) -> dict[int, float]:
    """The fused scores with questionnaire passages lowered by ``penalty``."""
    if penalty <= 0:
        return fused
    flags = questionnaire_flags(snap)
    return {i: s - penalty if flags[i] else s for i, s in fused.items()}
