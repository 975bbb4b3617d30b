"""Definition ↔ term: "Wie nennt man …?" / "Welcher Begriff ist gemeint: „…“?", "Was versteht
man unter …?" and the term as free text. No true/false "„X“ bedeutet: „…“": a true one copies
the text's gloss and tests recognition only, a false one swaps in a sibling's gloss the label
alone rules out — reviewers rated them acceptable at best.

Terms come from :mod:`term_facts`. Wrong options: the same list's other items first, then
terms or meanings of the same module or chapter (:meth:`BuildContext.pick`), each checked
against the right meaning; three are needed (four options, see :mod:`option_checks`). Free
text only for terms the text defines, never for a list label ("Speicherplatz" has many fair
wordings).
"""

from __future__ import annotations

from functools import cached_property

from tutor.prompts import render
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    BuildRun,
    Candidate,
    capital,
    mc_options,
    nested,
    place,
    section_key,
)
from tutor.quiz.distractors import MAX_DESCRIPTION_CHARS, Option, same_shape
from tutor.quiz.facts import refers_back
from tutor.quiz.models import QuizItem
from tutor.quiz.siblings import points_alike, sibling_list, sibling_problems
from tutor.quiz.term_facts import term_facts
from tutor.quiz.terms import TermFact, cloze_term
from tutor.quiz.textnorm import contains_phrase

LIST_SIBLINGS = 3  # a term defined by one point of a list: its siblings are the options


