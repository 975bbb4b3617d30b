"""Case study ↔ outcome and case → topic.

The stem tells what a business did; the learner picks how the case goes on (what it
achieved). Wrong options are outcomes of other cases — never one that repeats this case's own
result in other words (the same chatbot story appears in two modules) and never one of a case
about the same thing. Or the learner names the topic of the module the case illustrates; the
other topics must be clearly further from the case (no shared noun, e5 margin)."""

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
from tutor.quiz.cases import CaseStudy
from tutor.quiz.distractors import Option
from tutor.quiz.models import QuizItem
from tutor.quiz.steps import step_name
from tutor.quiz.textnorm import content_stems

MAX_SETTING_CHARS = 520
TOPIC_MARGIN = 0.012  # e5: the case is this much closer to its own section than to another
OPTIONS = 4


class CaseBuilder:
    """Candidates from every case study of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    @cached_property
    def pool(self) -> list[Option]:
        """Outcomes of every case as wrong options (origin: the case's setting)."""
        return [
            Option(c.outcome, c.chunk.chunk_id, "outcome", c.key, c.setting)
            for c in self.ctx.book.cases
        ]

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """Outcome questions (multiple choice and true/false) for the scope's cases."""
        out: list[Candidate] = []
        for case in self.ctx.book.cases:
            if case.chunk.chunk_id not in chunk_ids or len(case.setting) > MAX_SETTING_CHARS:
                continue
            sec, cid = section_key(case.chunk), case.chunk.chunk_id
            g = case.key
            out.append(Candidate("mc", "case", case.key, sec, cid, self._mc(case), g))
            out.append(Candidate("tf", "case", case.key, sec, cid, self._tf(case), g))
            if case.chunk.module is not None and case.chunk.section:
                key = f"{case.key}|thema"
                out.append(Candidate("mc", "topic", key, sec, cid, self._topic(case), g))
        return out

    def _topics(self, case: CaseStudy) -> list[str]:
        """Topics (section names) of the case's module that are clearly not its own: the
        case (without its outcome) is closer by :data:`TOPIC_MARGIN` to the rest of its own
        section than to the text of that topic, and no topic name's noun stands in the case."""
        lex = self.ctx.lexicon
        own = step_name(case.chunk.section or "")
        texts: dict[str, str] = {}
        for c in self.ctx.material.chunks:
            if c.module == case.chunk.module and c.section and not lex.is_non_step(c.section):
                text = c.text
                for sentence in case.sentences:
                    text = text.replace(sentence, " ")
                name = step_name(c.section)
                texts[name] = f"{texts.get(name, '')} {text}".strip()
        case_nouns = set(content_stems(case.quote))
        if own not in texts or self.ctx.truth.nouns(own) & case_nouns:
            return []  # no topic, or its name stands in the case: the stem would give it away
        names = list(texts)
        scores = dict(
            zip(
                names,
                self.ctx.sim.matrix([case.setting], [texts[n] for n in names])[0],
                strict=True,
            )
        )
        return [
            n
            for n in names
            if n != own
            and scores[own] - scores[n] >= TOPIC_MARGIN
            and not (self.ctx.truth.nouns(n) & case_nouns)
        ]

    def _topic(self, case: CaseStudy) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            others = self._topics(case)
            if len(others) < OPTIONS - 1:
                return None
            own = step_name(case.chunk.section or "")
            wrong = run.rng.sample(others, OPTIONS - 1)
            question = render(
                "quiz",
                "frage.ergebnis_thema",
                modul=str(case.chunk.module),
                fall=nested(case.setting),
            )
            return self.ctx.item(
                type="mc",
                family="topic",
                form="zuordnung",
                chunk=case.chunk,
                quote=case.quote,
                question=question,
                options=mc_options(own, wrong, run.rng),
                answer=own,
                fact=case.sentences[0],
                explanation=render(
                    "quiz",
                    "erklaerung.zuordnung",
                    begriff=nested(case.sentences[0]),
                    antwort=nested(own),
                    ort=self.ctx.where(case.chunk, case.quote),
                    zitat=nested(case.quote),
                ),
                subject=case.sentences[0],
                right=[own],
            )

        return build

    def _wrong(self, case: CaseStudy, k: int, run: BuildRun) -> list[Option]:
        return self.ctx.pick(
            self.pool,
            k,
            run,
            key=case.outcome,
            right=list(case.sentences),
            subject=case.setting,
            group=case.key,
        )

    def _mc(self, case: CaseStudy) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            wrong = self._wrong(case, 3, run)
            if not wrong:
                return None
            question = render(
                "quiz",
                "frage.ergebnis",
                ort=place(case.chunk, [case.outcome]),
                fall=nested(case.setting),
            )
            return self.ctx.item(
                type="mc",
                family="case",
                form="ergebnis",
                chunk=case.chunk,
                quote=case.quote,
                question=question,
                options=mc_options(case.outcome, [o.text for o in wrong], run.rng),
                answer=case.outcome,
                fact=case.outcome,
                explanation=self.ctx.because(
                    "richtig", case.chunk, case.quote, antwort=nested(case.outcome)
                ),
                subject=case.setting,
                right=list(case.sentences),
                distractor_sources=[o.chunk_id for o in wrong],
            )

        return build

    def _tf(self, case: CaseStudy) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            truth = run.rng.random() < 0.5
            shown = case.outcome
            if not truth:
                wrong = self._wrong(case, 1, run)
                if not wrong:
                    return None
                shown = wrong[0].text
            question = render(
                "quiz",
                "frage.ergebnis_tf",
                ort=place(case.chunk, [case.outcome]),
                fall=nested(case.setting),
                ergebnis=nested(shown),
            )
            explanation = (
                self.ctx.because("wahr", case.chunk, case.quote)
                if truth
                else self.ctx.because(
                    "falsch", case.chunk, case.quote, richtig=nested(case.outcome)
                )
            )
            return self.ctx.item(
                type="tf",
                family="case",
                form="ergebnis",
                chunk=case.chunk,
                quote=case.quote,
                question=question,
                options=["Wahr", "Falsch"],
                answer="Wahr" if truth else "Falsch",
                fact=case.outcome,
                shown=shown,
                explanation=explanation,
                subject=case.setting,
                right=list(case.sentences),
            )

        return build
