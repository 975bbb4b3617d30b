"""Quiz generation: facts → candidate questions → validation → a set spread over the material.

Deterministic with a seed: candidates are built in a fixed order and every random choice
(order, distractors, option order, true/false) comes from one ``random.Random(seed)``. Without
a seed a fresh one is drawn and recorded in the set, so any set can be reproduced.

A set samples every section of its scope before it repeats one, feeds no passage into more
than :data:`MAX_PER_PASSAGE` items, mixes families and question types, and holds at most
:data:`MAX_BARE_NUMBERS` item whose key is a bare number. With an LLM configured, drafts
come first and every one passes the same validator (:mod:`tutor.quiz.drafting`).
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from collections.abc import Sequence

from ingest.embeddings.backends import TextEmbedder
from tutor.prompts import render
from tutor.quiz.build_cases import CaseBuilder
from tutor.quiz.build_common import BuildContext, BuildRun, Candidate
from tutor.quiz.build_lists import ListBuilder
from tutor.quiz.build_order import OrderBuilder
from tutor.quiz.build_rules import RuleBuilder
from tutor.quiz.build_scales import ScaleBuilder
from tutor.quiz.build_terms import TermBuilder
from tutor.quiz.build_topics import TopicBuilder
from tutor.quiz.drafting import Drafter
from tutor.quiz.facts import FactBook, collect_facts
from tutor.quiz.grading import Grader
from tutor.quiz.material import CourseMaterial
from tutor.quiz.models import (
    QUESTION_TYPES,
    GenerationResult,
    GenerationStats,
    QuestionType,
    QuizError,
    QuizItem,
    QuizScope,
    QuizSet,
)
from tutor.quiz.semantic import Similarity
from tutor.quiz.truth import TruthCheck
from tutor.quiz.validate import Validator, is_bare_number
from tutor.retrieval.corpus import IndexedChunk

MAX_COUNT = 200
MAX_PER_PASSAGE = 3
MAX_PER_GROUP = 2  # items from one list, sequence, case or term group
MAX_BARE_NUMBERS = 1  # per started set of 10
TYPE_WEIGHTS: dict[QuestionType, float] = {"mc": 3.0, "tf": 1.0, "cloze": 1.0}


def parse_types(text: str | Sequence[str]) -> list[QuestionType]:
    """'mc,tf' or ['mc', 'tf'] → validated type list (QuizError in German if unknown)."""
    raw = text.split(",") if isinstance(text, str) else list(text)
    out: list[QuestionType] = []
    for name in (t.strip().lower() for t in raw if t.strip()):
        match = next((t for t in QUESTION_TYPES if t == name), None)
        if match is None:
            raise QuizError(render("quiz", "fehler.typen", typ=name))
        if match not in out:
            out.append(match)
    if not out:
        raise QuizError(render("quiz", "fehler.typen", typ=str(text)))
    return out


def check_count(count: int) -> None:
    """QuizError (German) unless 1 ≤ count ≤ MAX_COUNT."""
    if count < 1:
        raise QuizError(render("quiz", "fehler.anzahl", wert=count))
    if count > MAX_COUNT:
        raise QuizError(render("quiz", "fehler.anzahl_max", maximum=MAX_COUNT, wert=count))


class QuizGenerator:
    """Builds validated quiz sets from the chunks of the index (rules + e5; LLM opt-in)."""

    def __init__(
        self,
        chunks: Sequence[IndexedChunk],
        embedder: TextEmbedder,
        drafter: Drafter | None = None,
    ) -> None:
        self.material = CourseMaterial(chunks)
        self.book = collect_facts(self.material)
        self.sim = Similarity(embedder)
        self.truth = TruthCheck(self.material, self.sim)
        self.validator = Validator(self.material, self.book, self.truth)
        self.grader = Grader(self.sim, course_concepts(self.book), self.truth.generic)
        self.drafter = drafter
        ctx = BuildContext(self.material, self.book, self.truth, self.sim)
        self._terms = TermBuilder(ctx)
        self._lists = ListBuilder(ctx)
        self._orders = OrderBuilder(ctx)
        self._cases = CaseBuilder(ctx)
        self._topics = TopicBuilder(ctx)
        self._rules = RuleBuilder(ctx)
        self._scales = ScaleBuilder(ctx)

    def candidates(self, scope: QuizScope) -> list[Candidate]:
        """Every question the scope's facts can yield, in a fixed order (not yet built)."""
        return self.candidates_in({c.chunk_id for c in self.material.in_scope(scope)})

    def candidates_in(self, ids: set[str]) -> list[Candidate]:
        """Every question whose passage is one of the chunks ``ids`` (fixed order)."""
        return [
            *self._terms.candidates(ids),
            *self._lists.candidates(ids),
            *self._orders.candidates(ids),
            *self._cases.candidates(ids),
            *self._topics.candidates(ids),
            *self._rules.candidates(ids),
            *self._scales.candidates(ids),
        ]

    def generate(
        self,
        scope: QuizScope | None = None,
        count: int = 10,
        types: Sequence[QuestionType] = QUESTION_TYPES,
        seed: int | None = None,
        exclude: Sequence[QuizItem] = (),
    ) -> GenerationResult:
        """A set of ``count`` valid items for ``scope`` (default: all modules, "gemischt").

        Invalid candidates are counted by reason and replaced by the next candidate; if the
        material runs out, the set is shorter and ``warnings`` says so (in German).
        ``exclude``: items that must not be repeated (e.g. the rest of a set when one item
        is regenerated).
        """
        start = time.perf_counter()
        scope = scope or QuizScope()
        check_count(count)
        wanted = parse_types(types)
        seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        run = BuildRun(random.Random(seed), GenerationStats())
        pool = [c for c in self.candidates(scope) if c.type in wanted]
        run.rng.shuffle(pool)
        items: list[QuizItem] = []
        if self.drafter is not None:
            items = self.drafter.draft(self, scope, count, run, [*exclude])
        self._fill(pool, items, count, wanted, run, exclude)
        stats = run.stats
        stats.accepted = len(items)
        stats.families = dict(Counter(it.kind for it in items))
        stats.types = dict(Counter(it.type for it in items))
        stats.sections = len({(it.source.source, it.module, it.section) for it in items})
        stats.seconds = round(time.perf_counter() - start, 4)
        return GenerationResult(
            quiz=QuizSet(scope=scope, seed=seed, items=items),
            stats=stats,
            warnings=_shortfall(scope, len(items), count),
        )

    def _fill(
        self,
        pool: list[Candidate],
        items: list[QuizItem],
        count: int,
        wanted: list[QuestionType],
        run: BuildRun,
        exclude: Sequence[QuizItem],
    ) -> None:
        """Add validated rule-built items until ``count`` (see module docstring)."""
        sections = Counter(_section(it) for it in items)
        passages = Counter(it.source.chunk_id for it in items)
        families: Counter[str] = Counter(it.kind for it in items)
        groups: Counter[str] = Counter()
        types: Counter[str] = Counter(it.type for it in items)
        used = {it.fact for it in items}
        keys: set[str] = set()
        numbers = sum(1 for it in items if is_bare_number(it.answer))
        while len(items) < count and pool:
            number_cap = MAX_BARE_NUMBERS * (1 + len(items) // 10)
            index = _best(pool, sections, groups, types, families, wanted)
            cand = pool.pop(index)
            if cand.key in keys or passages[cand.passage] >= MAX_PER_PASSAGE:
                continue
            if cand.group and groups[cand.group] >= MAX_PER_GROUP:
                continue
            if cand.bare_number and numbers >= number_cap:
                continue
            item = cand.build(run)
            if item is None:
                continue
            run.stats.generated += 1
            problems = self.validator.problems(item, [*exclude, *items])
            if problems:
                run.stats.reject(problems[0])
                continue
            items.append(item)
            keys.add(cand.key)
            used.add(item.fact)
            sections[cand.section] += 1
            passages[cand.passage] += 1
            groups[cand.group or cand.key] += 1
            families[cand.family] += 1
            types[cand.type] += 1
            numbers += int(is_bare_number(item.answer))


def course_concepts(book: FactBook) -> list[str]:
    """Names of the course's concepts (defined terms, list labels and their parts, steps,
    the retrieval glossary's terms): a free-text answer naming one of them that is not the
    key is another concept, not a synonym."""
    from tutor.retrieval.expansion import GLOSSARY

    names = [d.clean_term for d in book.definitions]
    for e in book.enumerations:
        for it in e.items:
            if it.label:
                names.append(it.label)
                names.extend(p for p in re.split(r"\s+(?:und|oder)\s+", it.label) if p)
    names.extend(step.text for seq in book.sequences for step in seq.steps)
    for scheme in book.schemes:
        names.extend(c.name for c in scheme.classes)
    try:
        entries = json.loads(GLOSSARY.read_text(encoding="utf-8")).get("entries", [])
    except (OSError, ValueError):
        entries = []
    names.extend(str(e["term"]) for e in entries if isinstance(e, dict) and e.get("term"))
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def _section(item: QuizItem) -> str:
    return f"{item.source.source}|{item.module}|{item.source.section or item.source.chapter}"


def _best(
    pool: list[Candidate],
    sections: Counter[str],
    groups: Counter[str],
    types: Counter[str],
    families: Counter[str],
    wanted: list[QuestionType],
) -> int:
    """Index of the next candidate: least-used section first (every section before any
    repeats), then the least-used structure (list, case …), the least-used family and the
    question type furthest below its share; ties keep the seeded order."""
    weight = {t: TYPE_WEIGHTS[t] for t in wanted}

    def rank(i: int) -> tuple[int, int, int, float, int]:
        c = pool[i]
        return (
            sections[c.section],
            groups[c.group or c.key],
            families[c.family],
            types[c.type] / weight[c.type],
            i,
        )

    return min(range(len(pool)), key=rank)


def _shortfall(scope: QuizScope, got: int, wanted: int) -> list[str]:
    """German warning when the material gave fewer valid items than asked for."""
    if got >= wanted:
        return []
    if got == 0:
        return [render("quiz", "fehler.keine", bereich=scope.label())]
    return [
        render("quiz", "fehler.zu_wenige", bereich=scope.label(), anzahl=got, gewuenscht=wanted)
    ]
