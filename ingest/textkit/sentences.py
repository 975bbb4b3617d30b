"""The one sentence splitter: after '.', '!' or '?' and whitespace, before a capital, an
opening quote or bracket, or a digit (German sentences may start with a number)."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"'(\d])")


def split_sentences(text: str) -> list[str]:
    """The sentences of one line or paragraph, stripped, empty pieces dropped."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
