"""Quiz generation: facts → candidate questions → (optional rephrasing) → validation → set.

Deterministic with a seed: candidates are built in a fixed order and every random choice
(order, distractors, option order, true/false) comes from one ``random.Random(seed)``. Without
a seed a fresh one is drawn and recorded in the set, so any set can be reproduced.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence

from tutor.prompts import render
from tutor.quiz.build_common import BuildContext, Candidate
from tutor.quiz.build_figures import FigureBuilder
from tutor.quiz.build_gaps import GapBuilder
from tutor.quiz.build_lists import ListBuilder
from tutor.quiz.distractors import DistractorPools
from tutor.quiz.facts import collect_facts
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
from tutor.quiz.validate import Validator
from tutor.retrieval.corpus import IndexedChunk

Rephrase = Callable[[QuizItem], QuizItem]
"""Hook for an LLM (or any) rewording of an item; must keep answer, fact and source."""

MAX_COUNT = 200


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
    """Builds validated quiz sets from the chunks of the index (no LLM involved)."""

    def __init__(self, chunks: Sequence[IndexedChunk]) -> None:
        self.material = CourseMaterial(chunks)
        self.book = collect_facts(self.material, self.material.chunks)
        ctx = BuildContext(self.material, DistractorPools(self.book))
        self.validator = Validator(self.material)
        self._lists = ListBuilder(ctx)
        self._gaps = GapBuilder(ctx)
        self._figures = FigureBuilder(ctx)

    def candidates(self, scope: QuizScope) -> list[Candidate]:
        """Every question the scope's facts can yield, in a fixed order (not yet built)."""
        ids = {c.chunk_id for c in self.material.in_scope(scope)}
        out: list[Candidate] = []
        for e in self.book.enumerations:
            if e.chunk.chunk_id in ids:
                out.extend(self._lists.candidates(e))
        for f in self.book.figures:
            if f.chunk.chunk_id in ids:
                out.extend(self._figures.figure_candidates(f))
        for d in self.book.definitions:
            if d.chunk.chunk_id in ids:
                out.extend(self._gaps.definition_candidates(d))
        for s in self.book.statements:
            if s.chunk.chunk_id in ids:
                out.extend(self._gaps.definition_candidates(s, tier=1))
        return out

    def generate(
        self,
        scope: QuizScope | None = None,
        count: int = 10,
        types: Sequence[QuestionType] = QUESTION_TYPES,
        seed: int | None = None,
        rephrase: Rephrase | None = None,
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
        rng = random.Random(seed)
        queues = self._queues(scope, wanted, rng)
        stats = GenerationStats()
        items: list[QuizItem] = []
        used_keys: set[str] = set()
        per_section: Counter[str] = Counter()
        per_kind: Counter[str] = Counter()
        plan = list(wanted)
        rng.shuffle(plan)
        turn = 0
        while len(items) < count and any(queues.values()):
            qtype = plan[turn % len(plan)]
            turn += 1
            queue = queues[qtype]
            if not queue:
                continue
            cand = _next(queue, per_kind, per_section, used_keys)
            if cand is None:
                queue.clear()
                continue
            item = cand.build(rng)
            if item is None:
                continue
            stats.generated += 1
            item = self._rephrased(item, rephrase, stats)
            problems = self.validator.problems(item, [*exclude, *items])
            if problems:
                stats.reject(problems[0])
                continue
            items.append(item)
            used_keys.add(cand.key)
            per_section[cand.section] += 1
            per_kind[f"{cand.type}:{cand.kind}"] += 1
            per_kind[cand.kind] += 1
        stats.accepted = len(items)
        stats.seconds = round(time.perf_counter() - start, 4)
        return GenerationResult(
            quiz=QuizSet(scope=scope, seed=seed, items=items),
            stats=stats,
            warnings=_shortfall(scope, len(items), count),
        )

    def _queues(
        self, scope: QuizScope, wanted: list[QuestionType], rng: random.Random
    ) -> dict[QuestionType, list[Candidate]]:
        """Candidates per type: shuffled by the seed, preferred facts (tier 0) first."""
        cands = [c for c in self.candidates(scope) if c.type in wanted]
        rng.shuffle(cands)
        cands.sort(key=lambda c: c.tier)  # stable: keeps the seeded order within a tier
        return {t: [c for c in cands if c.type == t] for t in wanted}

    def _rephrased(
        self, item: QuizItem, rephrase: Rephrase | None, stats: GenerationStats
    ) -> QuizItem:
        """Apply the rephrase hook; on any failure or invalid result keep the original."""
        if rephrase is None:
            return item
        try:
            new = rephrase(item)
        except Exception:  # noqa: BLE001 — any backend failure falls back to the original
            stats.rephrase_fallbacks += 1
            return item
        keeps_facts = (new.answer, new.fact, new.source, new.type) == (
            item.answer,
            item.fact,
            item.source,
            item.type,
        )
        if not keeps_facts or self.validator.problems(new):
            stats.rephrase_fallbacks += 1
            return item
        return new.with_id()


def _next(
    queue: list[Candidate], per_kind: Counter[str], per_section: Counter[str], used: set[str]
) -> Candidate | None:
    """Pop the first unused candidate of the lowest tier, least-asked kind of fact (list,
    figure, definition; first within its question type, then overall) and least-asked
    section — so a set mixes kinds and sections."""
    best_index, best_rank = -1, (0, 0, 0, 0)
    for i, cand in enumerate(queue):
        if cand.key in used:
            continue
        rank = (
            cand.tier,
            per_kind[f"{cand.type}:{cand.kind}"],
            per_kind[cand.kind],
            per_section[cand.section],
        )
        if best_index < 0 or rank < best_rank:
            best_index, best_rank = i, rank
            if rank == (0, 0, 0, 0):
                break
    for i in reversed(range(len(queue))):  # drop used facts for good
        if queue[i].key in used and i != best_index:
            del queue[i]
            if i < best_index:
                best_index -= 1
    return queue.pop(best_index) if best_index >= 0 else None


def _shortfall(scope: QuizScope, got: int, wanted: int) -> list[str]:
    """German warning when the material gave fewer valid items than asked for."""
    if got >= wanted:
        return []
    if got == 0:
        return [render("quiz", "fehler.keine", bereich=scope.label())]
    return [
        render("quiz", "fehler.zu_wenige", bereich=scope.label(), anzahl=got, gewuenscht=wanted)
    ]
