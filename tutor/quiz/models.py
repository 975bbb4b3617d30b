"""Typed quiz records: source references, quiz items, quiz sets and generation reports.

Everything here is a plain pydantic model so the web app can keep it in a user session and a
database can persist it later (``model_dump_json`` / ``model_validate_json``).
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tutor.prompts import render

QuestionType = Literal["mc", "tf", "cloze"]
"""Multiple choice (one of four), true/false, cloze (free-text gap)."""

QUESTION_TYPES: tuple[QuestionType, ...] = ("mc", "tf", "cloze")

FactKind = Literal[
    "definition",
    "enumeration",
    "order",
    "case",
    "topic",
    "rule",
    "purpose",
    "statement",
    "draft",
    "figure",
]
"""The item family — what understanding it tests: a term and its meaning, a list, an order of
steps, a case study (which topic or rule it illustrates), which topic a concept belongs to,
applying a rule, the purpose of a measure ("Wozu dient …?"), which statement the course makes,
or an LLM draft. ("figure" is kept so sets exported by earlier versions still load.)"""

FAMILIES: tuple[FactKind, ...] = (
    "definition",
    "enumeration",
    "order",
    "case",
    "topic",
    "rule",
    "purpose",
    "statement",
)

Form = Literal[
    "begriff",
    "definition",
    "definition_punkt",
    "liste",
    "liste_nicht",
    "folge_nach",
    "folge_erst",
    "folge_letzt",
    "folge_vor",
    "ergebnis",
    "zuordnung",
    "regel_klasse",
    "regel_band",
    "zweck",
    "aussage",
    "gruppe",
    "entwurf",
    "beschreibung",
    "luecke",
    "zahl",
    "ist",
]
"""How the question asks (validation depends on it): description → term ("begriff"), term →
description ("definition"; "definition_punkt" when the term names one point of a list and
the other points are the options), list membership ("liste", "… NICHT …"), order ("folge_*"), case →
outcome ("ergebnis"), concept → category/step/module ("zuordnung"), rule application
("regel_*"), the purpose of a measure ("zweck"), which statement is true ("aussage"), which
point belongs to one of several sibling groups ("gruppe"), an LLM draft ("entwurf"). The last
four are forms of earlier versions."""


def _inner(text: str) -> str:
    """Quotation marks inside a „…“-quoted title become single ones (‚…‘)."""
    return text.replace("„", "‚").replace("“", "‘")


class QuizError(ValueError):
    """Bad quiz input (scope, count, edit, answer); the message is German, for the user."""


class RejectReason(StrEnum):
    """Why the validator refused a generated or edited item."""

    CORRECT_COUNT = "correct_count"  # not exactly one correct option
    DUPLICATE_OPTIONS = "duplicate_options"  # two options (near-)identical
    UNSUPPORTED = "unsupported_answer"  # the source does not state the answer
    ANSWER_IN_STEM = "answer_in_stem"  # answerable from the question's own wording
    DUPLICATE_QUESTION = "duplicate_question"  # same question or same fact already in the set
    MALFORMED = "malformed"  # empty text, wrong number of options, …
    DISTRACTOR_PARAPHRASE = "distractor_paraphrase"  # a wrong option repeats a right answer
    DISTRACTOR_TRUE = "distractor_true"  # the material states a wrong option about the subject
    WEAK_FORM = "weak_form"  # gap on a filler word or product name, true/false gap, …
    BAD_GERMAN = "bad_german"  # broken quotes, English words, leftover markup, …
    FEW_OPTIONS = "few_options"  # fewer than four options outside a named three-class scale
    KEY_LONGEST = "key_longest"  # the key is by far the longest option
    MIXED_FORMS = "mixed_forms"  # sentences and fragments side by side
    KEY_NEAR_STEM = "key_near_stem"  # the stem names a synonym or near-translation of the key
    SET_REPEAT = "set_repeat"  # same option set as, or key shown as wrong option by, another item


class SourceRef(BaseModel):
    """Where an item's fact stands: chunk, document, module/section and the quoted passage."""

    model_config = ConfigDict(frozen=True)

    chunk_id: str
    source: str
    title: str
    module: int | None = None
    module_title: str | None = None
    chapter: str | None = None
    section: str | None = None
    quote: str = Field(min_length=1)

    def location(self) -> str:
        """German location: 'Modul 5 „KI in Produktion und Handwerk“, Abschnitt „2. …“'."""
        if self.module is not None:
            title = _inner(self.module_title or "")
            parts = [render("quiz", "ort.modul", nummer=self.module, titel=title)]
        elif self.chapter:
            chapter = _inner(self.chapter)
            parts = [render("quiz", "ort.kapitel", dokument=self.title, titel=chapter)]
        else:
            parts = [render("quiz", "ort.dokument", dokument=self.title)]
        if self.section and self.section != self.chapter:
            parts.append(render("quiz", "ort.abschnitt", titel=_inner(self.section)))
        elif not self.section and not self.chapter:
            parts.append(render("quiz", "ort.einleitung"))  # text before the first heading
        return ", ".join(parts)

    def section_label(self) -> str:
        """The section (or chapter) the passage stands in; "Einleitung" before the first."""
        return self.section or self.chapter or render("quiz", "ort.einleitung")

    def short_location(self) -> str:
        """'Modul 5' or the guide's chapter — for stems, where the section could leak answers."""
        if self.module is not None:
            return render("quiz", "ort.modul_kurz", nummer=self.module)
        return render("quiz", "ort.dokument", dokument=self.title)

    def quote_line(self) -> str:
        """The quoted passage on one line (list items joined after their intro)."""
        return " ".join(line.strip() for line in self.quote.splitlines() if line.strip())


