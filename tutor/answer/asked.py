"""What a question asks, as opposed to what it tells.

A business owner tells a story and asks in their own words ("Meine Leute haben Schiss, dass
ihnen der Computer den Job wegnimmt. Wie kriege ich die mit ins Boot?"). Two categories, kept
keep the story from choosing the first quoted unit:

- the e5 vector of the interrogative sentence alone (:func:`asked_text`, the focus of
  :func:`tutor.answer.focus.question_focus`) is what the answer features compare the units
  with as the question's "own words" (``cosine_own``), as for a follow-up as asked;
- everyday words for the AI system itself ("der Computer", "so ein Programm"; data in
  ``tutor/answer/data/asked.toml``): like "KI" they name no topic, so they add nothing to a
  unit's word overlap with the question.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tutor.answer.focus import question_focus
from tutor.answer.patterns import PatternError, rationale
from tutor.retrieval.text import tokens

ASKED_FILE = Path(__file__).with_name("data") / "asked.toml"


@dataclass(frozen=True)
class AskedRules:
    """The word category of :mod:`tutor.answer.asked`, loaded from data."""

    lay_words: frozenset[str]  # stems of everyday words for the AI system itself


def _section(data: dict[str, object], name: str) -> dict[str, object]:
    section = data.get(name)
    if not isinstance(section, dict):
        raise PatternError(f"{ASKED_FILE.name}: [{name}] fehlt.")
    rationale(section, f"{ASKED_FILE.name}: [{name}]")
    return section


@cache
def asked_rules(path: Path = ASKED_FILE) -> AskedRules:
    """The rules, loaded and validated once (a German message names a broken entry)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PatternError(f"{path.name} fehlt oder ist fehlerhaft: {exc}") from exc
    words = _section(data, "alltagswoerter_fuer_ki").get("woerter")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise PatternError(f"{path.name}: [alltagswoerter_fuer_ki] braucht 'woerter'.")
    return AskedRules(frozenset(s for w in words for s in tokens(w)))


def asked_text(question: str) -> str | None:
    """The interrogative sentence of a question that also tells a story (None when the
    question is all interrogative: then the question itself is what is asked)."""
    focus = question_focus(question)
    if not focus.context.strip() or not tokens(focus.text):
        return None
    return focus.text


def stem_weights(stems: Iterable[str]) -> dict[str, float]:
    """How much each stem of the question counts in a unit's word overlap: everyday words
    for the AI system nothing, the rest fully."""
    lay = asked_rules().lay_words
    return {s: 0.0 if s in lay else 1.0 for s in stems}
