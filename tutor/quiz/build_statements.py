"""Which statement is true: "Welche Aussage trifft laut Modul 8 zu?" — one key statement of
the material against three statements the material contradicts: other key statements turned
into their opposite (:mod:`tutor.quiz.statements`), nearest first. The key's own opposite is
never among them (the pair would give the answer away). As true/false: "Stimmt diese Aussage
laut Modul 8?" with the statement or its opposite — only where the turn reads as a claim
(:attr:`Statement.claim`: a swapped contrast, a negation dropped from the main clause). A
negation dropped from an infinitive clause reads as an absurd instruction ("… darauf achten,
den persönlichen Kontakt vollständig zu ersetzen", review round 5 of issue #19): such
statements are asked as multiple choice only."""

from __future__ import annotations

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
from tutor.quiz.distractors import Option
from tutor.quiz.models import QuizItem, RejectReason
from tutor.quiz.statements import Statement
from tutor.quiz.textnorm import normalise

# Every turned statement is a key statement of the material put the wrong way round — the
# same kind of option wherever it stands — so the nearest are preferred but none is too far.
ANY_STATEMENT = 1.0
RELATED_WORDS = 2


class StatementBuilder:
    """Candidates from the key statements of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    @cached_property
    def pool(self) -> list[Option]:
        """Turned statements as wrong options (origin: the true statement)."""
        return [
            Option(s.false, s.chunk.chunk_id, "statement", s.key, s.true)
            for s in self.ctx.book.statements
        ]

    def twins(self, a: str, b: str) -> bool:
        """Two statements make the same point: half the meaningful words of the shorter one
        shared. (e5 ranks any two short "KI ist …" sentences alike, so it is not asked.)"""
        mine, theirs = self.ctx.truth.meaningful(a), self.ctx.truth.meaningful(b)
        shared = len(mine & theirs)
        return bool(shared) and shared * 2 >= min(len(mine), len(theirs))

    def related(self, a: str, b: str) -> bool:
        """Two statements on the same point (twins, or two meaningful words shared): the
        opposite of one must not stand beside the other, the pair would give the answer away."""
        shared = self.ctx.truth.meaningful(a) & self.ctx.truth.meaningful(b)
        return len(shared) >= RELATED_WORDS or self.twins(a, b)

    def contradicted(self, text: str) -> RejectReason | None:
        """None if ``text`` is a turned statement the material nowhere states as it stands."""
        wanted = normalise(text.rstrip("."))
        if not any(s.false == text for s in self.ctx.book.statements):
            return RejectReason.UNSUPPORTED
        if any(wanted in normalise(u.text) for u in self.ctx.truth.units):
            return RejectReason.DISTRACTOR_TRUE
        return None

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """A multiple-choice question per statement of the scope, and a true/false one where
        the turn reads as a claim (see module docstring)."""
        out: list[Candidate] = []
        for s in self.ctx.book.statements:
            if s.chunk.chunk_id in chunk_ids:
                sec, cid = section_key(s.chunk), s.chunk.chunk_id
                out.append(Candidate("mc", "statement", s.key, sec, cid, self._mc(s), s.key))
                if s.claim:
                    out.append(Candidate("tf", "statement", s.key, sec, cid, self._tf(s), s.key))
        return out

    def _item(self, s: Statement, run_type: str, question: str, answer: str, **kw) -> QuizItem:  # type: ignore[no-untyped-def]
        return self.ctx.item(
            type=run_type,  # type: ignore[arg-type]  # "mc" or "tf"
            family="statement",
            form="aussage",
            chunk=s.chunk,
            quote=s.quote,
            question=question,
            answer=answer,
            fact=s.true.rstrip("."),
            subject=s.true,
            right=[s.true],
            **kw,
        )

    def _mc(self, s: Statement) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            wrong = self.ctx.pick(
                self.pool,
                3,
                run,
                key=s.true,
                right=[s.true],
                subject=s.true,
                group=s.key,
                home=s.chunk,
                safe=lambda o: not self.related(o.origin, s.true),
                verify=lambda o: self.contradicted(o.text),
                band=ANY_STATEMENT,
                twins=self.twins,
            )
            if not wrong:
                return None
            local = all(
                self.ctx.locality(self.ctx.material.by_id[o.chunk_id], s.chunk) <= 1 for o in wrong
            )
            where = place(s.chunk) if local else self.ctx.course_name(s.chunk)
            return self._item(
                s,
                "mc",
                render("quiz", "frage.aussage", ort=where),
                s.true,
                options=mc_options(s.true, [o.text for o in wrong], run.rng),
                explanation=self.ctx.because("aussage", s.chunk, s.quote, antwort=nested(s.true)),
                distractor_sources=[o.chunk_id for o in wrong],
            )

        return build

    def _tf(self, s: Statement) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            truth = run.rng.random() < 0.5
            shown = s.true if truth else s.false
            question = render("quiz", "frage.aussage_tf", ort=place(s.chunk), aussage=nested(shown))
            explanation = (
                self.ctx.because("wahr", s.chunk, s.quote)
                if truth
                else self.ctx.because("aussage_falsch", s.chunk, s.quote, richtig=nested(s.true))
            )
            return self._item(
                s,
                "tf",
                question,
                "Wahr" if truth else "Falsch",
                options=["Wahr", "Falsch"],
                shown=shown.rstrip("."),
                explanation=explanation,
            )

        return build
