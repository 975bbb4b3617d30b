"""Purpose: "Wozu dient laut Leitfaden der Schritt „Mitarbeiterbefragung“?" — the options are
purposes ("Um … zu …") the material states for the other things of the same section
(:data:`SIBLINGS`: the steps of one list); a purpose the material also states for the asked
subject is never a wrong option (purposes of the same subject are all right answers, and the
truth check looks for the subject's nouns in the context of every sentence that states an
option).

All options share the purpose-clause frame ("Um … zu …"), so to e5 any two of them look alike
(median pairwise similarity above the course-wide paraphrase threshold). A wrong option
therefore paraphrases a right answer only if it shares most of its meaningful words, or if e5
puts the pair above the :data:`POOL_QUANTILE` of the purpose pool's own pairwise similarities
(a threshold relative to options of one kind, not to arbitrary pairs of texts)."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from tutor.prompts import render
from tutor.quiz.build_common import (
    MIN_WRONG,
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
from tutor.quiz.material import split_sentences
from tutor.quiz.models import QuizItem, RejectReason
from tutor.quiz.purposes import Purpose, purposes
from tutor.quiz.textnorm import content_stems, coverage, near_duplicate

POOL_QUANTILE = 0.95  # e5 above this share of the pool's pairs: the two purposes are one
STATED_COVERAGE = 0.75  # most stems of one purpose in the other: the same purpose
# Wrong purposes come from the same section only (a BuildContext.locality level): the purposes
# of the steps of one list ("Prozessmapping …, um Engpässe …" beside "Mitarbeiterbefragung …,
# um Einblicke …"). A purpose from elsewhere in the module is either plainly off-topic or true
# of the asked thing as well ("Pilotprojekte" vs. the roadmap they are the core of).
SIBLINGS = 0


class PurposeBuilder:
    """Candidates from every stated purpose of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    @cached_property
    def facts(self) -> list[Purpose]:
        """Every purpose the material states (see :mod:`tutor.quiz.purposes`)."""
        book = self.ctx.book
        skip = {s for c in book.cases for s in c.sentences}
        terms = {s: d.clean_term for d in book.definitions for s in split_sentences(d.quote)}
        out: list[Purpose] = []
        for chunk in self.ctx.material.chunks:
            lines = self.ctx.material.lines[chunk.chunk_id]
            out += purposes(chunk, lines, skip, terms, book.tools, self.ctx.truth.generic)
        return out

    def head(self, p: Purpose) -> str:
        """The subject's main noun stem ("eine KI-Roadmap" → roadmap): facts that share it
        are about the same thing."""
        nouns = [w for w in p.subject.split() if w[:1].isupper()]
        stems = content_stems(nouns[-1]) if nouns else content_stems(p.subject)
        return stems[-1] if stems else p.subject

    @cached_property
    def pool(self) -> list[Option]:
        """Purposes as wrong options (origin: their subject)."""
        return [
            Option(p.purpose, p.chunk.chunk_id, "purpose", p.key, p.subject) for p in self.facts
        ]

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """One question per purpose of the scope."""
        return [
            Candidate(
                "mc",
                "purpose",
                p.key,
                section_key(p.chunk),
                p.chunk.chunk_id,
                self._mc(p),
                f"purpose|{p.chunk.module}|{self.head(p)}",  # one question per subject
            )
            for p in self.facts
            if p.chunk.chunk_id in chunk_ids
        ]

    def _question(self, p: Purpose) -> str:
        where = place(p.chunk)
        if p.form == "schritt":
            return render("quiz", "frage.zweck_schritt", ort=where, schritt=nested(p.subject))
        if p.form == "um":
            return render("quiz", "frage.zweck_satz", ort=where, frage=p.verb)
        return render("quiz", "frage.zweck_dient", ort=where, verb=p.verb, subjekt=p.subject)

    def _mc(self, p: Purpose) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            head = self.head(p)
            same = [q.purpose for q in self.facts if self.head(q) == head]
            wrong = self.ctx.pick(
                self.pool,
                3,
                run,
                key=p.purpose,
                right=same,
                subject=p.subject,
                group=p.key,
                home=p.chunk,
                shown=p.subject if p.form != "um" else p.verb,
                safe=lambda o: self.head_of(o) != head and not self.near_subject(o, p),
                verify=lambda o: self.problem(o, same, p.subject),
                twins=self.same_purpose,
                reach=SIBLINGS,
                fewest=MIN_WRONG,
            )
            if not wrong:
                return None
            return self.ctx.item(
                type="mc",
                family="purpose",
                form="zweck",
                chunk=p.chunk,
                quote=p.quote,
                question=self._question(p),
                options=mc_options(p.purpose, [o.text for o in wrong], run.rng),
                answer=p.purpose,
                fact=p.purpose.removeprefix("Um "),
                explanation=self.ctx.because("zweck", p.chunk, p.quote, antwort=nested(p.purpose)),
                subject=p.subject,
                right=same,
                distractor_sources=[o.chunk_id for o in wrong],
            )

        return build

    @cached_property
    def pool_threshold(self) -> float:
        """e5 similarity above which two purposes of this material count as one: the
        :data:`POOL_QUANTILE` of all pairwise similarities of the purpose pool."""
        texts = sorted({p.purpose for p in self.facts})
        if len(texts) < 3:
            return self.ctx.truth.t_para
        sims = np.asarray(self.ctx.sim.matrix(texts, texts))
        upper = sims[np.triu_indices(len(texts), k=1)]
        return max(float(np.quantile(upper, POOL_QUANTILE)), self.ctx.truth.t_para)

    @cached_property
    def subject_threshold(self) -> float:
        """e5 similarity above which two subjects are near kin ("eine KI-Strategie" / "eine
        KI-Roadmap"): the :data:`POOL_QUANTILE` of the pairwise similarities of all subjects."""
        texts = sorted({p.subject for p in self.facts})
        if len(texts) < 3:
            return 1.0
        sims = np.asarray(self.ctx.sim.matrix(texts, texts))
        return float(np.quantile(sims[np.triu_indices(len(texts), k=1)], POOL_QUANTILE))

    def near_subject(self, option: Option, asked: Purpose) -> bool:
        """The option's own subject is near kin of the asked one or of a subject with the
        same head noun ("eine Roadmap" / "eine KI-Roadmap" / "eine KI-Strategie"): what serves
        the one may well serve the other, so its purpose is no safe wrong answer."""
        if not option.origin:
            return False
        head = self.head(asked)
        kin = sorted({q.subject for q in self.facts if self.head(q) == head} | {asked.subject})
        sims = self.ctx.sim.matrix([option.origin], kin)[0]
        return float(max(sims)) >= self.subject_threshold

    def same_purpose(self, a: str, b: str) -> bool:
        """A reader could take the two purposes for one (see the module docstring)."""
        if near_duplicate(a, b) or max(coverage(a, b), coverage(b, a)) >= STATED_COVERAGE:
            return True
        truth = self.ctx.truth
        mine, theirs = truth.meaningful(a), truth.meaningful(b)
        shared = len(mine & theirs)
        if shared and shared * 2 >= min(len(mine), len(theirs)):
            return True
        return self.ctx.sim.sim(a, b) >= self.pool_threshold

    def problem(self, option: Option, right: list[str], subject: str) -> RejectReason | None:
        """Why a purpose must not be a wrong option: it is one of the subject's purposes, it
        repeats the subject, its own subject is about the asked one, or the material states
        it about the asked subject."""
        truth = self.ctx.truth
        if any(self.same_purpose(option.text, r) for r in right):
            return RejectReason.DISTRACTOR_PARAPHRASE
        if truth.meaningful(option.text) & truth.meaningful(subject):
            return RejectReason.DISTRACTOR_TRUE
        if option.origin and truth.about(option.origin, subject):
            return RejectReason.DISTRACTOR_TRUE
        if truth.stated_about(option.text, subject, skip=right):
            return RejectReason.DISTRACTOR_TRUE
        return None

    def check(self, item: QuizItem) -> list[RejectReason]:
        """Form check of a finished purpose item (registered with the validator): every wrong
        option passes :meth:`problem` again."""
        origins = {o.text: o for o in self.pool}
        for text in item.options:
            if text == item.answer:
                continue
            option = origins.get(text, Option(text, item.source.chunk_id, "purpose", "", ""))
            reason = self.problem(option, item.right, item.subject)
            if reason is not None:
                return [reason]
        return []

    def head_of(self, option: Option) -> str:
        """Head noun of the subject a pooled option belongs to."""
        fact = next((q for q in self.facts if q.key == option.group), None)
        return self.head(fact) if fact else ""
