"""What a checklist run yields: score, band, per-section counts and next steps (the models;
:mod:`tutor.checklist.scoring` computes them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from tutor.checklist.models import Band, ChecklistItem
from tutor.checklist.state import ItemStatus
from tutor.prompts import render


class ItemOutcome(BaseModel):
    """One question with its final status and the user's own words."""

    model_config = ConfigDict(frozen=True)

    item: ChecklistItem
    status: ItemStatus
    answer: str = ""


class SectionScore(BaseModel):
    """ "Ja" answers out of all questions of one checklist section (one bar of a chart)."""

    model_config = ConfigDict(frozen=True)

    section: str
    ja: int
    total: int


class GuideAdvice(BaseModel):
    """A recommendation quoted verbatim from the guide (one bullet or sentence)."""

    model_config = ConfigDict(frozen=True)

    quote: str = Field(description="The guide's text, e.g. 'Break-Even-Analyse durchführen: …'.")
    title: str
    chapter: str | None = Field(None, description="Level-1 heading (a phase of the guide).")
    section: str | None = Field(None, description="Level-2 heading, if the quote has one.")
    subsection: str | None = Field(None, description="Level-3 heading, if the quote has one.")
    chunk_id: str = ""

    def location(self) -> str:
        """German location following the guide's heading levels: 'Leitfaden …, Kapitel „…“,
        Abschnitt „…“, Unterabschnitt „…“'."""
        if not self.chapter:
            return self.title
        if self.section and self.subsection:
            return render(
                "checklist",
                "ort.leitfaden_unterabschnitt",
                titel=self.title,
                kapitel=self.chapter,
                abschnitt=self.section,
                unterabschnitt=self.subsection,
            )
        if self.section:
            return render(
                "checklist",
                "ort.leitfaden_abschnitt",
                titel=self.title,
                kapitel=self.chapter,
                abschnitt=self.section,
            )
        return render("checklist", "ort.leitfaden", titel=self.title, kapitel=self.chapter)


class CourseRef(BaseModel):
    """A course module (and section) that teaches the topic of a question."""

    model_config = ConfigDict(frozen=True)

    module: int
    module_title: str = ""
    section: str | None = None
    chunk_id: str = ""

    def label(self) -> str:
        """German citation: 'Modul 8 „Strategische Einführung …“, Abschnitt „…“'."""
        if self.section:
            return render(
                "checklist",
                "ort.modul_abschnitt",
                nummer=self.module,
                titel=self.module_title,
                abschnitt=self.section,
            )
        return render("checklist", "ort.modul", nummer=self.module, titel=self.module_title)


class NextStep(BaseModel):
    """What to do about one question not answered with "Ja"."""

    model_config = ConfigDict(frozen=True)

    item: ChecklistItem
    status: ItemStatus
    answer: str = ""
    guide: list[GuideAdvice] = Field(default_factory=list)
    course: list[CourseRef] = Field(default_factory=list)
    note: str | None = Field(
        None, description="German reason why no advice could be looked up (e.g. no index)."
    )
    phase: str = Field("", description="The guide chapter (phase) the question belongs to.")
    phase_index: int = Field(0, ge=0, description="Position of that phase in the guide.")
    urgent: bool = Field(False, description="One of the (at most three) most urgent steps.")
    urgent_reason: str = Field("", description="German reason why the step is urgent.")


class ActionSource(Protocol):
    """Finds the guide's advice and course modules for questions not answered with "Ja"."""

    def next_steps(self, outcomes: Sequence[ItemOutcome]) -> list[NextStep]:
        """One step per outcome, in the order given."""
        ...


class ChecklistResult(BaseModel):
    """Score, the guide's verdict for it, per-section counts and next steps in phase order."""

    score: int
    max_score: int
    band: Band
    sections: list[SectionScore]
    outcomes: list[ItemOutcome]
    next_steps: list[NextStep]
    finished_early: bool = False
    unanswered: int = 0
    bands: list[Band] = Field(default_factory=list, description="All bands of the guide.")

    @property
    def verdict(self) -> str:
        """The guide's verdict text for the score, exactly as written there."""
        return self.band.verdict

    @property
    def urgent(self) -> list[NextStep]:
        """The (at most three) steps to start with."""
        return [s for s in self.next_steps if s.urgent]

    @property
    def band_share(self) -> float:
        """Position of the band among the guide's bands: 0.0 lowest … 1.0 highest."""
        ranked = sorted(self.bands or [self.band], key=lambda b: b.min)
        if len(ranked) < 2 or self.band not in ranked:
            return 0.0
        return ranked.index(self.band) / (len(ranked) - 1)
