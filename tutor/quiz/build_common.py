"""Shared pieces of the item builders: candidates, stem locations, safe distractors, items."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tutor.prompts import render
from tutor.quiz.distractors import Option, length_gap, same_shape
from tutor.quiz.facts import FactBook
from tutor.quiz.lexicon import Lexicon, is_product_name, lexicon
from tutor.quiz.material import CourseMaterial, source_ref
from tutor.quiz.models import (
    FactKind,
    Form,
    GenerationStats,
    QuestionType,
    QuizItem,
    RejectReason,
)
from tutor.quiz.semantic import Similarity
from tutor.quiz.textnorm import content_stems
from tutor.quiz.truth import TruthCheck
from tutor.retrieval.corpus import IndexedChunk

SHORTLIST = 5  # the seeded RNG picks the distractors among the most plausible safe ones
# Plausibility of a wrong option: e5 similarity to the key plus a bonus for standing near it
# (same section, same module, same document, elsewhere). e5 alone ranks any two short German
# phrases between 0.80 and 0.90, so where an option stands says more about its kind.
LOCALITY = (0.08, 0.05, 0.02, 0.0)
# How far a wrong option may come from (a :meth:`BuildContext.locality` level): siblings of
# the same module — or of the same chapter of a module-less document — only. An option from another
# module or document is of another kind and gives the key away (review round 3, issue #19).
MAX_REACH = 1
# Fewest wrong options of a multiple-choice item: two same-list siblings make a fair
# three-option item, a third option from elsewhere would be of another kind.
MIN_WRONG = 2
BAND = 0.07  # options scoring more than this below the best candidate are not plausible
MAX_LENGTH_GAP = 0.6
LENGTH_PENALTY = 0.03
RARE_CHUNKS = 3  # a single word in at most this many chunks names something specific


@dataclass
class BuildRun:
    """One generation run: its seeded RNG and the counts the builders add to."""

    rng: random.Random
    stats: GenerationStats = field(default_factory=GenerationStats)


Builder = Callable[[BuildRun], "QuizItem | None"]


@dataclass(frozen=True)
class Candidate:
    """A question that one fact can yield, built lazily with the run's seeded RNG."""

    type: QuestionType
    family: FactKind
    key: str  # identity of the fact: one question per fact in a set
    section: str  # where the fact stands (a set covers different sections)
    passage: str  # chunk id of the cited passage (no passage feeds more than 3 items)
    build: Builder
    group: str = ""  # the structure it comes from (list, sequence, case …): spread over them
    bare_number: bool = False  # the key is a bare number (at most one per set of 10)
    case: bool = False  # built on a case study (their share of a set is capped)


def section_key(chunk: IndexedChunk) -> str:
    """Identity of the section a fact stands in."""
    return f"{chunk.source}|{chunk.module}|{chunk.section or chunk.chapter}"


def nested(text: str) -> str:
    """Inner quotation marks as German single quotes („…“ → ‚…‘) for use inside „…“."""
    return text.replace("„", "‚").replace("“", "‘").replace("\n", " ")


def place(chunk: IndexedChunk) -> str:
    """Where a fact stands, for the stem: "Modul 5" or the document's short name. Section
    titles stay out of stems — they are long and often name the answer."""
    if chunk.module is not None:
        return render("quiz", "ort.modul_kurz", nummer=chunk.module)
    return short_title(chunk)


def short_title(chunk: IndexedChunk) -> str:
    """'der Leitfaden' style short name of a module-less document (its first title word)."""
    first = chunk.title.split()[0] if chunk.title.split() else chunk.source
    return render("quiz", "ort.dokument_kurz", titel=first)


def origin(material: CourseMaterial, chunk_id: str, near: str | None = None) -> str:
    """Short German origin of a foreign option: 'Modul 4' or the document's short name; its
    section when it comes from the module or document of ``near`` (the quoted chunk)."""
    chunk, home = material.by_id[chunk_id], material.by_id.get(near or "")
    heading = chunk.section or chunk.chapter
    here = (home.source, home.module, home.section or home.chapter) if home else None
    if here and here[:2] == (chunk.source, chunk.module) and heading and heading != here[2]:
        if chunk.module is not None:
            return render("quiz", "ort.modul_abschnitt", nummer=chunk.module, abschnitt=heading)
        return render("quiz", "ort.abschnitt", titel=heading)
    if chunk.module is not None:
        return render("quiz", "ort.modul_kurz", nummer=chunk.module)
    return short_title(chunk)


def mc_options(correct: str, wrong: Sequence[str], rng: random.Random) -> list[str]:
    """The options in a seeded random order."""
    options = [correct, *wrong]
    rng.shuffle(options)
    return options


def capital(text: str) -> str:
    """Options start with a capital letter ("technische Umsetzbarkeit" → "Technische …")."""
    return text[:1].upper() + text[1:] if text else text


