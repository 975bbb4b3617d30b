"""Purpose: "Wozu dienen Pilotprojekte laut Modul 10?" — the options are purposes ("Um …
zu …") the material states for other things, nearest first (same section, module, document);
a purpose the material also states for the asked subject is never a wrong option (purposes of
the same subject are all right answers, and the truth check looks for the subject's nouns in
the context of every sentence that states an option)."""

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
from tutor.quiz.material import split_sentences
from tutor.quiz.models import QuizItem
from tutor.quiz.purposes import Purpose, purposes
from tutor.quiz.textnorm import content_stems


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
                "mc", "purpose", p.key, section_key(p.chunk), p.chunk.chunk_id, self._mc(p), p.key
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
                safe=lambda o: self.head_of(o) != head,
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

    def head_of(self, option: Option) -> str:
        """Head noun of the subject a pooled option belongs to."""
        fact = next((q for q in self.facts if q.key == option.group), None)
        return self.head(fact) if fact else ""
