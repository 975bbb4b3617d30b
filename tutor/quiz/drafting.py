"""Opt-in LLM drafts: the model drafts a conceptual question from a passage, and the draft
must pass the same validator as every rule-built item (form ``entwurf``): the key is stated
in the passage, no wrong option is stated in the passage or anywhere else in the material,
and the German is clean. Rejected drafts are counted and their slots filled by rule-built
items (``stats.llm``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from tutor.llm.streaming import LLMUnavailable, StreamLimits, stream_text
from tutor.prompts import render
from tutor.quiz.build_common import BuildRun, mc_options, nested, place, section_key
from tutor.quiz.material import chunk_lines, source_ref
from tutor.quiz.models import DraftStats, QuizItem, QuizScope, RejectReason
from tutor.quiz.textnorm import content_stems, coverage, numbers

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from tutor.quiz.generate import QuizGenerator

DRAFT_SHARE = 0.5  # at most half of a set is drafted; the rest is rule-built
SUPPORT_COVERAGE = 0.75
_JSON = re.compile(r"\{.*\}", re.S)


class Draft(BaseModel):
    """What the model must return."""

    frage: str = Field(min_length=10, max_length=400)
    richtig: str = Field(min_length=1, max_length=200)
    falsch: list[str] = Field(min_length=3, max_length=3)


def parse_draft(text: str) -> Draft | None:
    """The first JSON object of the reply as a :class:`Draft`, or None."""
    match = _JSON.search(text or "")
    if not match:
        return None
    try:
        return Draft.model_validate(json.loads(match.group(0)))
    except (ValueError, ValidationError):
        return None


def supporting_sentence(passage: str, key: str) -> str | None:
    """The passage sentence that states the key (most of its stems, its numbers), if any."""
    best, score = None, 0.0
    for line in chunk_lines(passage):
        for sentence in line.sentences:
            if set(numbers(key)) - set(numbers(sentence)):
                continue
            value = coverage(key, sentence)
            if value > score:
                best, score = sentence, value
    return best if best and content_stems(key) and score >= SUPPORT_COVERAGE else None


class Drafter:
    """Asks a chat model for one draft per passage and keeps the ones that validate."""

    def __init__(self, model: BaseChatModel, limits: StreamLimits | None = None) -> None:
        self.model = model
        self.limits = limits or StreamLimits(timeout_s=60.0, retries=0)

    def ask(self, where: str, text: str) -> str:
        """The model's raw reply for one passage (LLMUnavailable when it fails)."""
        messages = [
            SystemMessage(render("quiz_llm", "entwurf.system")),
            HumanMessage(render("quiz_llm", "entwurf.nutzer", ort=where, text=text)),
        ]
        return "".join(stream_text(self.model, messages, self.limits))

    def draft(
        self,
        generator: QuizGenerator,
        scope: QuizScope,
        count: int,
        run: BuildRun,
        exclude: Sequence[QuizItem] = (),
    ) -> list[QuizItem]:
        """Validated drafts for up to half the set, one passage per section (seeded)."""
        stats = DraftStats()
        run.stats.llm = stats
        by_section: dict[str, Any] = {}
        for chunk in generator.material.in_scope(scope):
            if len(chunk.text) > 200:
                by_section.setdefault(section_key(chunk), chunk)
        passages = list(by_section.values())
        run.rng.shuffle(passages)
        items: list[QuizItem] = []
        for chunk in passages[: math.ceil(count * DRAFT_SHARE)]:
            stats.requested += 1
            try:
                reply = self.ask(place(chunk), chunk.text)
            except LLMUnavailable:
                stats.errors += 1
                continue
            stats.drafts += 1
            item = self._item(chunk, parse_draft(reply), run)
            problems = (
                [RejectReason.MALFORMED]
                if item is None
                else generator.validator.problems(item, [*exclude, *items])
            )
            if problems:
                stats.rejected[problems[0].value] = stats.rejected.get(problems[0].value, 0) + 1
                continue
            assert item is not None
            items.append(item)
        stats.accepted = len(items)
        stats.replaced = stats.requested - stats.accepted
        return items

    @staticmethod
    def _item(chunk: Any, draft: Draft | None, run: BuildRun) -> QuizItem | None:
        if draft is None:
            return None
        support = supporting_sentence(chunk.text, draft.richtig)
        quote = support or chunk.text.split("\n")[0]
        ref = source_ref(chunk, quote)
        return QuizItem(
            type="mc",
            kind="draft",
            form="entwurf",
            question=draft.frage.strip(),
            options=mc_options(draft.richtig.strip(), [f.strip() for f in draft.falsch], run.rng),
            answer=draft.richtig.strip(),
            fact=support or draft.richtig.strip(),
            explanation=render(
                "quiz",
                "erklaerung.richtig",
                antwort=nested(draft.richtig.strip()),
                ort=ref.location(),
                zitat=nested(quote),
            ),
            source=ref,
            subject=draft.frage.strip(),
        ).with_id()