class TermBuilder:
    """Candidates from every term of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    @cached_property
    def facts(self) -> list[TermFact]:
        """Every usable term of the material."""
        return term_facts(self.ctx)

    @cached_property
    def term_pool(self) -> list[Option]:
        """Terms as wrong options (their meaning is the origin)."""
        return [Option(f.term, f.chunk.chunk_id, "term", f.group, f.meaning) for f in self.facts]

    @cached_property
    def meaning_pool(self) -> list[Option]:
        """Meanings as wrong options (their term is the origin)."""
        return [
            Option(capital(f.meaning.rstrip(".")), f.chunk.chunk_id, "desc", f.group, f.term)
            for f in self.facts
            if len(f.meaning) <= MAX_DESCRIPTION_CHARS and not refers_back(f.meaning)
        ]

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """All questions the scope's terms can yield (lazily built)."""
        out: list[Candidate] = []
        for f in self.facts:
            if f.chunk.chunk_id not in chunk_ids:
                continue
            sec, cid, g = section_key(f.chunk), f.chunk.chunk_id, f.group
            # a term that names a section of its module ("digitale Zwillinge") is shown by
            # every topic item of the module: "Wie nennt man …?" would be given away
            titled = any(
                contains_phrase(t, f.term) for t in self.ctx.material.section_titles(f.chunk)
            )
            if f.shown and not titled:
                out.append(Candidate("mc", "definition", f.key, sec, cid, self._term_mc(f), g))
            if len(f.meaning) <= MAX_DESCRIPTION_CHARS and (
                f.in_list or f.shown or len(f.siblings) >= LIST_SIBLINGS
            ):
                out.append(Candidate("mc", "definition", f.key, sec, cid, self._meaning_mc(f), g))
            if f.shown and not titled and self._askable(f):
                out.append(Candidate("cloze", "definition", f.key, sec, cid, self._cloze(f), g))
        return out

    def _askable(self, f: TermFact) -> bool:
        """A term a learner can fairly be asked to write: one the text defines (never a list
        label), of one or two content words, specific to the material."""
        if f.in_list or not cloze_term(f.term, self.ctx.lexicon.action_verbs):
            return False
        return self.ctx.specific(f.term)

    def _sibling_terms(self, f: TermFact) -> list[Option]:
        """Siblings whose own meaning does not overlap the asked one."""
        return [
            Option(t, f.chunk.chunk_id, "term", f"{f.group}|{t}", m)
            for t, m in f.siblings
            if t
            and same_shape(t, f.term)  # "Optimierung" beside "Ergebnisse analysieren" stands out
            and not self._alike(m, f.meaning)
            and not self.ctx.echoes(t, f.shown)
        ]

    def _alike(self, sibling: str, meaning: str) -> bool:
        """Two points of one labelled list that say the same in their wording. The author's
        labels set the points apart, so e5 closeness is no reason to refuse a sibling (to
        e5 every two short points on one subject look alike: "Anforderungen an Server und
        Computer" and "Bedarf an Datenbanken und Speichersystemen"); same-list siblings are
        the wrong options reviewers rated best (review round 4, issue #19)."""
        return points_alike(self.ctx.truth, sibling, meaning)

    def _wrong_terms(self, f: TermFact, k: int, run: BuildRun) -> list[Option]:
        siblings = self._sibling_terms(f)
        mixed = len(siblings) < k  # too few for an item of one list
        if mixed:  # beside other options a sibling passes their check (the validator's)
            siblings = [
                o for o in siblings if not self.ctx.truth.overlaps(o.origin, f.meaning.rstrip("."))
            ]
        picked = run.rng.sample(siblings, min(k, len(siblings)))
        if mixed and len(picked) < k:
            more = self.ctx.pick(
                self.term_pool,
                k - len(picked),
                run,
                key=f.term,
                right=[f.term, *(p.text for p in picked)],
                subject=f.meaning,
                group=f.group,
                home=f.chunk,
                shown=f.shown,
                fewest=max(1, k - len(picked)),
                safe=lambda o: (  # same module only (pick's reach): another module's term
                    # ("Predictive Maintenance" beside "Conversion-Rate") is struck out at sight
                    not self.ctx.truth.overlaps(o.origin.rstrip("."), f.meaning.rstrip("."))
                    and o.text not in {p.text for p in picked}
                ),
            )
            if len(picked) + len(more) < k:
                return []
            picked += more
        return picked

    def _wrong_meanings(self, f: TermFact, k: int, run: BuildRun) -> list[Option]:
        truth = self.ctx.truth
        siblings = [
            Option(capital(m), f.chunk.chunk_id, "desc", f"{f.group}|{t}", t)
            for t, m in f.siblings
            if len(m) <= MAX_DESCRIPTION_CHARS
            # points of one list are distinct by the author's own division; a labelled
            # sibling must not share the wording of the asked meaning or name its term
            and (not t or not (self._alike(m, f.meaning) or truth.about(m, f.term)))
        ]
        mixed = len(siblings) < k  # too few for an item of one list
        if mixed:  # beside other options a labelled sibling passes their check
            siblings = [
                o
                for o in siblings
                if not o.origin or truth.distractor_problem(o.text, [f.meaning], f.term) is None
            ]
        picked = run.rng.sample(siblings, min(k, len(siblings)))
        if mixed and len(picked) < k:
            more = self.ctx.pick(
                self.meaning_pool,
                k - len(picked),
                run,
                key=capital(f.meaning.rstrip(".")),
                right=[f.meaning],
                subject=f.term,
                group=f.group,
                home=f.chunk,
                fewest=max(1, k - len(picked)),
                safe=lambda o: o.text not in {p.text for p in picked},
            )
            if len(picked) + len(more) < k:
                return []
            picked += more
        return picked

    def _fair(self, item: QuizItem) -> QuizItem | None:
        """The item, unless its options are one labelled list's points and break a rule of
        :mod:`tutor.quiz.siblings` (the validator applies the same rules)."""
        book, truth = self.ctx.book, self.ctx.truth
        if sibling_list(book, item) and sibling_problems(book, truth, item):
            return None
        return item

    def _term_mc(self, f: TermFact) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            if f.in_list and not self.ctx.specific(f.term):
                return None  # a general word ("Mitarbeiter" beside "Kunden") names no one point
            wrong = self._wrong_terms(f, 3, run)
            if not wrong:
                return None
            key = "begriff_liste" if f.in_list else ("begriff_np" if f.np else "begriff")
            shown = f.shown if f.np else nested(f.shown)
            question = render("quiz", f"frage.{key}", ort=place(f.chunk), beschreibung=shown)
            return self._fair(
                self.ctx.item(
                    type="mc",
                    family="definition",
                    form="begriff",
                    chunk=f.chunk,
                    quote=f.quote,
                    question=question,
                    options=mc_options(f.term, [o.text for o in wrong], run.rng),
                    answer=f.term,
                    fact=f.term,
                    explanation=self.ctx.because(
                        "richtig", f.chunk, f.quote, antwort=nested(f.term)
                    ),
                    subject=f.meaning,
                    right=[f.term],
                    distractor_sources=[o.chunk_id for o in wrong],
                )
            )

        return build

    def _meaning_mc(self, f: TermFact) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            wrong = self._wrong_meanings(f, 3, run)
            if not wrong:
                return None
            key = "definition_liste" if f.in_list else "definition"
            answer = capital(f.meaning.rstrip("."))
            return self._fair(
                self.ctx.item(
                    type="mc",
                    family="definition",
                    form="definition_punkt" if f.siblings and not f.in_list else "definition",
                    chunk=f.chunk,
                    quote=f.quote,
                    question=render(
                        "quiz", f"frage.{key}", ort=place(f.chunk), begriff=nested(f.term)
                    ),
                    options=mc_options(answer, [capital(o.text) for o in wrong], run.rng),
                    answer=answer,
                    fact=f.meaning.rstrip("."),
                    explanation=self.ctx.because(
                        "richtig", f.chunk, f.quote, antwort=nested(answer)
                    ),
                    subject=f.term,
                    right=[f.meaning],
                    distractor_sources=[o.chunk_id for o in wrong],
                )
            )

        return build

    def _cloze(self, f: TermFact) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            del run  # nothing to draw: the term is the answer
            key = "begriff_np_cloze" if f.np else "begriff_cloze"
            shown = f.shown if f.np else nested(f.shown)
            question = render("quiz", f"frage.{key}", ort=place(f.chunk), beschreibung=shown)
            return self.ctx.item(
                type="cloze",
                family="definition",
                form="begriff",
                chunk=f.chunk,
                quote=f.quote,
                question=question,
                answer=f.term,
                fact=f.term,
                explanation=self.ctx.because("luecke", f.chunk, f.quote, antwort=nested(f.term)),
                subject=f.meaning,
                right=[f.term],
            )

        return build
