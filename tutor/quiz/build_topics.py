"""Concept → category or step: "Welchem Bereich ist X laut Modul 1 zugeordnet?" (a 'Label:
a, b, c' list), "Zu welchem Schritt gehört X laut Leitfaden?" (a guide's bullets under their
step heading; the other options are the steps standing nearest to it in the guide). Every
wrong category is checked: the concept must not appear in it (its words, or a paraphrase of
one of its points); no option shares a meaningful word with the concept (that would give the
answer away or lead astray)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from tutor.prompts import render
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    BuildRun,
    Candidate,
    mc_options,
    nested,
    place,
    section_key,
)
from tutor.quiz.facts import parse_item
from tutor.quiz.models import QuizItem
from tutor.quiz.steps import step_name
from tutor.quiz.textnorm import content_stems, coverage, shape
from tutor.retrieval.corpus import IndexedChunk

MAX_CONCEPT_WORDS = 5
NEAREST_STEPS = 5  # wrong steps are drawn from the steps standing nearest in the guide
RARE_CHUNKS = 3
OPTIONS = 4


@dataclass(frozen=True)
class Assignment:
    """A concept, the category it belongs to, the other categories and their contents."""

    concept: str
    category: str
    others: tuple[tuple[str, str], ...]  # (category, its text)
    chunk: IndexedChunk
    quote: str
    intro: str
    kind: str  # kategorie | schritt

    @property
    def key(self) -> str:
        """Stable id of the fact."""
        return f"topic|{self.kind}|{self.chunk.chunk_id}|{self.concept}"


class TopicBuilder:
    """Candidates from categorised lists and a guide's steps."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    @cached_property
    def categories(self) -> list[Assignment]:
        """'Label: a, b, c' lists: every short sub-item → its label."""
        out: list[Assignment] = []
        for e in self.ctx.book.enumerations:
            labelled = [it for it in e.items if it.label and it.description]
            if not e.labelled or len(labelled) < OPTIONS - 1:
                continue
            if any(self.ctx.is_name(it.label or "") for it in labelled):
                continue
            texts = {it.label or "": it.description or "" for it in labelled}
            for it in labelled:
                desc = (it.description or "").strip()
                parts = [p.strip(" .") for p in desc.split(", ")]
                if len(parts) < 2 or shape(desc) == "sentence" or " Sie " in f" {desc} ":
                    continue  # not a list of sub-items ("Daten müssen … sein.")
                for part in parts:
                    if not self._specific(part):
                        continue
                    others = tuple((lab, txt) for lab, txt in texts.items() if lab != it.label)
                    quote = "\n".join(([e.intro] if e.intro else []) + [f"- {it.line}"])
                    out.append(
                        Assignment(
                            part, it.label or "", others, e.chunk, quote, e.intro, "kategorie"
                        )
                    )
        return out

    @cached_property
    def steps(self) -> list[Assignment]:
        """A module-less document's labelled bullets → the step heading they stand under;
        the other steps are ordered by their distance to it in the document."""
        by_step: dict[str, list[tuple[str, IndexedChunk, str]]] = {}
        position: dict[str, int] = {}
        for e in self.ctx.book.enumerations:
            chunk = e.chunk
            if chunk.module is not None or not e.labelled:
                continue
            step = step_name(chunk.section or chunk.chapter or "")
            if not step or self.ctx.is_name(step):
                continue
            position.setdefault(step, chunk.position)
            grouped = _under_subheading(e.quote)
            for it in e.items:
                if it.label and it.line not in grouped:
                    by_step.setdefault(step, []).append((it.label, chunk, it.line))
        out: list[Assignment] = []
        texts = {s: " ".join(f"{lab}: {line}" for lab, _, line in v) for s, v in by_step.items()}
        for step, labels in by_step.items():
            near = sorted(
                (s for s in texts if s != step), key=lambda s: abs(position[s] - position[step])
            )
            others = tuple((s, texts[s]) for s in near)
            for label, chunk, line in labels:
                if self._specific(label):
                    out.append(Assignment(label, step, others, chunk, f"- {line}", "", "schritt"))
        return out

    def _specific(self, concept: str) -> bool:
        """A concept worth asking about: several words, or one word rare in the material
        ("Bewerbervorauswahl"), never a product name or a generic word ("Kunden")."""
        tokens = concept.split()
        if not 1 <= len(tokens) <= MAX_CONCEPT_WORDS or self.ctx.is_name(concept):
            return False
        if len(tokens) > 1:
            return True
        stems = content_stems(concept)
        return bool(stems) and self.ctx.material.doc_freq.get(stems[0], 0) <= RARE_CHUNKS

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """Assignment questions of the scope."""
        out: list[Candidate] = []
        for a in [*self.categories, *self.steps]:
            if a.chunk.chunk_id not in chunk_ids or self.ctx.echoes(a.category, a.concept):
                continue
            sec, cid = section_key(a.chunk), a.chunk.chunk_id
            g = f"topic|{a.chunk.chunk_id}|{a.category}"
            out.append(Candidate("mc", "topic", a.key, sec, cid, self._mc(a), g))
        return out

    def _safe_others(self, a: Assignment) -> list[str]:
        """Other categories that do not mention the concept (words or paraphrase)."""
        truth = self.ctx.truth
        safe = []
        for category, text in a.others:
            points = [p for p in re.split(r"[:,.]\s+|\n", text) if p.strip()]
            if coverage(a.concept, text) >= 0.5 or truth.member_conflict(a.concept, points):
                continue
            if truth.overlaps(a.concept, category) or self.ctx.echoes(category, a.concept):
                continue
            safe.append(category)
        return safe

    def _mc(self, a: Assignment) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            safe = self._safe_others(a)
            if a.kind == "schritt":
                safe = safe[:NEAREST_STEPS]
            if len(safe) < OPTIONS - 1:
                run.stats.short("zu_wenige_themen")
                return None
            wrong = run.rng.sample(safe, OPTIONS - 1)
            key = "zuordnung_kategorie" if a.kind == "kategorie" else "zuordnung_schritt"
            question = render("quiz", f"frage.{key}", ort=place(a.chunk), begriff=nested(a.concept))
            return self._item(a, "mc", question, a.category, mc_options(a.category, wrong, run.rng))

        return build

    def _item(
        self,
        a: Assignment,
        qtype: str,
        question: str,
        answer: str,
        options: list[str],
        shown: str = "",
    ) -> QuizItem:
        explanation = self.ctx.because(
            "zuordnung", a.chunk, a.quote, begriff=nested(a.concept), antwort=nested(a.category)
        )
        return self.ctx.item(
            type=qtype,  # type: ignore[arg-type]  # "mc" or "tf"
            family="topic",
            form="zuordnung",
            chunk=a.chunk,
            quote=a.quote,
            question=question,
            options=options,
            answer=answer,
            fact=a.concept,
            shown=shown,
            explanation=explanation,
            subject=a.concept,
            right=[a.category],
        )


def _under_subheading(quote: str) -> set[str]:
    """Points that stand under a sub-heading inside a list: a bare point (no 'Label:') after
    labelled ones ("▪ Innovationen integrieren") heads the points after it, so they belong to
    that group rather than directly to the step the list stands under."""
    lines = [line[2:] for line in quote.split("\n") if line.startswith("- ")]
    seen_label = False
    for n, line in enumerate(lines):
        if parse_item(line).label:
            seen_label = True
        elif seen_label:
            return set(lines[n + 1 :])
    return set()
