"""Case study → topic: the learner reads what a business did and names the topic of the module
the case illustrates ("Welches Thema aus Modul 5 veranschaulicht dieses Beispiel?"), and
content sentence → topic ("Zu welchem Thema gehört diese Aussage?"). Cases are used for
understanding, never for "how does the story go on".

The other topics (section titles of the same module) must be clearly further from the text:
no shared noun or compound part with it, and an e5 margin between the text's own section and
each of them. The stem shows the case without its outcome, at most :data:`MAX_CASE_WORDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from tutor.prompts import render
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    BuildRun,
    Candidate,
    mc_options,
    nested,
    section_key,
)
from tutor.quiz.cases import CaseStudy
from tutor.quiz.giveaway import links
from tutor.quiz.models import QuizItem
from tutor.quiz.option_checks import MIN_OPTIONS  # three clearly other topics, or no item
from tutor.quiz.steps import step_name
from tutor.retrieval.corpus import IndexedChunk

MAX_CASE_WORDS = 50
TOPIC_MARGIN = 0.012  # e5: the text is this much closer to its own section than to another
OPTIONS = 4


class CaseBuilder:
    """Candidates from every case study of the scope (case → topic)."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    @cached_property
    def topic_texts(self) -> dict[int, dict[str, str]]:
        """Per module: topic name (section title without its number) → the section's text."""
        out: dict[int, dict[str, str]] = {}
        lex = self.ctx.lexicon
        for c in self.ctx.material.chunks:
            if c.module is None or not c.section or lex.is_non_topic(c.section):
                continue
            texts = out.setdefault(c.module, {})
            name = step_name(c.section)
            texts[name] = f"{texts.get(name, '')} {c.text}".strip()
        return out

    def other_topics(self, chunk: IndexedChunk, text: str, shown: str) -> list[str]:
        """Topics of the chunk's module that are clearly not the text's own: ``shown`` (the
        stem's text) is closer by :data:`TOPIC_MARGIN` to its own section (without ``text``)
        than to the other topic, and no topic name shares a meaningful word with ``shown``
        (the own one would give the answer away, another one would mislead)."""
        topics = self.topic_texts.get(chunk.module or -1, {})
        own = step_name(chunk.section or "")
        if own not in topics or self.ctx.echoes(own, shown):
            return []
        names = list(topics)
        bodies = [topics[n].replace(text, " ") for n in names]
        scores = dict(zip(names, self.ctx.sim.matrix([shown], bodies)[0], strict=True))
        return [
            n
            for n in names
            if n != own
            and scores[own] - scores[n] >= TOPIC_MARGIN
            and not self.ctx.echoes(n, shown)
        ]

    def own_margin(self, chunk: IndexedChunk, text: str, shown: str) -> float:
        """e5: how much closer ``shown`` is to its own topic than to the closest other topic
        of the module (section texts without ``text``); -1 when there is nothing to compare."""
        topics = self.topic_texts.get(chunk.module or -1, {})
        own = step_name(chunk.section or "")
        names = [n for n in topics if n != own]
        if own not in topics or not names:
            return -1.0
        bodies = [topics[n].replace(text, " ") for n in [own, *names]]
        scores = self.ctx.sim.matrix([shown], bodies)[0]
        return float(scores[0] - max(scores[1:]))

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """One case → topic question per case of the scope."""
        out: list[Candidate] = []
        for case in self.ctx.book.cases:
            chunk = case.chunk
            if chunk.chunk_id not in chunk_ids or chunk.module is None or not chunk.section:
                continue
            if self.shown(case) is None:
                continue
            sec, cid = section_key(chunk), chunk.chunk_id
            out.append(
                Candidate(
                    "mc",
                    "case",
                    f"{case.key}|thema",
                    sec,
                    cid,
                    self._topic(case),
                    case.key,
                    case=True,
                )
            )
        return out

    @staticmethod
    def shown(case: CaseStudy, echoes: Callable[[str], bool] | None = None) -> str | None:
        """What the stem shows of a case: its sentences before the outcome, as many as fit in
        :data:`MAX_CASE_WORDS` (at least the first), up to the first that ``echoes`` the
        answer ("Empfehlungen für ergänzende Artikel" under "Empfehlungssysteme") — None when
        the first one does."""
        taken: list[str] = []
        for sentence in case.sentences[: case.outcome_index]:
            if len(" ".join([*taken, sentence]).split()) > MAX_CASE_WORDS:
                break
            if echoes is not None and echoes(sentence):
                break
            taken.append(sentence)
        return " ".join(taken) or None

    def asks_topic(self, case: CaseStudy) -> bool:
        """The case can be asked as case → topic (what :meth:`_topic` builds)."""
        chunk = case.chunk
        if chunk.module is None or not chunk.section:
            return False
        shown = self.shown(case, self._echoes_own(case))
        if shown is None:
            return False
        return len(self.other_topics(chunk, case.quote, shown)) >= MIN_OPTIONS - 1

    def _echoes_own(self, case: CaseStudy) -> Callable[[str], bool]:
        own = step_name(case.chunk.section or "")
        # also a word part ("Planungssoftware" under "Materialplanung", see :mod:`giveaway`)
        return lambda sentence: (
            self.ctx.echoes(own, sentence) or bool(links(own, sentence, self.ctx.truth))
        )

    def _topic(self, case: CaseStudy) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            shown = self.shown(case, self._echoes_own(case))
            if shown is None:
                run.stats.short("verraet_thema")
                return None
            others = self.other_topics(case.chunk, case.quote, shown)
            if len(others) < MIN_OPTIONS - 1:
                run.stats.short("zu_wenige_themen")
                return None
            own = step_name(case.chunk.section or "")
            wrong = run.rng.sample(others, min(OPTIONS - 1, len(others)))
            question = render(
                "quiz", "frage.ergebnis_thema", modul=str(case.chunk.module), fall=nested(shown)
            )
            return self.ctx.item(
                type="mc",
                family="case",
                form="zuordnung",
                chunk=case.chunk,
                quote=case.quote,
                question=question,
                options=mc_options(own, wrong, run.rng),
                answer=own,
                fact=case.sentences[0],
                explanation=self.ctx.because(
                    "zuordnung",
                    case.chunk,
                    case.quote,
                    begriff=nested(case.sentences[0]),
                    antwort=nested(own),
                ),
                subject=shown,
                right=[own],
            )

        return build
