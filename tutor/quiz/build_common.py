"""Shared pieces of the item builders: candidates, stem locations, explanations."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tutor.prompts import render
from tutor.quiz.distractors import DistractorPools, Option
from tutor.quiz.material import CourseMaterial, source_ref
from tutor.quiz.models import FactKind, Form, QuestionType, QuizItem
from tutor.quiz.textnorm import content_stems, coverage
from tutor.quiz.validate import second_correct, true_false
from tutor.retrieval.corpus import IndexedChunk

LEAK_COVERAGE = 0.5
Builder = Callable[[random.Random], "QuizItem | None"]


@dataclass(frozen=True)
class Candidate:
    """A question that one fact can yield, built lazily with the run's seeded RNG."""

    type: QuestionType
    kind: FactKind
    key: str  # identity of the fact: one question per fact in a set
    section: str  # where the fact stands (to spread a set over sections)
    tier: int  # 0: list/figure/definition facts, 1: fallback salient-word gaps
    build: Callable[[random.Random], QuizItem | None]


def section_key(chunk: IndexedChunk) -> str:
    """Identity of the section a fact stands in (to spread a set over sections)."""
    return f"{chunk.source}|{chunk.module}|{chunk.section or chunk.chapter}"


def nested(text: str) -> str:
    """Inner quotation marks as German single quotes („…“ → ‚…‘) for use inside „…“."""
    return text.replace("„", "‚").replace("“", "‘").replace("\n", " ")


def place(chunk: IndexedChunk, avoid: Sequence[str]) -> str:
    """Where a fact stands, for the stem: with the section title unless that title contains
    (most of) one of the ``avoid`` texts — a heading must not give the answer away."""
    section = nested(chunk.section or chunk.chapter or "")
    leaks = bool(section) and any(
        content_stems(a) and coverage(a, section or "") >= LEAK_COVERAGE for a in avoid
    )
    if chunk.module is not None:
        if section and not leaks:
            return render("quiz", "ort.modul_abschnitt", nummer=chunk.module, abschnitt=section)
        return render("quiz", "ort.modul_kurz", nummer=chunk.module)
    if section and not leaks:
        key = "ort.dokument_abschnitt" if chunk.section else "ort.dokument_kapitel"
        field = "abschnitt" if chunk.section else "kapitel"
        return render("quiz", key, dokument=chunk.title, **{field: section})
    return f"„{chunk.title}“"


def origin(material: CourseMaterial, chunk_id: str) -> str:
    """Short German origin of a foreign option: 'Modul 4' or the document title."""
    chunk = material.by_id[chunk_id]
    if chunk.module is not None:
        return render("quiz", "ort.modul_kurz", nummer=chunk.module)
    return f"„{chunk.title}“"


class BuildContext:
    """What every builder needs: the material, the distractor pools, the shared checks."""

    def __init__(self, material: CourseMaterial, pools: DistractorPools) -> None:
        self.material = material
        self.pools = pools

    def foreign(
        self, form: Form, chunk: IndexedChunk, quote: str, fact: str, group: str
    ) -> Callable[[Option], bool]:
        """Filter for wrong options: from another list/definition, not a second right answer."""

        def allowed(option: Option) -> bool:
            if option.group == group:
                return False
            return not second_correct(self.material, form, option.text, chunk, quote, fact)

        return allowed

    def draw(
        self,
        pool: list[Option],
        k: int,
        rng: random.Random,
        correct: str,
        allowed: Callable[[Option], bool],
        chunk: IndexedChunk,
        style: str | None = None,
        like: Sequence[str] = (),
    ) -> list[Option]:
        """Draw ``k`` wrong options, preferring ones like ``like`` and on the module's topic."""
        topic = self.material.topic_stems(chunk)
        return self.pools.draw(pool, k, rng, correct, allowed, style=style, topic=topic, like=like)

    def item(
        self,
        *,
        type: QuestionType,
        kind: FactKind,
        form: Form,
        chunk: IndexedChunk,
        quote: str,
        question: str,
        answer: str,
        fact: str,
        explanation: str,
        options: Sequence[str] = (),
        accepted: Sequence[str] = (),
        shown: str = "",
        distractor_sources: Sequence[str] = (),
    ) -> QuizItem:
        """A finished item (with its deterministic id)."""
        return QuizItem(
            type=type,
            kind=kind,
            form=form,
            question=question,
            options=list(options),
            answer=answer,
            accepted=list(accepted),
            fact=fact,
            shown=shown,
            explanation=explanation,
            source=source_ref(chunk, quote),
            distractor_sources=list(distractor_sources),
        ).with_id()

    def tf_item(
        self,
        *,
        kind: FactKind,
        form: Form,
        chunk: IndexedChunk,
        quote: str,
        question: str,
        truth: bool,
        fact: str,
        shown: str,
        explanation: str | None = None,
        distractor_sources: Sequence[str] = (),
    ) -> QuizItem:
        """A true/false item; the explanation defaults to the standard one for ``truth``."""
        return self.item(
            type="tf",
            kind=kind,
            form=form,
            chunk=chunk,
            quote=quote,
            question=question,
            options=self.tf_options(),
            answer=tf_answer(truth),
            fact=fact,
            shown=shown,
            explanation=explanation or self.explain_tf(chunk, quote, truth, fact),
            distractor_sources=distractor_sources,
        )

    @staticmethod
    def explain_place(chunk: IndexedChunk, quote: str) -> str:
        """Full German location of a passage (module and section titles)."""
        return source_ref(chunk, quote).location()

    @staticmethod
    def tf_options() -> list[str]:
        """["Wahr", "Falsch"]."""
        return true_false()

    def explain_right(self, chunk: IndexedChunk, quote: str, answer: str) -> str:
        """'Richtig ist „…“. Laut Modul …: „…“'."""
        return render(
            "quiz",
            "erklaerung.richtig",
            antwort=nested(answer),
            ort=source_ref(chunk, quote).location(),
            zitat=nested(quote),
        )

    def explain_gap(self, chunk: IndexedChunk, quote: str, answer: str) -> str:
        """'Gesucht war „…“. Laut Modul …: „…“'."""
        return render(
            "quiz",
            "erklaerung.luecke",
            antwort=nested(answer),
            ort=source_ref(chunk, quote).location(),
            zitat=nested(quote),
        )

    def explain_tf(self, chunk: IndexedChunk, quote: str, truth: bool, right: str) -> str:
        """Why a true/false statement is true or false, with the quote."""
        where = source_ref(chunk, quote).location()
        if truth:
            return render("quiz", "erklaerung.wahr", ort=where, zitat=nested(quote))
        return render(
            "quiz", "erklaerung.falsch", richtig=nested(right), ort=where, zitat=nested(quote)
        )


def tf_answer(truth: bool) -> str:
    """'Wahr' or 'Falsch'."""
    return true_false()[0 if truth else 1]


def mc_options(correct: str, wrong: Sequence[str], rng: random.Random) -> list[str]:
    """The four options in a seeded random order."""
    options = [correct, *wrong]
    rng.shuffle(options)
    return options
