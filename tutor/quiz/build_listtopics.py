"""List → topic: "Zu welchem Thema aus Modul 10 gehört diese Aufzählung: „Nutzenpotenzial für
das Unternehmen“, „Datenverfügbarkeit“, „technische Umsetzbarkeit“, „Akzeptanz bei
Mitarbeitern“?" — the learner recognises what a list of the module is for (criteria for
choosing a pilot, questions of the stock-taking) and names the topic that treats it.

The options are the module's other section titles, chosen as for case studies
(:meth:`CaseBuilder.other_topics`: no shared word with the points, clearly further away by e5),
and the list must be about its own topic: closer to it than to every other topic by
:data:`tutor.quiz.build_themes.THEME_MARGIN`. The stem shows the points without the list's
intro (the intro often names the topic: "Bei der Auswahl …"). Lists of product names, lists
inside a sentence and lists in frame sections (Reflexion …) are not asked.
"""

from __future__ import annotations

from tutor.prompts import render
from tutor.quiz.build_cases import CaseBuilder
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    BuildRun,
    Candidate,
    mc_options,
    nested,
    section_key,
)
from tutor.quiz.build_themes import THEME_MARGIN
from tutor.quiz.facts import Enumeration
from tutor.quiz.models import QuizItem
from tutor.quiz.steps import step_name

MAX_POINTS = 4  # the stem shows at most this many points
MAX_POINT_CHARS = 70
OPTIONS = 4


class ListTopicBuilder:
    """Candidates from the lists of a module's content sections."""

    def __init__(self, ctx: BuildContext, cases: CaseBuilder) -> None:
        self.ctx = ctx
        self.cases = cases

    def _points(self, e: Enumeration) -> list[str] | None:
        points = [it.text.rstrip(".,;") for it in e.items[:MAX_POINTS]]
        if len(points) < 3 or any(len(p) > MAX_POINT_CHARS for p in points):
            return None
        if sum(self.ctx.is_name(p) for p in points) * 2 >= len(points):
            return None  # a list of tools
        return points

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """One question per fitting list of the scope."""
        out: list[Candidate] = []
        for e in self.ctx.book.enumerations:
            chunk = e.chunk
            if chunk.chunk_id not in chunk_ids or chunk.module is None or not chunk.section:
                continue
            if e.inline or self.ctx.lexicon.is_non_topic(chunk.section):
                continue
            points = self._points(e)
            if points is None:
                continue
            key = f"listentopic|{e.key}"
            out.append(
                Candidate(
                    "mc",
                    "topic",
                    key,
                    section_key(chunk),
                    chunk.chunk_id,
                    self._build(e, points),
                    e.key,
                )
            )
        return out

    def _build(self, e: Enumeration, points: list[str]) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            chunk = e.chunk
            shown = "; ".join(points)
            if self.cases.own_margin(chunk, e.quote, shown) < THEME_MARGIN:
                return None
            others = self.cases.other_topics(chunk, e.quote, shown)
            if len(others) < OPTIONS - 1:
                return None
            own = step_name(chunk.section or "")
            wrong = run.rng.sample(others, OPTIONS - 1)
            listed = ", ".join(f"„{nested(p)}“" for p in points)
            question = render("quiz", "frage.liste_thema", modul=str(chunk.module), punkte=listed)
            return self.ctx.item(
                type="mc",
                family="topic",
                form="zuordnung",
                chunk=chunk,
                quote=e.quote,
                question=question,
                options=mc_options(own, wrong, run.rng),
                answer=own,
                fact=shown,
                explanation=self.ctx.because(
                    "zuordnung", chunk, e.quote, begriff=nested(shown), antwort=nested(own)
                ),
                subject=shown,
                right=[own],
            )

        return build
