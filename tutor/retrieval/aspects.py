"""General aspects a follow-up can ask about the topic under discussion ("Wer macht das bei
uns?", "Wie lange dauert das?"): the interrogative frames that ask for them and the material's
words for that kind of information (``[aspekte]`` of ``followup.toml``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("followup.toml")


@dataclass(frozen=True)
class Aspect:
    """A general aspect a follow-up can ask about the topic under discussion."""

    name: str
    question: tuple[re.Pattern[str], ...]  # the interrogative frames that ask for it
    words: tuple[str, ...]  # the material's words for that kind of information


@cache
def aspects(path: Path = WORDS_FILE) -> tuple[Aspect, ...]:
    """The aspects of ``[aspekte]``, each with a one-line rationale, patterns and words."""
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("aspekte", {})
    out = []
    for name, entry in data.items():
        rationale = str(entry.get("rationale", "")).strip()
        if not rationale or "\n" in rationale or not entry.get("frage") or not entry.get("woerter"):
            raise ValueError(f"{path}: [aspekte.{name}] braucht Begründung, Frage und Wörter.")
        try:
            patterns = tuple(re.compile(str(p), re.IGNORECASE) for p in entry["frage"])
        except re.error as exc:
            raise ValueError(f"{path}: [aspekte.{name}] ungültiges Muster ({exc}).") from None
        out.append(Aspect(name, patterns, tuple(str(w) for w in entry["woerter"])))
    if not out:
        raise ValueError(f"{path}: [aspekte] braucht mindestens einen Aspekt.")
    return tuple(out)


def aspect_words(question: str) -> list[str]:
    """The material's words for the aspects a follow-up asks about ("Wer macht das bei uns?"
    → words of responsibility): its own words are only an interrogative frame, so the search
    is given the words in which the material states that kind of information."""
    return [w for a in aspects() if any(p.search(question) for p in a.question) for w in a.words]


def with_aspects(topic: str, question: str) -> str:
    """The search text of a follow-up: its topic words and the words of its aspects."""
    words = aspect_words(question)
    return f"{topic} {' '.join(words)}" if words else topic