class BuildContext:
    """What every builder needs: material, facts, the truth check, e5, the shared helpers."""

    def __init__(
        self, material: CourseMaterial, book: FactBook, truth: TruthCheck, sim: Similarity
    ) -> None:
        self.material = material
        self.book = book
        self.truth = truth
        self.sim = sim
        self.lexicon: Lexicon = lexicon()

    def specific(self, text: str) -> bool:
        """Worth asking about: several words, or one word that is rare in the material
        ("Datenverfügbarkeit"), never a general one ("Mitarbeiter", "Marketing")."""
        stems = content_stems(text)
        if len(text.split()) > 1:
            return bool(stems)
        return bool(stems) and self.material.doc_freq.get(stems[0], 0) <= RARE_CHUNKS

    def is_name(self, text: str) -> bool:
        """A product or tool name (never a key of a term question)."""
        return is_product_name(text, self.book.tools)

    def pick(
        self,
        pool: Sequence[Option],
        k: int,
        run: BuildRun,
        *,
        key: str,
        right: Sequence[str],
        subject: str,
        group: str,
        home: IndexedChunk,
        shown: str = "",
        safe: Callable[[Option], bool] | None = None,
        verify: Callable[[Option], RejectReason | None] | None = None,
        band: float = BAND,
        twins: Callable[[str, str], bool] | None = None,
        reach: int = MAX_REACH,
        fewest: int | None = None,
        shaped: bool = True,
    ) -> list[Option]:
        """``k`` safe wrong options of the key's kind, or [] when there are not enough.

        Plausible means near the key: same section, then same module, then same document,
        then the rest of the material (:data:`LOCALITY`), and — within that — close to the key
        by e5 and by length. Only candidates inside a band below the best one are considered
        (:data:`BAND`): a far-fetched option is never used to fill a slot. Every candidate
        passes the truth check (refusals are counted); none repeats a content word of the
        text the stem shows (``shown``), which would be a false lead. ``verify`` replaces the
        truth check for families with their own proof of falsehood (turned statements);
        ``band`` widens the band for pools whose options are all of one kind by construction;
        ``twins`` replaces the test for two wrong options that say the same thing; ``reach``
        is the farthest :meth:`locality` an option may come from (:data:`MAX_REACH`);
        ``fewest``: fewer than ``k`` (but at least this many) will do; ``shaped=False`` for
        pools whose options are all of one kind whatever their surface (reported outcomes)."""
        seen = {o.text for o in pool if o.group == group}
        usable = [
            o
            for o in pool
            if o.group != group
            and o.text not in seen
            and o.text != key
            and (not shaped or same_shape(o.text, key))
            and not (shown and self.echoes(o.text, shown))
            and self.locality(self.material.by_id[o.chunk_id], home) <= reach
        ]
        need = k if fewest is None else fewest
        if len(usable) < need:
            run.stats.short("andere_art")
            return []
        sims = self.sim.matrix([key], [o.text for o in usable])[0]
        scored = []
        for option, sim in zip(usable, sims, strict=True):
            near = LOCALITY[self.locality(self.material.by_id[option.chunk_id], home)]
            penalty = LENGTH_PENALTY if length_gap(option.text, key) > MAX_LENGTH_GAP else 0.0
            scored.append((float(sim) + near - penalty, option))
        scored.sort(key=lambda p: (-p[0], p[1].text))
        floor = scored[0][0] - band
        shortlist: list[Option] = []
        refused = 0
        for score, option in scored:
            if score < floor:
                break
            if any(o.text == option.text or o.group == option.group for o in shortlist):
                continue
            if safe is not None and not safe(option):
                continue
            problem = (
                verify(option)
                if verify is not None
                else self.truth.distractor_problem(option.text, right, subject, option.origin)
            )
            if problem is not None:
                run.stats.drop_distractor(problem)
                refused += 1
                continue
            same = twins or self.truth.overlaps
            if any(same(option.text, o.text) for o in shortlist):
                continue  # two wrong options that say the same thing
            shortlist.append(option)
            if len(shortlist) >= max(SHORTLIST, k):
                break
        if len(shortlist) < need:
            run.stats.short("nicht_sicher" if refused else "unplausibel")
            return []
        return run.rng.sample(shortlist, min(k, len(shortlist)))

    @staticmethod
    def locality(chunk: IndexedChunk, home: IndexedChunk) -> int:
        """0 same section, 1 same module (in a document without modules: same chapter — the
        guide's chapters are its modules), 2 same document, 3 elsewhere."""
        if section_key(chunk) == section_key(home):
            return 0
        same_module = chunk.source == home.source and chunk.module == home.module
        if same_module and (chunk.module is not None or chunk.chapter == home.chapter):
            return 1
        return 2 if chunk.source == home.source else 3

    @staticmethod
    def course_name(chunk: IndexedChunk) -> str:
        """ "Kurs" for the course (several modules), else the document's short name."""
        if chunk.module is not None:
            return render("quiz", "ort.kurs")
        return short_title(chunk)

    def echoes(self, option: str, shown: str) -> bool:
        """The option repeats a meaningful word (or compound part) of the shown text."""
        return bool(self.truth.meaningful(option) & self.truth.meaningful(shown))

    def item(
        self,
        *,
        type: QuestionType,
        family: FactKind,
        form: Form,
        chunk: IndexedChunk,
        quote: str,
        question: str,
        answer: str,
        fact: str,
        explanation: str,
        subject: str,
        right: Sequence[str],
        options: Sequence[str] = (),
        accepted: Sequence[str] = (),
        shown: str = "",
        distractor_sources: Sequence[str] = (),
    ) -> QuizItem:
        """A finished item (with its deterministic id)."""
        return QuizItem(
            type=type,
            kind=family,
            form=form,
            question=question,
            options=list(options),
            answer=answer,
            accepted=list(accepted),
            fact=fact,
            shown=shown,
            explanation=explanation,
            source=source_ref(chunk, quote),
            distractor_sources=list(distractor_sources),
            subject=subject,
            right=list(right),
        ).with_id()

    @staticmethod
    def where(chunk: IndexedChunk, quote: str) -> str:
        """Full German location of a passage (module and section titles)."""
        return source_ref(chunk, quote).location()

    def because(self, key: str, chunk: IndexedChunk, quote: str, **values: str) -> str:
        """An explanation from template ``erklaerung.<key>`` with the location and quote."""
        return render(
            "quiz", f"erklaerung.{key}", ort=self.where(chunk, quote), zitat=nested(quote), **values
        )
