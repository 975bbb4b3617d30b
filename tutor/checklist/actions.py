"""Next steps for questions not answered with "Ja": the guide's own advice plus course modules.

For each question the guide is searched (excluding the checklist chapter itself), the
retrieved chunks are split into their bullets ("Break-Even-Analyse durchführen: Berechnen
Sie …") and sentences, and the bullet closest to the question is quoted verbatim. Ranking
mixes the embedding similarity with word overlap and whether the chunk's heading matches the
question's checklist section (the checklist mirrors the guide's phases). The course is then
searched for 1–2 modules that teach the topic.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ingest.embeddings.backends import TextEmbedder
from ingest.index import StoreError
from tutor.checklist.models import ChecklistItem
from tutor.checklist.questions import CHECKLIST_CHAPTER
from tutor.checklist.result import CourseRef, GuideAdvice, ItemOutcome, NextStep
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.hybrid import Retrieval
from tutor.retrieval.text import tokens

log = logging.getLogger(__name__)

GUIDE_SOURCE = "leitfaden-ki-integration-kmu.txt"
COURSE_SOURCE = "kurs-ki-fuer-kmu.txt"

_BULLET = re.compile(r"^(?:[-–•▪*]|o(?=\s))\s+")
_LABELLED = re.compile(r"^([^:.!?]{3,80}):\s+(\S.*)$")  # "Label: description"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")
_RECAP = re.compile(r"reflexion|zusammenfassung|ausblick|abschluss", re.IGNORECASE)


class Retriever(Protocol):
    """The part of :class:`tutor.retrieval.hybrid.HybridRetriever` used here."""

    def retrieve(
        self, query: str, k: int = 5, module: int | None = None, source: str | None = None
    ) -> Retrieval:
        """Top-k chunks for ``query``, optionally restricted to one source file."""
        ...


@dataclass(frozen=True)
class _Candidate:
    text: str
    chunk: IndexedChunk
    labelled: bool  # "Label: description" (an actionable bullet)
    bare: bool  # a bullet heading without description ("KPIs überwachen")


@dataclass(frozen=True)
class Weights:
    """How candidate bullets are ranked (tuned by hand on the 29 checklist questions)."""

    lexical: float = 0.3
    heading: float = 0.15
    prose_penalty: float = 0.08
    bare_penalty: float = 0.04
    tie_margin: float = 0.03  # a second bullet of the same chunk this close is quoted too
    second_module: float = 0.8  # second module kept if its strength ≥ this share of the first


def candidates(chunk: IndexedChunk) -> list[_Candidate]:
    """Bullets ("Label: text"), bare bullet headings and prose sentences of a guide chunk."""
    out: list[_Candidate] = []
    for raw in chunk.text.splitlines():
        line = raw.strip()
        bullet = bool(_BULLET.match(line))
        line = _BULLET.sub("", line).strip()
        if not line or line.endswith(":"):
            continue  # "Beispiele:", "Technische Ressourcen:"
        if _LABELLED.match(line):
            out.append(_Candidate(line, chunk, labelled=True, bare=False))
        elif bullet and len(line) <= 60 and not line.endswith((".", "!", "?")):
            out.append(_Candidate(line, chunk, labelled=False, bare=True))
        else:
            out += [
                _Candidate(s, chunk, labelled=False, bare=False)
                for s in _SENTENCE.split(line)
                if len(s) >= 25
            ]
    return out


def _coverage(wanted: set[str], found: set[str]) -> float:
    return len(wanted & found) / len(wanted) if wanted else 0.0


class GuideActionFinder:
    """:class:`~tutor.checklist.result.ActionSource` over the indexed guide and course."""

    def __init__(
        self,
        retriever: Retriever,
        embedder: TextEmbedder,
        *,
        guide_source: str = GUIDE_SOURCE,
        course_source: str = COURSE_SOURCE,
        guide_hits: int = 12,
        course_hits: int = 8,
        weights: Weights | None = None,
        generation: Callable[[], object] | None = None,
    ) -> None:
        """``generation()`` names the active index (e.g. its folder); results are cached per
        generation, so a re-ingest with a changed guide or course is picked up."""
        self._retriever = retriever
        self._embedder = embedder
        self._guide = guide_source
        self._course = course_source
        self._guide_hits = guide_hits
        self._course_hits = course_hits
        self._w = weights or Weights()
        self._generation = generation or (lambda: None)
        self._passage_vectors: dict[str, np.ndarray] = {}
        self._query_vectors: dict[str, np.ndarray] = {}
        self._cache: dict[tuple[object, str, str], tuple[list[GuideAdvice], list[CourseRef]]] = {}

    def next_steps(self, outcomes: Sequence[ItemOutcome]) -> list[NextStep]:
        """One step per outcome; without an index the steps carry no advice (logged)."""
        steps: list[NextStep] = []
        if outcomes:  # one batch instead of one embedding call per question
            self._queries([o.item.text for o in outcomes])
        note: str | None = None  # set once the index turns out to be missing
        for outcome in outcomes:
            guide: list[GuideAdvice] = []
            course: list[CourseRef] = []
            if note is None:
                try:
                    guide, course = self.lookup(outcome.item)
                except StoreError as exc:  # the score still counts; advice needs the index
                    log.warning("next steps without guide advice: %s", exc)
                    note = str(exc)
            steps.append(
                NextStep(
                    item=outcome.item,
                    status=outcome.status,
                    answer=outcome.answer,
                    guide=guide,
                    course=course,
                    note=note,
                )
            )
        return steps

    def prefetch(self, items: Sequence[ChecklistItem]) -> None:
        """Look up all questions ahead of time (e.g. in a background thread at start-up)."""
        self.next_steps([ItemOutcome(item=item, status="offen") for item in items])

    def lookup(self, item: ChecklistItem) -> tuple[list[GuideAdvice], list[CourseRef]]:
        """Guide advice (0–2 quotes) and course modules (0–2) for one question, cached."""
        key = (self._generation(), item.section, item.text)
        if key not in self._cache:
            advice = self.advice_for(item)
            self._cache[key] = (advice, self.modules_for(item, advice))
        return self._cache[key]

    def advice_for(self, item: ChecklistItem) -> list[GuideAdvice]:
        """The guide's bullet(s) that best match the question, quoted verbatim."""
        retrieval = self._retriever.retrieve(
            f"{item.section}: {item.text}", self._guide_hits, source=self._guide
        )
        chunks = [
            h.chunk for h in retrieval.hits if not CHECKLIST_CHAPTER.search(h.chunk.chapter or "")
        ]
        pool = [c for chunk in chunks for c in candidates(chunk)]
        if not pool:
            return []
        scores = self._score(item, self._queries([item.text])[0], pool)
        order = np.argsort(-scores)
        best = pool[int(order[0])]
        chosen = [best]
        if len(order) > 1:  # a question naming two things ("quantitative und qualitative")
            runner_up = pool[int(order[1])]
            close = scores[order[1]] >= scores[order[0]] - self._w.tie_margin
            if close and best.labelled and runner_up.labelled and runner_up.chunk == best.chunk:
                chosen.append(runner_up)
        return [
            GuideAdvice(
                quote=c.text,
                title=c.chunk.title,
                chapter=c.chunk.chapter,
                section=c.chunk.section,
                chunk_id=c.chunk.chunk_id,
            )
            for c in chosen
        ]

    def modules_for(self, item: ChecklistItem, advice: Sequence[GuideAdvice]) -> list[CourseRef]:
        """1–2 course modules (with section) on the topic of the question and its advice."""
        query = " ".join([item.text, *(a.quote for a in advice[:1])])
        hits = self._retriever.retrieve(query, self._course_hits, source=self._course).hits
        hits = [h for h in hits if h.chunk.module is not None]
        focused = [h for h in hits if not _RECAP.search(h.chunk.section or "")]
        refs: list[CourseRef] = []
        top = 0.0
        for hit in focused or hits:
            chunk = hit.chunk
            if chunk.module is None or any(r.module == chunk.module for r in refs):
                continue
            if refs and hit.relative < self._w.second_module * top:
                break
            top = top or hit.relative
            refs.append(
                CourseRef(
                    module=chunk.module,
                    module_title=chunk.module_title or "",
                    section=chunk.section,
                    chunk_id=chunk.chunk_id,
                )
            )
            if len(refs) == 2:
                break
        return refs

    # -- helpers --------------------------------------------------------------------------
    def _score(self, item: ChecklistItem, query: np.ndarray, pool: list[_Candidate]) -> np.ndarray:
        vectors = self._vectors([c.text for c in pool])
        cos = vectors @ query
        wanted = set(tokens(f"{item.section} {item.text}"))
        section = set(tokens(item.section))
        w = self._w
        extra = np.array(
            [
                w.lexical * _coverage(wanted, set(tokens(c.text)))
                + w.heading
                * _coverage(
                    section, set(tokens(f"{c.chunk.chapter or ''} {c.chunk.section or ''}"))
                )
                - (0.0 if c.labelled else w.bare_penalty if c.bare else w.prose_penalty)
                for c in pool
            ]
        )
        return np.asarray(cos, dtype=np.float64) + extra

    def _vectors(self, texts: list[str]) -> np.ndarray:
        return _cached_unit_vectors(texts, self._passage_vectors, self._embedder.embed_passages)

    def _queries(self, texts: list[str]) -> np.ndarray:
        return _cached_unit_vectors(texts, self._query_vectors, self._embedder.embed_queries)


def _cached_unit_vectors(
    texts: list[str], cache: dict[str, np.ndarray], embed: Callable[[list[str]], np.ndarray]
) -> np.ndarray:
    """Unit vectors for ``texts``, embedding only the ones not cached yet (in one batch)."""
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    if missing:
        vectors = np.asarray(embed(missing), dtype=np.float32)
        for text, vec in zip(missing, vectors, strict=True):
            cache[text] = vec / (np.linalg.norm(vec) or 1.0)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([cache[t] for t in texts])
