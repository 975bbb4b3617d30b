"""Is a wrong option really wrong? Checks of a distractor against the whole material.

A distractor is refused when it

* is a member, or a paraphrase, of the right answers (same stems or compound parts of a
  content word, or e5 similarity above the calibrated ``distractor_paraphrase`` threshold —
  compared with every right answer, not just the key);
* is something the material states *about the question's subject* elsewhere: some sentence,
  list item or heading states the option (stems ≥ 75 %, or a third of them and e5 above
  ``distractor_stated``)
  and that unit or its context (its list intro, section heading) is about the same subject
  (the subject's nouns, see :meth:`TruthCheck.about`).

Words that occur in a large share of the chunks ("KI", "Daten", "Unternehmen") carry no
meaning of their own here and are ignored by the word-overlap rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from tutor.quiz.distractors import compound_parts
from tutor.quiz.material import CourseMaterial
from tutor.quiz.models import RejectReason
from tutor.quiz.semantic import Similarity, calibration
from tutor.quiz.textnorm import (
    contains_phrase,
    content_stems,
    coverage,
    near_duplicate,
    normalise,
    numbers,
)
from tutor.retrieval.corpus import IndexedChunk

GENERIC_SHARE = 0.3  # a stem in more than 30 % of the chunks is generic in this material
STATED_COVERAGE = 0.75
SUPPORT_SHARE = 0.34  # a unit that states an option shares at least a third of its words
SHORT_POINT = 3  # content words: a point this short is identified by each of its words
RARE_CHUNKS = 4  # a noun in at most this many chunks names one topic
TERM_WORDS = 4
E5_MAX_WORDS = 8  # e5 decides overlaps only for points of up to this many content words


@dataclass(frozen=True)
class Unit:
    """A sentence, list item or heading of the material with its context line."""

    text: str
    chunk: IndexedChunk
    lead: str  # the list intro or the paragraph's first sentence
    heading: str
    is_item: bool = False

    @property
    def context(self) -> str:
        """Lead and heading together (what the unit is about)."""
        return f"{self.lead} {self.heading}".strip()


class TruthCheck:
    """Decides whether options are safe wrong answers (see module docstring)."""

    def __init__(self, material: CourseMaterial, sim: Similarity) -> None:
        self.material = material
        self.sim = sim
        limits = calibration()
        self.t_para = limits.distractor_paraphrase.value
        self.t_stated = limits.distractor_stated.value

    @cached_property
    def generic(self) -> frozenset[str]:
        """Stems too common in this material to tell two options apart."""
        n = max(len(self.material.chunks), 1)
        return frozenset(s for s, df in self.material.doc_freq.items() if df / n > GENERIC_SHARE)

    @cached_property
    def generic_parts(self) -> frozenset[str]:
        """Compound parts too common in this material ("<daten", "nehmen>")."""
        df: dict[str, int] = {}
        for chunk in self.material.chunks:
            for part in compound_parts(chunk.text):
                df[part] = df.get(part, 0) + 1
        n = max(len(self.material.chunks), 1)
        return frozenset(p for p, count in df.items() if count / n > GENERIC_SHARE)

    @cached_property
    def units(self) -> list[Unit]:
        """Every sentence, list item and heading, with its context."""
        out: list[Unit] = []
        for chunk in self.material.chunks:
            heading = " ".join(t for t in (chunk.chapter, chunk.section) if t)
            intro = ""  # the sentence a list hangs from
            for line in self.material.lines[chunk.chunk_id]:
                first = line.sentences[0] if line.sentences else ""
                for pos, sentence in enumerate(line.sentences):
                    # a list item hangs from its intro; a sentence from the paragraph's start
                    # and the two sentences before it ("Dazu sollte eine Bestandsaufnahme
                    # erfolgen: … ? Wer ist für sie verantwortlich? Und in welchem Format …?")
                    before = " ".join(line.sentences[max(1, pos - 2) : pos])
                    lead = intro if line.is_item else f"{first} {before}".strip()
                    out.append(Unit(sentence, chunk, lead, heading, line.is_item))
                if not line.is_item and line.sentences:
                    intro = line.sentences[-1]
        self.sim.warm([u.text for u in out] + [u.heading for u in out if u.heading])
        return out

    @cached_property
    def _unit_stems(self) -> list[frozenset[str]]:
        return [frozenset(content_stems(u.text)) for u in self.units]

    def meaningful(self, text: str) -> set[str]:
        """Content stems and compound parts that are not generic in this material."""
        stems = {s for s in content_stems(text) if s not in self.generic}
        parts = {p for p in compound_parts(text) if p not in self.generic_parts}
        return stems | parts

    def nouns(self, text: str) -> set[str]:
        """Stems of the capitalised content words (German nouns) that are not generic."""
        out: set[str] = set()
        for token in text.split():
            if token[:1].isupper():
                out.update(s for s in content_stems(token) if s not in self.generic)
        return out

    def worded_alike(self, a: str, b: str) -> bool:
        """``a`` and ``b`` say the same in their wording: near-duplicates, most stems shared,
        or at least half the meaningful words/compound parts of the shorter one shared."""
        if near_duplicate(a, b) or coverage(a, b) >= STATED_COVERAGE:
            return True
        mine, theirs = self.meaningful(a), self.meaningful(b)
        shared = len(mine & theirs)
        return bool(shared) and shared * 2 >= min(len(mine), len(theirs))

    def overlaps(self, a: str, b: str) -> bool:
        """True if a reader could take ``a`` and ``b`` for the same point: worded alike
        (:meth:`worded_alike`), a shared content word when one of them is a short point, or
        e5 above the calibrated threshold."""
        if self.worded_alike(a, b):
            return True
        stems_a = set(content_stems(a)) - self.generic
        stems_b = set(content_stems(b)) - self.generic
        if self.nouns(a) & self.nouns(b) and min(len(stems_a), len(stems_b)) <= SHORT_POINT:
            return True  # short points that share a noun ("… der Mitarbeiter")
        if max(len(stems_a), len(stems_b)) > E5_MAX_WORDS:
            return False  # for longer texts e5 similarity says little (see calibration)
        if a.endswith("?") and b.endswith("?"):
            # to e5 every "Welche … ?" looks like every other one: a shared noun decides
            return bool(self.nouns(a) & self.nouns(b))
        return self.sim.sim(a, b) >= self.t_para

    def member_conflict(self, option: str, right: Iterable[str]) -> bool:
        """The option is one of the right answers or overlaps with one."""
        return any(self.overlaps(option, r) for r in right if r.strip())

    def states(self, unit: str, option: str) -> bool:
        """The unit says what the option says (same numbers, most stems or e5)."""
        if set(numbers(option)) - set(numbers(unit)):
            return False
        if not content_stems(option):
            return False
        share = coverage(option, unit)
        if share >= STATED_COVERAGE:
            return True
        # e5 alone finds some sentence "similar" to any short phrase: it must share words too
        return share >= SUPPORT_SHARE and self.sim.sim(option, unit) >= self.t_stated

    def about(self, context: str, subject: str) -> bool:
        """The context is about the subject: a term (up to :data:`TERM_WORDS` words) when it
        is named as a whole; a longer subject (a list intro, a case) by its nouns (German
        nouns are capitalised): all of them if there are one or two, else two of them, or one
        that is rare in the
        material (in at most :data:`RARE_CHUNKS` chunks). e5 is not used here: any two texts
        of this course look "similar" to it."""
        if not context.strip():
            return False
        if len(subject.split()) <= TERM_WORDS:
            return contains_phrase(context, subject)  # a term: it must be named as a whole
        nouns = self.nouns(subject)
        if not nouns:
            return False
        shared = nouns & set(content_stems(context))
        if len(nouns) <= 2:
            return shared == nouns
        if len(shared) >= 2:
            return True
        return any(self.material.doc_freq.get(s, 0) <= RARE_CHUNKS for s in shared)

    def _unit_about(self, unit: Unit, subject: str) -> bool:
        """:meth:`about` for the unit itself with its lead (list intro, paragraph start) and
        its heading."""
        return self.about(f"{unit.text} {unit.context}", subject)

    def stated_about(self, option: str, subject: str, skip: Sequence[str] = ()) -> bool:
        """The material states the option somewhere in a context about ``subject``. Units
        whose text is one of ``skip`` are left out: the right answers themselves, already
        compared by :meth:`member_conflict`."""
        sims = self.sim.matrix([option], [u.text for u in self.units])[0]
        wanted = set(content_stems(option))
        need = max(1, math.ceil(len(wanted) * STATED_COVERAGE))
        skipped = {normalise(t) for t in skip}
        for unit, score, stems in zip(self.units, sims, self._unit_stems, strict=True):
            if skipped and any(normalise(unit.text).find(t) >= 0 for t in skipped if t):
                continue
            if score < self.t_stated and len(wanted & stems) < need:
                continue
            if self.states(unit.text, option) and self._unit_about(unit, subject):
                return True
        return False

    def under(self, heading: str) -> list[str]:
        """Texts filed under a heading or label: the units of chunks whose section/chapter is
        ``heading`` (after step numbering is removed) and list items 'heading: …'."""
        from tutor.quiz.steps import step_name

        out = []
        for unit in self.units:
            where = step_name(unit.chunk.section or unit.chunk.chapter or "")
            if where == heading or unit.text.startswith(f"{heading}:"):
                out.append(unit.text)
        return out

    def mentioned_under(self, concept: str, heading: str) -> bool:
        """The concept (its words or a paraphrase) appears under another heading/label."""
        texts = self.under(heading)
        if any(coverage(concept, t) >= 0.5 for t in texts):
            return True
        return self.member_conflict(concept, [heading])

    def distractor_problem(
        self, option: str, right: Sequence[str], subject: str, origin: str = ""
    ) -> RejectReason | None:
        """Why ``option`` must not be offered as a wrong answer (None: it is safe).

        ``right``: every right answer of the question (the whole list, the case, the
        definition); ``subject``: what the question is about; ``origin``: where the option
        comes from (its own list intro or heading), judged for being about the subject too.
        """
        if self.member_conflict(option, right):
            return RejectReason.DISTRACTOR_PARAPHRASE
        if self.overlaps(option, subject):
            return RejectReason.DISTRACTOR_TRUE  # the option repeats the question's subject
        if origin and self.about(origin, subject):
            return RejectReason.DISTRACTOR_TRUE
        if self.stated_about(option, subject, skip=right):
            return RejectReason.DISTRACTOR_TRUE
        return None
