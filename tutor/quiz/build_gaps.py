"""Questions from definitions and key sentences: gap questions ("Welcher Begriff gehört in die
Lücke?", "Welches Wort steht im Kurstext …?"), "Was versteht man unter …?", "Was ist …?",
true/false on a gap, and cloze."""

from __future__ import annotations

import random

from tutor.prompts import render
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    Candidate,
    mc_options,
    nested,
    place,
    section_key,
)
from tutor.quiz.distractors import Option
from tutor.quiz.facts import Definition
from tutor.quiz.models import FactKind, Form, QuizItem
from tutor.quiz.textnorm import ARTICLES, fold

TERM_FORMS = frozenset({"bezeichnet", "sogenannt", "also", "klammer"})
DESCRIBED_FORMS = frozenset({"unter", "also", "sogenannt"})
MAX_CLOZE_WORDS = 4
HEAD_LETTERS = 5


class GapBuilder:
    """Candidates from definitions and salient-word sentences."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def definition_candidates(self, d: Definition, tier: int = 0) -> list[Candidate]:
        """Gap questions, "Was versteht man unter …?" and "Was ist …?" for one definition."""
        key = f"def|{d.chunk.chunk_id}|{d.term}"
        sec = section_key(d.chunk)
        kind: FactKind = "statement" if d.form == "satz" else "definition"
        out: list[Candidate] = []
        if d.form == "satz":
            out.append(Candidate("mc", kind, key, sec, tier, self._word_mc(d)))
            out.append(Candidate("tf", kind, key, sec, tier, self._word_tf(d)))
        if d.form in TERM_FORMS:
            out.append(Candidate("mc", kind, key, sec, tier, self._gap_mc(d)))
            out.append(Candidate("tf", kind, key, sec, tier, self._gap_tf(d, self.ctx.pools.terms)))
        if d.form == "ist":
            out.append(Candidate("mc", kind, key, sec, tier, self._ist_mc(d)))
            out.append(
                Candidate("tf", kind, key, sec, tier, self._gap_tf(d, self.ctx.pools.predicates))
            )
        if d.description and d.form in DESCRIBED_FORMS:
            out.append(Candidate("mc", kind, key, sec, tier, self._definition_mc(d)))
        if len(d.term.split()) <= MAX_CLOZE_WORDS:
            out.append(Candidate("cloze", kind, key, sec, tier, self._gap_cloze(d)))
        return out

    def _wrong(
        self, d: Definition, pool: list[Option], form: Form, k: int, rng: random.Random
    ) -> list[Option]:
        group = f"{d.chunk.chunk_id}:{d.term}"
        allowed = self.ctx.foreign(form, d.chunk, d.quote, d.term, group)
        style = "term" if pool is self.ctx.pools.terms else None
        return self.ctx.draw(pool, k, rng, d.term, allowed, d.chunk, style)

    def _mc(
        self,
        d: Definition,
        form: Form,
        question: str,
        answer: str,
        wrong: list[Option],
        rng: random.Random,
    ) -> QuizItem:
        return self.ctx.item(
            type="mc",
            kind="definition",
            form=form,
            chunk=d.chunk,
            quote=d.quote,
            question=question,
            options=mc_options(answer, [o.text for o in wrong], rng),
            answer=answer,
            fact=answer,
            explanation=self.ctx.explain_right(d.chunk, d.quote, answer),
            distractor_sources=[o.chunk_id for o in wrong],
        )

    def _gap_mc(self, d: Definition) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            wrong = self._wrong(d, self.ctx.pools.terms, "luecke", 3, rng)
            if not wrong:
                return None
            where = place(d.chunk, [d.term])
            question = render("quiz", "frage.luecke", ort=where, satz=nested(d.gap))
            return self._mc(d, "luecke", question, d.term, wrong, rng)

        return build

    def _words(self, d: Definition, k: int, rng: random.Random) -> list[Option]:
        """Other rare words of the course, never one with the same compound head (Datenbasis /
        Datengrundlage would be unfair near-synonyms)."""
        group = f"{d.chunk.chunk_id}:{d.term}"
        base = self.ctx.foreign("luecke", d.chunk, d.quote, d.term, group)
        head = fold(d.term)[:HEAD_LETTERS]

        def allowed(o: Option) -> bool:
            return fold(o.text)[:HEAD_LETTERS] != head and base(o)

        return self.ctx.draw(self.ctx.pools.words, k, rng, d.term, allowed, d.chunk)

    def _word_mc(self, d: Definition) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            wrong = self._words(d, 3, rng)
            if not wrong:
                return None
            where = place(d.chunk, [d.term])
            question = render("quiz", "frage.wort", ort=where, satz=nested(d.gap))
            item = self._mc(d, "luecke", question, d.term, wrong, rng)
            return item.model_copy(update={"kind": "statement"}).with_id()

        return build

    def _word_tf(self, d: Definition) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            truth = rng.random() < 0.5
            shown = d.term
            if not truth:
                wrong = self._words(d, 1, rng)
                if not wrong:
                    return None
                shown = wrong[0].text
            question = render(
                "quiz",
                "frage.wort_tf",
                ort=place(d.chunk, [d.term, shown]),
                fuellung=shown,
                satz=nested(d.gap),
            )
            return self.ctx.tf_item(
                kind="statement",
                form="luecke",
                chunk=d.chunk,
                quote=d.quote,
                question=question,
                truth=truth,
                fact=d.term,
                shown=shown,
            )

        return build

    def _ist_mc(self, d: Definition) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            wrong = self._wrong(d, self.ctx.pools.predicates, "ist", 3, rng)
            if not wrong:
                return None
            where = place(d.chunk, [d.term])
            question = render("quiz", "frage.ist", ort=where, subjekt=d.subject)
            return self._mc(d, "ist", question, d.term, wrong, rng)

        return build

    def _definition_mc(self, d: Definition) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            group = f"{d.chunk.chunk_id}:{d.term}"
            allowed = self.ctx.foreign("definition", d.chunk, d.quote, d.description, group)
            pool = self.ctx.pools.descriptions
            wrong = self.ctx.draw(pool, 3, rng, d.description, allowed, d.chunk)
            if not wrong:
                return None
            where = place(d.chunk, [d.description])
            question = render("quiz", "frage.definition", ort=where, begriff=nested(d.term))
            item = self._mc(d, "definition", question, d.description, wrong, rng)
            return item

        return build

    def _gap_tf(self, d: Definition, pool: list[Option]) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            truth = rng.random() < 0.5
            shown = d.term
            if not truth:
                wrong = self._wrong(d, pool, "luecke", 1, rng)
                if not wrong:
                    return None
                shown = wrong[0].text
            question = render(
                "quiz",
                "frage.luecke_tf",
                ort=place(d.chunk, [d.term, shown]),
                fuellung=nested(shown),
                satz=nested(d.gap),
            )
            return self.ctx.tf_item(
                kind="statement" if d.form == "satz" else "definition",
                form="luecke",
                chunk=d.chunk,
                quote=d.quote,
                question=question,
                truth=truth,
                fact=d.term,
                shown=shown,
            )

        return build

    def _gap_cloze(self, d: Definition) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            del rng
            plain = d.term.replace("„", "").replace("“", "").strip("'\" ")
            words = plain.split()
            accepted = [plain] if plain != d.term else []
            if len(words) > 1 and words[0].lower() in ARTICLES:
                accepted.append(" ".join(words[1:]))
            question = render(
                "quiz", "frage.luecke_cloze", ort=place(d.chunk, [d.term]), satz=nested(d.gap)
            )
            return self.ctx.item(
                type="cloze",
                kind="statement" if d.form == "satz" else "definition",
                form="luecke",
                chunk=d.chunk,
                quote=d.quote,
                question=question,
                answer=d.term,
                accepted=accepted,
                fact=d.term,
                explanation=self.ctx.explain_gap(d.chunk, d.quote, d.term),
            )

        return build
