"""Course sections that teach the topic of a checklist question, above a relevance floor.

Every numbered course section (all its chunks) is scored against the question and the guide
bullet chosen for it, with four signals z-normalised over the sections:

- ``dense``: the best cosine between the question and the section's chunks (e5),
- ``sentence``: the best cosine between question + bullet and a single sentence of the section
  — a section teaches a step when one of its sentences says it ("Prüfung und Überwachung von
  KI-Systemen" in Modul 9 §5), while a whole-chunk vector blurs it with the section's example,
- ``bm25``: BM25 of question + bullet over the section's chunks,
- ``concept``: word-family overlap (:mod:`lexical`) of question + bullet + the synonyms the
  project glossary lists for terms in them ("Break-Even-Analyse" → "Amortisationszeit"),
- ``context_dense`` / ``context_bm25``: the same dense and BM25 scores for the guide context of
  the question — the headings of the guide section its checklist section names and all the
  bullets under it ("Leistungsüberwachung und Feedback › Leistungsüberwachung": Echtzeit-
  Überwachung, Leistungskennzahlen, Berichterstattung), not only the bullet quoted for it,
- ``retrieval``: the best fused score of the section's chunks when the tutor's own hybrid
  retriever (the one that answers learners' questions; BM25 with the glossary's synonyms, e5
  chunk and sentence cosines) is asked "guide headings: question" over the course.

The score is the weighted mean of dense, sentence, BM25, the two context signals and the
retrieval signal, or the concept signal when that is stronger (one clear piece of evidence is
enough). Recap sections
(Reflexion, Ausblick … as data) are penalised. A module context is added: the mean score of the
section's module for this question, z-normalised — a section of a module that treats the
question's subject as a whole is lifted over a lone section that shares a word with it (new
use cases → Modul 10 §7, the roadmap as a continuous process). A checklist prior is added: the
section's mean score over all questions of the checklist, z-normalised — sections that speak
to many questions teach the adoption process the checklist is about (Bestandsaufnahme,
Pilotprojekte, Schulungen), while an application example that shares words with one question
(machines "überwacht" by predictive maintenance) gets no lift. It uses the questions only,
never the labelled table. Sections at or above the floor are cited, best first, at most
``cap``. Weights, floor and cap were fitted by 5-fold cross-validation grouped by checklist
section on tests/data/checklist_next_steps.jsonl
(``scripts/eval_next_steps.py``; figures in docs/BENCHMARKS.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from tutor.checklist.lexical import RootVocabulary, root
from tutor.checklist.wordlists import wordlist
from tutor.retrieval.corpus import CorpusSnapshot, IndexedChunk
from tutor.retrieval.expansion import GLOSSARY
from tutor.retrieval.text import tokens

_NUMBER = re.compile(r"^(\d{1,2})\.\s+")

Embed = Callable[[list[str]], np.ndarray]
# the hybrid retriever over the course: query → fused score per chunk id (any subset of chunks)
Retrieve = Callable[[str], dict[str, float]]


@dataclass(frozen=True)
class CourseWeights:
    """Fusion weights, floor (in z-units) and the most sections cited per question.

    The defaults are the grid point of ``scripts/eval_next_steps.py`` with the best recall at
    precision >= 0.8 that keeps the concept path on: the points with concept 0 lose the
    glossary route from "Break-Even" to the amortisation example (docs/BENCHMARKS.md). With
    ``retrieval`` 0 the matcher is the one of round 3."""

    bm25: float = 0.5  # relative to the dense signal (weight 1)
    concept: float = 0.5  # the concept signal counts with this factor when it is the stronger
    sentence: float = 1.0  # best single sentence, relative to the dense signal
    context: float = 0.5  # dense and BM25 of the guide context, each relative to dense
    module: float = 0.5  # module context (mean score of the section's module, z-normalised)
    prior: float = 0.25  # checklist prior (mean score over all questions, z-normalised)
    retrieval: float = 0.75  # the hybrid retriever's fused score, relative to dense
    recap: float = 1.0
    floor: float = 2.75
    cap: int = 3


@dataclass(frozen=True)
class CourseSection:
    """One numbered section of a course module with the indices of its chunks."""

    module: int
    number: int
    title: str  # "2. Effizienzsteigerung durch Automatisierung"
    module_title: str
    chunks: tuple[int, ...]
    recap: bool


@dataclass(frozen=True)
class SectionSignals:
    """The raw signals per section for one question (arrays over the sections)."""

    dense: np.ndarray
    sentence: np.ndarray
    bm25: np.ndarray
    concept: np.ndarray
    context_dense: np.ndarray
    context_bm25: np.ndarray
    retrieval: np.ndarray


@cache
def _recap_words() -> frozenset[str]:
    return wordlist("checklist_leitfaden", "rueckblick_abschnitte").words


def is_recap(title: str) -> bool:
    """A "Reflexion und Ausblick"-style section title."""
    return bool({w.casefold() for w in re.findall(r"\w+", title)} & _recap_words())


def course_sections(snapshot: CorpusSnapshot, source: str | None = None) -> list[CourseSection]:
    """Numbered sections of the course (a document with modules; one file if ``source`` is
    given), in module order."""
    found: dict[tuple[int, int], list[int]] = {}
    meta: dict[tuple[int, int], IndexedChunk] = {}
    for i, chunk in enumerate(snapshot.chunks):
        number = _NUMBER.match(chunk.section or "")
        if (source and chunk.source != source) or chunk.module is None or not number:
            continue
        key = (chunk.module, int(number.group(1)))
        found.setdefault(key, []).append(i)
        meta.setdefault(key, chunk)
    return [
        CourseSection(
            module=key[0],
            number=key[1],
            title=meta[key].section or "",
            module_title=meta[key].module_title or "",
            chunks=tuple(found[key]),
            recap=is_recap(meta[key].section or ""),
        )
        for key in sorted(found)
    ]


@cache
def german_synonyms() -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """(roots of a corpus term, its German synonyms) from the project glossary."""
    data = json.loads(GLOSSARY.read_text(encoding="utf-8"))
    out = []
    for entry in data["entries"]:
        term_roots = frozenset(root(t) for t in tokens(entry["term"]))
        if term_roots and entry.get("de"):
            out.append((term_roots, tuple(entry["de"])))
    return tuple(out)


def concept_terms(text: str) -> list[str]:
    """German glossary synonyms of the corpus terms in ``text`` (all the term's roots occur):
    "Break-Even-Analyse" → "Gewinnschwelle", "Amortisationszeit", …"""
    present = {root(t) for t in tokens(text)}
    return [
        s for term_roots, synonyms in german_synonyms() if term_roots <= present for s in synonyms
    ]


class CourseMatcher:
    """Scores the course sections for a question; see the module docstring."""

    def __init__(
        self,
        snapshot: CorpusSnapshot,
        source: str | None,
        embed_queries: Embed,
        vocabulary: RootVocabulary,
        weights: CourseWeights | None = None,
        retrieve: Retrieve | None = None,
    ) -> None:
        """Without ``retrieve`` the retrieval signal is flat (it then adds nothing)."""
        self.snapshot = snapshot
        self._retrieve = retrieve
        self.sections = course_sections(snapshot, source)
        self._embed_queries = embed_queries
        self.vocabulary = vocabulary
        self.weights = weights or CourseWeights()
        self._expanded = [
            vocabulary.expand(" ".join(snapshot.chunks[i].text for i in s.chunks))
            for s in self.sections
        ]

    def signals(
        self, question: str, quotes: str, headings: str = "", points: str = ""
    ) -> SectionSignals:
        """Raw signals of every section. The guide context is ``headings`` (the guide headings
        above the question's section, for the dense signal) and ``points`` (all bullets under
        it, added for BM25)."""
        query = f"{question} {quotes}".strip()
        context_query = f"{headings}: {question}" if headings else question
        vectors = np.asarray(
            self._embed_queries([question, query, context_query]), dtype=np.float32
        )
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        dense_all = self.snapshot.dense_scores(vectors[0])
        _, sentence_all = self.snapshot.sentence_scores(vectors[1])
        bm25_all = self.snapshot.bm25_scores(tokens(query))
        concept_query = " ".join([query, *concept_terms(query)])
        return SectionSignals(
            dense=self._per_section(dense_all),
            sentence=self._per_section(sentence_all),
            bm25=self._per_section(bm25_all),
            concept=np.array([self.vocabulary.overlap(concept_query, e) for e in self._expanded]),
            context_dense=self._per_section(self.snapshot.dense_scores(vectors[2])),
            context_bm25=self._per_section(
                self.snapshot.bm25_scores(tokens(f"{context_query} {points}"))
            ),
            retrieval=self._retrieved(context_query),
        )

    def _retrieved(self, query: str) -> np.ndarray:
        """Best fused retriever score per section; sections without a hit get the lowest."""
        found = self._retrieve(query) if self._retrieve else {}
        if not found:
            return np.zeros(len(self.sections))
        lowest = min(found.values())
        ids = [[self.snapshot.chunks[i].chunk_id for i in s.chunks] for s in self.sections]
        return np.array([max(found.get(c, lowest) for c in chunk_ids) for chunk_ids in ids])

    def _per_section(self, chunk_scores: np.ndarray) -> np.ndarray:
        return np.array([max(chunk_scores[i] for i in s.chunks) for s in self.sections])

    def scores(self, signals: SectionSignals, weights: CourseWeights | None = None) -> np.ndarray:
        """Fused score per section in z-units, without the checklist prior."""
        w = weights or self.weights
        base = (
            _z(signals.dense)
            + w.sentence * _z(signals.sentence)
            + w.bm25 * _z(signals.bm25)
            + w.context * (_z(signals.context_dense) + _z(signals.context_bm25))
            + w.retrieval * _z(signals.retrieval)
        ) / (1 + w.sentence + w.bm25 + 2 * w.context + w.retrieval)
        fused = np.maximum(base, w.concept * _z(signals.concept))
        recap = np.array([s.recap for s in self.sections], dtype=np.float64)
        fused = fused - w.recap * recap
        if w.module:
            fused = fused + w.module * _z(self._module_mean(fused))
        return fused

    def _module_mean(self, scores: np.ndarray) -> np.ndarray:
        """Every section's module's mean score (the module context)."""
        modules = np.array([s.module for s in self.sections])
        out = np.zeros_like(scores)
        for module in np.unique(modules):
            out[modules == module] = scores[modules == module].mean()
        return out

    def score_matrix(
        self, signals: Sequence[SectionSignals], weights: CourseWeights | None = None
    ) -> np.ndarray:
        """Scores of all questions of a checklist (questions × sections), with the prior."""
        w = weights or self.weights
        if not signals:
            return np.zeros((0, len(self.sections)))
        matrix = np.array([self.scores(s, w) for s in signals])
        return matrix + w.prior * _z(matrix.mean(axis=0))[None, :]

    def select(self, scores: np.ndarray, weights: CourseWeights | None = None) -> list[int]:
        """Indices of the sections at or above the floor, best first, at most ``cap``."""
        w = weights or self.weights
        order = np.argsort(-scores, kind="stable")[: w.cap]
        return [int(i) for i in order if scores[i] >= w.floor]

    def relevant_all(
        self, queries: Sequence[tuple[str, str, str, str]], weights: CourseWeights | None = None
    ) -> list[list[tuple[CourseSection, float]]]:
        """For every (question, quotes, guide headings, guide points) of the checklist: the
        cited sections with scores."""
        if not self.sections:
            return [[] for _ in queries]
        matrix = self.score_matrix([self.signals(*query) for query in queries], weights)
        return [
            [(self.sections[i], float(row[i])) for i in self.select(row, weights)] for row in matrix
        ]


def _z(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    return (values - values.mean()) / (values.std() + 1e-9)
