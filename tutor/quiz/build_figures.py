"""Questions from case-study figures: "Um wie viel Prozent …?" (multiple choice), a figure in
a gap (true/false) and the number itself (cloze)."""

from __future__ import annotations

import random
import re

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
from tutor.quiz.facts import Figure
from tutor.quiz.models import QuizItem

QUALIFIER = re.compile(r"(?:\b(?P<prep>um|von)\s+)?(?:(?:rund|etwa|knapp|über|fast)\s+)?$")


def echo_question(f: Figure) -> str:
    """The figure sentence as a question: '… um 25 Prozent erhöht.' → '… um wie viel Prozent
    erhöht?' (a lone trailing '– …' or ', während …' clause is dropped)."""
    head, _, tail = f.sentence.partition(f.span)
    qualifier = QUALIFIER.search(head)
    prep = qualifier.group("prep") if qualifier else None
    head = head[: qualifier.start()] if qualifier else head
    lead, colon, rest = head.rpartition(": ")
    if colon and rest[:1].isupper():  # "… mit messbarem Erfolg: Die Quote stieg um …"
        head = rest
    unit = "Prozent" if f.unit == "%" else f.unit
    asked = render("quiz", "frage.um_wie_viel" if prep == "um" else "frage.wie_viel", einheit=unit)
    if prep == "von":
        asked = f"von {asked}"
    if tail.count(" – ") == 1:
        tail = tail.split(" – ")[0]
    tail = tail.split(", während ")[0]
    return f"{head.rstrip()} {asked}{tail.rstrip(' .')}?".strip()


def _with_context(f: Figure, key: str, **values: str) -> str:
    """A figure stem, led by the case study's opening sentence when there is one."""
    where = place(f.chunk, [f.span])
    if f.context:
        return render("quiz", f"{key}_kontext", ort=where, kontext=nested(f.context), **values)
    return render("quiz", key, ort=where, **values)


class FigureBuilder:
    """Candidates from the percentages in the scope's case studies."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def figure_candidates(self, f: Figure) -> list[Candidate]:
        """Multiple choice ("Um wie viel Prozent …?"), true/false and cloze for one figure."""
        key = f"fig|{f.chunk.chunk_id}|{f.sentence}"
        sec = section_key(f.chunk)
        return [
            Candidate("mc", "figure", key, sec, 0, self._figure_mc(f)),
            Candidate("tf", "figure", key, sec, 0, self._figure_tf(f)),
            Candidate("cloze", "figure", key, sec, 0, self._figure_cloze(f)),
        ]

    def _figures(self, f: Figure, k: int, rng: random.Random) -> list[Option]:
        base = self.ctx.foreign("zahl", f.chunk, f.quote, f.span, f.sentence)

        def allowed(o: Option) -> bool:
            return o.chunk_id != f.chunk.chunk_id and base(o)

        return self.ctx.pools.draw_figures(k, rng, f, allowed)

    def _figure_mc(self, f: Figure) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            wrong = self._figures(f, 3, rng)
            if not wrong:
                return None
            where = place(f.chunk, [f.span])
            if f.context:
                question = render(
                    "quiz",
                    "frage.zahl",
                    ort=where,
                    kontext=nested(f.context),
                    frage=echo_question(f),
                )
            else:
                question = render("quiz", "frage.zahl_ohne", ort=where, frage=echo_question(f))
            return self.ctx.item(
                type="mc",
                kind="figure",
                form="zahl",
                chunk=f.chunk,
                quote=f.quote,
                question=question,
                options=mc_options(f.span, [o.text for o in wrong], rng),
                answer=f.span,
                fact=f.span,
                explanation=self.ctx.explain_right(f.chunk, f.quote, f.span),
                distractor_sources=[o.chunk_id for o in wrong],
            )

        return build

    def _figure_tf(self, f: Figure) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            truth = rng.random() < 0.5
            shown = f.span
            if not truth:
                wrong = self._figures(f, 1, rng)
                if not wrong:
                    return None
                shown = wrong[0].text
            question = _with_context(f, "frage.zahl_tf", fuellung=shown, satz=nested(f.gapped()))
            return self.ctx.tf_item(
                kind="figure",
                form="zahl",
                chunk=f.chunk,
                quote=f.quote,
                question=question,
                truth=truth,
                fact=f.span,
                shown=shown,
            )

        return build

    def _figure_cloze(self, f: Figure) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            del rng
            question = _with_context(f, "frage.zahl_cloze", satz=nested(f.gapped(number_only=True)))
            return self.ctx.item(
                type="cloze",
                kind="figure",
                form="zahl",
                chunk=f.chunk,
                quote=f.quote,
                question=question,
                answer=f.number,
                accepted=[f.span],
                fact=f.span,
                explanation=self.ctx.explain_gap(f.chunk, f.quote, f.span),
            )

        return build
