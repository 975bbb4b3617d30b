"""Quiz generation: facts → candidate questions → validation → a set spread over the material.

Deterministic with a seed: candidates are built in a fixed order and every random choice
(order, distractors, option order, true/false) comes from one ``random.Random(seed)``. Without
a seed a fresh one is drawn and recorded in the set, so any set can be reproduced.

A set samples every section of its scope before it repeats one, asks at most one item per
structure (list, case, term group, statement) and never two items on the same sentence, feeds
no chunk into more than :data:`MAX_PER_PASSAGE` items, caps each family and the items built on
case studies (:data:`FAMILY_MIX`, :data:`MAX_CASES`), prefers the families that test
understanding best, keeps true/false and free text to a small share of a mixed set
(:data:`TYPE_SHARE`), and holds at most :data:`MAX_BARE_NUMBERS` item whose key is a bare
number. With an LLM configured, drafts come first and every one passes the same validator
(:mod:`tutor.quiz.drafting`).
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
from tutor.quiz.build_groups import GroupBuilder
from tutor.quiz.build_lists import ListBuilder
from tutor.quiz.build_listtopics import ListTopicBuilder
from tutor.quiz.build_order import OrderBuilder
from tutor.quiz.build_outcomes import OutcomeBuilder
from tutor.quiz.build_purpose import PurposeBuilder
from tutor.quiz.build_rules import RuleBuilder
from tutor.quiz.build_scales import ScaleBuilder
from tutor.quiz.build_statements import StatementBuilder
from tutor.quiz.build_terms import TermBuilder
from tutor.quiz.build_themes import ThemeBuilder
from tutor.quiz.build_topics import TopicBuilder
from tutor.quiz.collect import collect_facts
from tutor.quiz.drafting import Drafter
from tutor.quiz.facts import FactBook
from tutor.quiz.grading import Grader
from tutor.quiz.key_positions import balance_keys
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
    RejectReason,
)
from tutor.quiz.semantic import Similarity
from tutor.quiz.set_caps import Tally, best
from tutor.quiz.truth import TruthCheck
from tutor.quiz.validate import Validator
from tutor.retrieval.corpus import IndexedChunk

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
        self.validator.forms.custom["liste"] = self._lists.check
        self.validator.forms.custom["liste_nicht"] = self._lists.check
        self._groups = GroupBuilder(ctx)
        self._orders = OrderBuilder(ctx)
        self._cases = CaseBuilder(ctx)
        self._outcomes = OutcomeBuilder(ctx, self._cases)
        self.validator.forms.custom["ergebnis"] = self._outcomes.check
        self._themes = ThemeBuilder(ctx, self._cases)
        self._topics = TopicBuilder(ctx)
        self._list_topics = ListTopicBuilder(ctx, self._cases)
        self._rules = RuleBuilder(ctx)
        self._scales = ScaleBuilder(ctx)
        self._purposes = PurposeBuilder(ctx)
        self.validator.forms.custom["zweck"] = self._purposes.check
        self._statements = StatementBuilder(ctx)

    def candidates(self, scope: QuizScope) -> list[Candidate]:
        """Every question the scope's facts can yield, in a fixed order (not yet built)."""
        return self.candidates_in({c.chunk_id for c in self.material.in_scope(scope)})

    def candidates_in(self, ids: set[str]) -> list[Candidate]:
        """Every question whose passage is one of the chunks ``ids`` (fixed order)."""
        return [
            *self._terms.candidates(ids),
            *self._lists.candidates(ids),
            *self._groups.candidates(ids),
            *self._orders.candidates(ids),
            *self._cases.candidates(ids),
            *self._outcomes.candidates(ids),
            *self._themes.candidates(ids),
            *self._topics.candidates(ids),
            *self._list_topics.candidates(ids),
            *self._rules.candidates(ids),
            *self._scales.candidates(ids),
            *self._purposes.candidates(ids),
            *self._statements.candidates(ids),
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
        items = balance_keys(items, seed)
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
        tally = Tally(items)
        deferred: list[Candidate] = []  # held back only by the family mix or type share
        for strict in (True, False):
            if not strict:
                pool = deferred  # the material ran short: fill up beyond the preferred mix
            while len(items) < count and pool:
                blocks = 1 + len(items) // 10  # caps grow with every started set of 10
                cand = pool.pop(best(pool, tally, wanted))
                if not tally.allows(cand, blocks, len(wanted) > 1):
                    continue
                if strict and not tally.in_mix(cand, blocks, len(wanted) > 1):
                    deferred.append(cand)
                    continue
                self._add(cand, items, tally, run, exclude)

    def _add(
        self,
        cand: Candidate,
        items: list[QuizItem],
        tally: Tally,
        run: BuildRun,
        exclude: Sequence[QuizItem],
    ) -> None:
        """Build, check and add one candidate (or count why it was refused)."""
        item = cand.build(run)
        if item is None:  # nothing safe to build (too few safe wrong options, a give-away …)
            run.stats.unbuilt[cand.family] = run.stats.unbuilt.get(cand.family, 0) + 1
            return
        if tally.shares_sentence(item):
            return  # another item already asks about this sentence
        run.stats.generated += 1
        if tally.repeats(item):
            run.stats.reject(RejectReason.SET_REPEAT)
            return
        problems = self.validator.problems(item, [*exclude, *items])
        if problems:
            run.stats.reject(problems[0])
            return
        items.append(item)
        tally.add(cand, item)


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


def _shortfall(scope: QuizScope, got: int, wanted: int) -> list[str]:
    """German warning when the material gave fewer valid items than asked for."""
    if got >= wanted:
        return []
    if got == 0:
        return [render("quiz", "fehler.keine", bereich=scope.label())]
    return [
        render("quiz", "fehler.zu_wenige", bereich=scope.label(), anzahl=got, gewuenscht=wanted)
    ]
