"""Typed records for the KI-Readiness checklist at the end of the guide."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CHECKLIST_CHAPTER = re.compile(r"readiness[-\s]?check", re.IGNORECASE)
"""The guide chapter that holds the checklist itself (it asks; it never explains)."""

AnswerLabel = Literal["ja", "nein", "unklar", "frage"]
"""How a free-text answer to one yes/no checklist question was understood."""

ANSWER_LABELS: tuple[AnswerLabel, ...] = ("ja", "nein", "unklar", "frage")


class ChecklistParseError(ValueError):
    """The checklist in the guide could not be read; the message is German, for the user."""


class ChecklistItem(BaseModel):
    """One numbered yes/no question with the section heading it belongs to."""

    model_config = ConfigDict(frozen=True)

    no: int = Field(ge=1)
    section: str
    text: str = Field(min_length=1)


class Band(BaseModel):
    """A score range (number of "Ja" answers, inclusive on both ends) and its verdict."""

    model_config = ConfigDict(frozen=True)

    min: int = Field(ge=0)
    max: int = Field(ge=0)
    verdict: str

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min > self.max:
            raise ValueError(f"band min {self.min} > max {self.max}")
        return self

    def contains(self, score: int) -> bool:
        """True when ``score`` lies inside this band."""
        return self.min <= score <= self.max


class Checklist(BaseModel):
    """The whole checklist: questions in order, evaluation bands and the intro paragraph."""

    model_config = ConfigDict(frozen=True)

    items: list[ChecklistItem]
    bands: list[Band]
    intro: str = ""

    @property
    def max_score(self) -> int:
        """The highest possible score (one point per question answered with "Ja")."""
        return len(self.items)

    @property
    def sections(self) -> list[str]:
        """Section headings in order of first appearance."""
        return list(dict.fromkeys(item.section for item in self.items))

    def item(self, no: int) -> ChecklistItem:
        """The question with number ``no`` (1-based)."""
        for it in self.items:
            if it.no == no:
                return it
        raise KeyError(no)

    def band_for(self, score: int) -> Band:
        """The evaluation band for ``score`` "Ja" answers; ValueError if outside all bands."""
        for band in self.bands:
            if band.contains(score):
                return band
        raise ValueError(f"score {score} is outside 0..{self.max_score}")
