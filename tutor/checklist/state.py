"""Serialisable state of one checklist conversation (kept per session, persisted as JSON)."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tutor.checklist.models import Checklist

RecordedLabel = Literal["ja", "nein", "unklar", "uebersprungen"]
"""What is stored per question: an answer, or that the user skipped it."""

ItemStatus = Literal["ja", "nein", "unklar", "uebersprungen", "offen"]
"""Status of a question in the result ("offen": never answered, result requested early)."""

STATE_VERSION = 1


def checklist_fingerprint(checklist: Checklist) -> str:
    """Short hash of the questions and bands: detects a replaced guide when a state is resumed."""
    payload = json.dumps(
        {
            "items": [[i.no, i.section, i.text] for i in checklist.items],
            "bands": [[b.min, b.max, b.verdict] for b in checklist.bands],
        },
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


class RecordedAnswer(BaseModel):
    """The stored answer to one question: the label and what the user actually wrote."""

    model_config = ConfigDict(frozen=True)

    label: RecordedLabel
    text: str = Field("", description="The user's original answer (empty for a skip).")
    followup: str | None = Field(
        None, description="The reply to the 'eher Ja oder Nein?' follow-up, if one was needed."
    )

    @property
    def shown(self) -> str:
        """What the user wrote, with the follow-up reply: 'teilweise → eher nein'."""
        if self.followup:
            return f"{self.text} → {self.followup}" if self.text else self.followup
        return self.text


class ChecklistState(BaseModel):
    """Everything needed to continue a conversation; plain data, round-trips through JSON.

    ``index`` is the 0-based position of the question currently asked; ``pending`` holds the
    first unclear answer while the follow-up question is open.
    """

    version: int = STATE_VERSION
    fingerprint: str
    index: int = Field(0, ge=0)
    answers: dict[int, RecordedAnswer] = Field(default_factory=dict)
    pending: str | None = None
    finished: bool = False
    finished_early: bool = False

    @classmethod
    def new(cls, checklist: Checklist) -> ChecklistState:
        """A fresh state positioned on the first question."""
        return cls(fingerprint=checklist_fingerprint(checklist))

    def to_json(self) -> str:
        """Compact JSON for a session store or database column."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, data: str | bytes) -> ChecklistState:
        """Rebuild a state from :meth:`to_json` output (raises pydantic.ValidationError)."""
        return cls.model_validate_json(data)

    def status_of(self, no: int) -> ItemStatus:
        """Recorded label of question ``no``, or "offen" if it has none yet."""
        answer = self.answers.get(no)
        return answer.label if answer else "offen"
