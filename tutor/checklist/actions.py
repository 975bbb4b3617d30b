"""Next steps for questions not answered with "Ja": the guide's own advice plus course sections.

The guide bullets are handed out to all 29 questions at once (:mod:`advice`), located by the
guide's real heading levels (:mod:`outline`), and each question's phase is the guide chapter
its checklist section names. The course sections come from :mod:`course` (above a relevance
floor only); they are computed for all questions at once, since the checklist prior compares
each section across the whole checklist, and cached per index generation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from ingest.embeddings.backends import TextEmbedder
from ingest.index import StoreError
from tutor.checklist.advice import AdviceWeights, GuideAdvisor, ItemAdvice
from tutor.checklist.course import CourseMatcher, CourseWeights
from tutor.checklist.lexical import RootVocabulary
from tutor.checklist.models import ChecklistItem
from tutor.checklist.outline import GuideOutline
from tutor.checklist.result import CourseRef, GuideAdvice, ItemOutcome, NextStep
from tutor.retrieval.corpus import CorpusSnapshot
from tutor.retrieval.hybrid import HybridRetriever

log = logging.getLogger(__name__)


class Corpus(Protocol):
    """The part of :class:`tutor.retrieval.corpus.LiveCorpus` used here."""

    def snapshot(self) -> CorpusSnapshot:
        """The active index (StoreError if there is none)."""
        ...


def short_title(title: str) -> str:
    """The name a document goes by in citations: the first word of its title ("Leitfaden")."""
    words = title.split()
    return words[0] if words else title


class GuideActionFinder:
    """:class:`~tutor.checklist.result.ActionSource` over the guide outline and the course."""

    def __init__(
        self,
        outline: GuideOutline,
        guide_title: str,
        items: Sequence[ChecklistItem],
        corpus: Corpus,
        embedder: TextEmbedder,
        *,
        course_source: str | None = None,
        advice_weights: AdviceWeights | None = None,
        course_weights: CourseWeights | None = None,
        generation: Callable[[], object] | None = None,
        retriever: HybridRetriever | None = None,
    ) -> None:
        """``course_source``: the course's file name (the ``kurs`` role of ``rollen.toml``); None
        takes every document with numbered modules. ``generation()`` names the active index;
        results are cached per generation, so a re-ingest with a changed course is picked up.
        ``retriever``: the tutor's hybrid retriever, one signal of the course matcher (without
        it that signal is left out)."""
        self.outline = outline
        self.title = short_title(guide_title)
        self.items = list(items)
        self._corpus = corpus
        self._embedder = embedder
        self._course_source = course_source
        self._advice_weights = advice_weights or AdviceWeights()
        self._course_weights = course_weights or CourseWeights()
        self._generation = generation or (lambda: None)
        self._retriever = retriever
        self._advice: dict[int, ItemAdvice] | None = None
        self._matcher: tuple[object, CourseMatcher] | None = None
        self._course: tuple[object, dict[int, list[CourseRef]]] | None = None

    # -- public --------------------------------------------------------------------------
    def next_steps(self, outcomes: Sequence[ItemOutcome]) -> list[NextStep]:
        """One step per outcome; without an index the steps carry the guide advice only and
        a German note why course sections are missing."""
        note: str | None = None
        steps: list[NextStep] = []
        for outcome in outcomes:
            advice = self.advice().get(outcome.item.no, ItemAdvice((), None, None))
            course: list[CourseRef] = []
            if note is None:
                try:
                    course = self.course_for(outcome.item)
                except StoreError as exc:  # the score still counts; courses need the index
                    log.warning("next steps without course sections: %s", exc)
                    note = str(exc)
            phase = advice.phase
            steps.append(
                NextStep(
                    item=outcome.item,
                    status=outcome.status,
                    answer=outcome.answer,
                    guide=[self._quote(q.text, q.heading) for q in advice.quotes],
                    course=course,
                    note=note,
                    phase=self.outline.headings[phase].text if phase is not None else "",
                    phase_index=self._phase_index(phase),
                )
            )
        return steps

    def prefetch(self, items: Sequence[ChecklistItem] | None = None) -> None:
        """Look up all questions ahead of time (e.g. in a background thread at start-up)."""
        self.next_steps([ItemOutcome(item=i, status="offen") for i in items or self.items])

    def advice(self) -> dict[int, ItemAdvice]:
        """Guide bullets and phase of every checklist question (computed once)."""
        if self._advice is None:
            vocabulary = RootVocabulary(p.text for p in self.outline.points)
            advisor = GuideAdvisor(
                self.outline,
                self._embedder.embed_queries,
                self._embedder.embed_passages,
                vocabulary,
                self._advice_weights,
            )
            self._advice = advisor.assign(self.items)
        return self._advice

    def course_for(self, item: ChecklistItem) -> list[CourseRef]:
        """Course sections above the floor for one question (StoreError without an index)."""
        generation = self._generation()
        if self._course is None or self._course[0] != generation:
            self._course = (generation, {})
        if item.no not in self._course[1]:
            items = list(self.items)
            if all(i.no != item.no for i in items):
                items.append(item)
            self._course = (generation, self._course_all(items))
        return self._course[1][item.no]

    def _course_all(self, items: Sequence[ChecklistItem]) -> dict[int, list[CourseRef]]:
        matcher = self.matcher()
        advice = self.advice()
        queries = [self.course_query(it, advice.get(it.no)) for it in items]
        found = matcher.relevant_all(queries)
        return {
            it.no: [
                CourseRef(
                    module=s.module,
                    module_title=s.module_title,
                    section=s.title,
                    chunk_id=matcher.snapshot.chunks[s.chunks[0]].chunk_id,
                )
                for s, _ in refs
            ]
            for it, refs in zip(items, found, strict=True)
        }

    def course_query(
        self, item: ChecklistItem, advice: ItemAdvice | None
    ) -> tuple[str, str, str, str]:
        """(question, quoted bullets, guide headings, all bullets under them) for the course
        matcher: the guide section the checklist section names is the question's context."""
        advice = advice or ItemAdvice((), None, None)
        quotes = " ".join(q.text for q in advice.quotes)
        if advice.scope is None:
            return item.text, quotes, "", ""
        inside = set(self.outline.within(advice.scope))
        points = " ".join(p.text for p in self.outline.points if p.heading in inside)
        return item.text, quotes, " ".join(self.outline.titles(advice.scope)), points

    def matcher(self) -> CourseMatcher:
        """The course matcher over the active index (rebuilt after an ingest)."""
        generation = self._generation()
        if self._matcher is None or self._matcher[0] != generation:
            snapshot: CorpusSnapshot = self._corpus.snapshot()
            texts = [p.text for p in self.outline.points] + [c.text for c in snapshot.chunks]
            matcher = CourseMatcher(
                snapshot,
                self._course_source,
                self._embedder.embed_queries,
                RootVocabulary(texts),
                self._course_weights,
                self._retrieve_course if self._retriever else None,
            )
            self._matcher = (generation, matcher)
        return self._matcher[1]

    # -- helpers -------------------------------------------------------------------------
    def _retrieve_course(self, query: str) -> dict[str, float]:
        """The hybrid retriever's fused score of every course chunk for ``query``."""
        assert self._retriever is not None
        k = len(self._corpus.snapshot().chunks)
        found = self._retriever.retrieve(query, k=k, source=self._course_source)
        return {h.chunk.chunk_id: h.score for h in found.hits}

    def _quote(self, text: str, heading: int) -> GuideAdvice:
        titles = self.outline.titles(heading)
        return GuideAdvice(
            quote=text,
            title=self.title,
            chapter=titles[0] if titles else None,
            section=titles[1] if len(titles) > 1 else None,
            subsection=titles[2] if len(titles) > 2 else None,
        )

    def _phase_index(self, phase: int | None) -> int:
        chapters = [c for c in self.outline.chapters() if not self.outline.headings[c].frame]
        return chapters.index(phase) if phase in chapters else len(chapters)
