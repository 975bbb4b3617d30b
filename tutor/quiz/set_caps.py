"""The caps a quiz set keeps while it is filled (see :mod:`tutor.quiz.generate`): hard caps
per passage, structure, sentence, case study and bare-number key, and the soft family mix and
type share that give way when the material runs short."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tutor.quiz.build_common import Candidate
from tutor.quiz.material import chunk_lines
from tutor.quiz.models import QuestionType, QuizItem
from tutor.quiz.textnorm import normalise
from tutor.quiz.validate import is_bare_number

MAX_PER_PASSAGE = 3
MAX_PER_SECTION = 2  # per started set of 10: a set covers different sections
MAX_PER_GROUP = 1  # items from one list, sequence, case, term group or statement
MAX_BARE_NUMBERS = 1  # per started set of 10
MAX_CASES = 3  # items built on case studies, per started set of 10
# Per family: preference (higher is asked first when sections tie) and the most items per
# started set of 10. Families that make the learner apply or relate what the module teaches
# come first; stated purposes, list membership and turned statements only fill up. Cases rank
# above definitions: a free-text term question taken first would bar every case item whose
# topic options name that term (the options would give its answer away).
FAMILY_MIX: dict[str, tuple[float, int]] = {
    "case": (3.0, 3),
    "definition": (2.5, 3),
    "purpose": (1.2, 2),
    "rule": (2.5, 2),
    "order": (2.0, 1),
    "topic": (2.0, 2),
    "enumeration": (1.5, 2),
    "statement": (1.0, 1),
}
# Families whose items share one pool of options across the material (turned key
# statements): a second item would show the first one's options again, or its answer.
HARD_FAMILY_CAP: dict[str, int] = {"statement": 1}
# Families whose options come from one pool shared by the whole material (turned statements,
# stated purposes): no option text may be shown by two items of a set (it would repeat, or
# one item's key would stand as another's wrong option).
SHARED_POOL: frozenset[str] = frozenset({"statement", "purpose"})
# Forms whose options are drawn from one pool per module (case → outcome: the outcomes of the
# module's other cases): the same rule, or a set would show the same outcomes item after item.
SHARED_FORMS: frozenset[str] = frozenset({"ergebnis"})
# True/false guesses half of the time: even when the material runs short, at most this many
# per started set of 10 of a mixed set.
HARD_TYPE_SHARE: dict[str, int] = {"tf": 2}
# Share of a mixed set per question type (per started set of 10): true/false guesses half
# of the time and free text suits only defined terms, so most items are multiple choice.
TYPE_SHARE: dict[QuestionType, int] = {"mc": 10, "tf": 1, "cloze": 2}


class Tally:
    """What a set holds so far: sections, chunks, structures, families, types, cases,
    bare-number keys and the sentences its items quote."""

    def __init__(self, items: Sequence[QuizItem]) -> None:
        self.sections = Counter(_section(it) for it in items)
        self.passages = Counter(it.source.chunk_id for it in items)
        self.families: Counter[str] = Counter(it.kind for it in items)
        self.groups: Counter[str] = Counter()
        self.types: Counter[str] = Counter(it.type for it in items)
        self.keys: set[str] = set()
        self.cases = 0
        self.numbers = sum(1 for it in items if is_bare_number(it.answer))
        self.sentences: set[str] = set().union(*(_sentences(it) for it in items))
        self.shown: set[str] = set().union(*(_shown(it) for it in items))
        self.answers: set[str] = {_answer(it) for it in items} - {""}
        self.option_sets: set[frozenset[str]] = {_options(it) for it in items} - {frozenset()}
        self.wrong: set[str] = set().union(*(_wrong(it) for it in items))

    def allows(self, cand: Candidate, blocks: int, mixed: bool) -> bool:
        """The candidate breaks no hard per-set cap (before it is built)."""
        if mixed and self.types[cand.type] >= HARD_TYPE_SHARE.get(cand.type, 10) * blocks:
            return False
        if self.families[cand.family] >= HARD_FAMILY_CAP.get(cand.family, 10) * blocks:
            return False
        if cand.key in self.keys or self.passages[cand.passage] >= MAX_PER_PASSAGE:
            return False
        if self.sections[cand.section] >= MAX_PER_SECTION * blocks:
            return False
        if self.groups[cand.group or cand.key] >= MAX_PER_GROUP:
            return False
        if cand.bare_number and self.numbers >= MAX_BARE_NUMBERS * blocks:
            return False
        return not (cand.case and self.cases >= MAX_CASES * blocks)

    def in_mix(self, cand: Candidate, blocks: int, mixed: bool) -> bool:
        """The candidate keeps the preferred family mix and type share (soft caps)."""
        if self.families[cand.family] >= FAMILY_MIX.get(cand.family, (1.0, 1))[1] * blocks:
            return False
        return not mixed or self.types[cand.type] < TYPE_SHARE[cand.type] * blocks

    def shares_sentence(self, item: QuizItem) -> bool:
        """The item quotes a sentence an earlier item of the set quotes, shows a shared-pool
        option (:data:`SHARED_POOL`) an earlier item shows, or has the right answer of an
        earlier item (two topic items keyed "Ziele definieren …" give each other away;
        review round 4 of issue #19, Nr. 6/9 and 15/17)."""
        if _answer(item) and _answer(item) in self.answers:
            return True
        return bool(_sentences(item) & self.sentences) or bool(_shown(item) & self.shown)

    def repeats(self, item: QuizItem) -> bool:
        """The item shows the same options as an earlier item, its key stands as a wrong
        option of an earlier item, or one of its wrong options is an earlier item's key
        (review round 5 of issue #19: a learner solves one item by the other)."""
        if item.type != "mc":
            return False
        if _options(item) in self.option_sets:
            return True
        return _answer(item) in self.wrong or bool(_wrong(item) & self.answers)

    def add(self, cand: Candidate, item: QuizItem) -> None:
        self.keys.add(cand.key)
        self.sections[cand.section] += 1
        self.passages[cand.passage] += 1
        self.groups[cand.group or cand.key] += 1
        self.families[cand.family] += 1
        self.types[cand.type] += 1
        self.cases += int(cand.case)
        self.numbers += int(is_bare_number(item.answer))
        self.sentences |= _sentences(item)
        self.shown |= _shown(item)
        self.answers.add(_answer(item))
        if item.type == "mc":
            self.option_sets.add(_options(item))
            self.wrong |= _wrong(item)


def _answer(item: QuizItem) -> str:
    """The normalised right answer ("" for true/false: every such item has one of two)."""
    return "" if item.type == "tf" else normalise(item.answer)


def _options(item: QuizItem) -> frozenset[str]:
    """The normalised options of a multiple-choice item (empty for other types)."""
    return frozenset(normalise(o) for o in item.options) if item.type == "mc" else frozenset()


def _wrong(item: QuizItem) -> set[str]:
    """The normalised wrong options of a multiple-choice item."""
    if item.type != "mc":
        return set()
    return {normalise(o) for o in item.options if o != item.answer}


def _shown(item: QuizItem) -> set[str]:
    """The normalised option texts (or true/false claim) of a shared-pool item."""
    if item.kind not in SHARED_POOL and item.form not in SHARED_FORMS:
        return set()
    texts = [item.shown] if item.type == "tf" else list(item.options)
    return {normalise(t) for t in texts if len(t.split()) > 2}


def _sentences(item: QuizItem) -> set[str]:
    """The normalised sentences and list lines an item asks about: those it quotes — for a
    case → topic item only the setting its stem shows (its subject), not the outcome its
    quote adds for the explanation (a term defined in the outcome is another question)."""
    text = item.subject if item.kind == "case" and item.subject else item.source.quote
    return {
        normalise(sentence)
        for line in chunk_lines(text)
        for sentence in line.sentences
        if len(sentence.split()) > 2
    }


def _section(item: QuizItem) -> str:
    return f"{item.source.source}|{item.module}|{item.source.section or item.source.chapter}"


def best(pool: list[Candidate], tally: Tally, wanted: list[QuestionType]) -> int:
    """Index of the next candidate: least-used section first (every section before any
    repeats), then the family furthest below its preference (:data:`FAMILY_MIX`), then
    multiple choice before the types of a small share; ties keep the seeded order."""
    order = {t: i for i, t in enumerate(sorted(wanted, key=lambda t: -TYPE_SHARE[t]))}

    def rank(i: int) -> tuple[int, float, int, int]:
        c = pool[i]
        weight = FAMILY_MIX.get(c.family, (1.0, 1))[0]
        return (
            tally.sections[c.section],
            (tally.families[c.family] + 1) / weight,
            tally.types[c.type] * 10 // max(TYPE_SHARE[c.type], 1) + order[c.type],
            i,
        )

    return min(range(len(pool)), key=rank)