class QuizItem(BaseModel):
    """One validated question with its options, answer, explanation and cited source.

    ``answer`` is the correct option's text (mc), "Wahr"/"Falsch" (tf) or the expected gap
    text (cloze, further spellings in ``accepted``). ``fact`` is the text the item tests; it
    always occurs in ``source.quote``. ``shown`` is what a true/false statement claims (the
    fact itself when the answer is "Wahr", a foreign value when it is "Falsch").
    """

    item_id: str = ""
    type: QuestionType
    kind: FactKind
    form: Form
    question: str = Field(min_length=1)
    options: list[str] = Field(default_factory=list)
    answer: str = Field(min_length=1)
    accepted: list[str] = Field(default_factory=list)
    fact: str = Field(min_length=1)
    shown: str = ""
    explanation: str = ""
    source: SourceRef
    distractor_sources: list[str] = Field(default_factory=list)  # chunk ids of foreign options
    subject: str = ""  # what the question is about (list intro, term, case, scheme …)
    right: list[str] = Field(default_factory=list)  # every right answer (a wrong option must
    # not repeat any of them): the whole list, the description, the case's sentences

    @property
    def module(self) -> int | None:
        """Module number of the source (None for the guide / other documents)."""
        return self.source.module

    @property
    def section(self) -> str:
        """Section (or chapter) the fact comes from; "Einleitung" for a module's intro."""
        return self.source.section_label()

    @property
    def correct_index(self) -> int:
        """Index of the correct option (mc/tf); -1 for cloze or if missing."""
        return self.options.index(self.answer) if self.answer in self.options else -1

    def with_id(self) -> QuizItem:
        """Copy with a deterministic id (sha256 of type, question, answer and source chunk)."""
        key = "\x1f".join([self.type, self.question, self.answer, self.source.chunk_id])
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return self.model_copy(update={"item_id": digest})


class QuizScope(BaseModel):
    """What a set is about: one module, all modules ("gemischt") or one other document."""

    model_config = ConfigDict(frozen=True)

    module: int | None = None
    source: str | None = None

    def label(self) -> str:
        """German label for titles and messages."""
        if self.module is not None:
            return render("quiz", "ort.modul_kurz", nummer=self.module)
        if self.source:
            return self.source
        return render("quiz", "ort.gemischt")


class QuizSet(BaseModel):
    """An ordered, validated list of items for one scope (what is shown and exported)."""

    scope: QuizScope = Field(default_factory=QuizScope)
    seed: int | None = None
    items: list[QuizItem] = Field(default_factory=list)

    def item(self, item_id: str) -> QuizItem:
        """The item with ``item_id``; QuizError (German) if it is not in the set."""
        for it in self.items:
            if it.item_id == item_id:
                return it
        raise QuizError(render("quiz", "fehler.unbekannte_frage", kennung=item_id))


class DraftStats(BaseModel):
    """What happened to the LLM's drafts (opt-in path)."""

    requested: int = 0  # passages the LLM was asked to draft from
    drafts: int = 0  # drafts it returned (parsed or not)
    accepted: int = 0
    rejected: dict[str, int] = Field(default_factory=dict)
    replaced: int = 0  # rejected drafts replaced by a rule-built item
    errors: int = 0  # calls that failed (timeout, server error)


class GenerationStats(BaseModel):
    """Counts of one generation run: candidates built and checked, items accepted and the
    validator's rejections by reason, distractors dropped while building, the family mix."""

    generated: int = 0
    accepted: int = 0
    rejected: dict[str, int] = Field(default_factory=dict)
    distractors_dropped: dict[str, int] = Field(default_factory=dict)
    unbuilt: dict[str, int] = Field(default_factory=dict)  # per family: no safe options etc.
    # Why a builder found too few wrong options, by the filter stage that left too few:
    # "andere_art" (no option of the key's kind/shape nearby), "unplausibel" (outside the
    # plausibility band or not of the same sort), "nicht_sicher" (refused by the truth check).
    short_options: dict[str, int] = Field(default_factory=dict)
    families: dict[str, int] = Field(default_factory=dict)
    types: dict[str, int] = Field(default_factory=dict)
    sections: int = 0  # different sections the set covers
    llm: DraftStats | None = None
    seconds: float = 0.0

    def reject(self, reason: RejectReason) -> None:
        """Count one rejected item."""
        self.rejected[reason.value] = self.rejected.get(reason.value, 0) + 1

    def drop_distractor(self, reason: RejectReason) -> None:
        """Count one distractor candidate the truth check refused."""
        key = reason.value
        self.distractors_dropped[key] = self.distractors_dropped.get(key, 0) + 1

    def short(self, stage: str) -> None:
        """Count one pick of wrong options that ended short at ``stage``."""
        self.short_options[stage] = self.short_options.get(stage, 0) + 1

    @property
    def rejected_total(self) -> int:
        """All rejected items."""
        return sum(self.rejected.values())


class GenerationResult(BaseModel):
    """A generated set plus what happened on the way (counts, German warnings)."""

    quiz: QuizSet
    stats: GenerationStats
    warnings: list[str] = Field(default_factory=list)
