"""Exactly one right option, checked per question form against the whole material.

Forms whose options are free texts (a meaning, a list item, a case outcome, an LLM draft)
check every wrong option with :class:`~tutor.quiz.truth.TruthCheck`; forms whose options are
parts of one structure (steps of a sequence, categories, rule classes, score bands) re-derive
the right answer from that structure and check that no other option is right as well.
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.quiz.facts import FactBook
from tutor.quiz.lexicon import lexicon
from tutor.quiz.material import CourseMaterial, chunk_lines
from tutor.quiz.models import QuizItem, RejectReason
from tutor.quiz.siblings import sibling_list, sibling_problems
from tutor.quiz.steps import Sequence
from tutor.quiz.textnorm import content_stems, near_duplicate, normalise
from tutor.quiz.truth import TruthCheck

TRUE, FALSE = "Wahr", "Falsch"
CONCEPT_WORDS = 6  # a longer "concept" is the first sentence of a case study


class FormChecks:
    """Per-form correctness of an item's options (see module docstring)."""

    def __init__(self, material: CourseMaterial, book: FactBook, truth: TruthCheck) -> None:
        self.material = material
        self.book = book
        self.truth = truth
        # Forms whose builder owns the proof that a wrong option is wrong (options of one
        # kind judged against their own pool, e.g. purposes): form → check.
        self.custom: dict[str, Callable[[QuizItem], list[RejectReason]]] = {}

    def problems(self, item: QuizItem) -> list[RejectReason]:
        """Reasons the item's options break "exactly one right answer" (empty: fine)."""
        if item.type == "cloze":
            return []
        if item.form in self.custom:
            return self.custom[item.form](item)
        if item.form in {"begriff", "definition"} and sibling_list(self.book, item):
            return sibling_problems(self.book, self.truth, item)  # one labelled list's points
        if item.form in {"folge_nach", "folge_erst", "folge_letzt", "folge_vor"}:
            return self._order(item)
        if item.form == "zuordnung":
            return self._assignment(item)
        if item.form in {"regel_klasse", "regel_band"}:
            return self._rule(item)
        if item.form == "aussage":
            return self._turned(item)
        if item.form == "gruppe":
            return self._group(item)
        if item.form == "definition_punkt":
            return self._list_point(item)
        if item.type == "tf":
            return self._statement(item)
        if item.form == "begriff":
            return self._terms(item)
        if item.form == "liste_nicht":
            return self._not_listed(item)
        return self._open(item, [o for o in item.options if o != item.answer])

    # -- free-text options -------------------------------------------------------------
    def _open(self, item: QuizItem, wrong: list[str]) -> list[RejectReason]:
        right = item.right or [u for ln in chunk_lines(item.source.quote) for u in ln.sentences]
        for option in wrong:
            if item.form == "entwurf":
                reason = self._draft_distractor(item, option)
            else:
                reason = self.truth.distractor_problem(option, right, item.subject)
            if reason is not None:
                return [reason]
        return []

    def _draft_distractor(self, item: QuizItem, option: str) -> RejectReason | None:
        """Stricter for LLM drafts: no unit of the passage may overlap the wrong option, and
        no sentence anywhere in the material may state it."""
        passage = [u for ln in chunk_lines(item.source.quote) for u in ln.sentences]
        if self.truth.member_conflict(option, passage):
            return RejectReason.DISTRACTOR_PARAPHRASE
        if any(self.truth.states(u.text, option) for u in self.truth.units):
            return RejectReason.DISTRACTOR_TRUE
        return None

    def _statement(self, item: QuizItem) -> list[RejectReason]:
        says_true = item.answer == TRUE
        shown_is_fact = near_duplicate(item.shown, item.fact) or normalise(item.shown) == normalise(
            item.fact
        )
        if says_true:
            return [] if shown_is_fact else [RejectReason.CORRECT_COUNT]
        if shown_is_fact:
            return [RejectReason.CORRECT_COUNT]
        return self._open(item, [item.shown])

    def _terms(self, item: QuizItem) -> list[RejectReason]:
        """Wrong terms: no synonym or near-duplicate of the key, and none whose own meaning
        (where the material gives one) overlaps the meaning asked for. Terms may share words
        ("Quantitative …" / "Qualitative Nutzen bewerten"): what matters is their meaning."""
        synonyms = {normalise(s) for s in lexicon().synonyms(item.answer)}
        meanings = self._meanings()
        for option in item.options:
            if option == item.answer:
                continue
            if normalise(option) in synonyms or near_duplicate(option, item.answer):
                return [RejectReason.DISTRACTOR_PARAPHRASE]
            for meaning in meanings.get(normalise(option), []):
                if self.truth.overlaps(meaning, item.subject.rstrip(".")):
                    return [RejectReason.DISTRACTOR_TRUE]
        return []

    def _meanings(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for d in self.book.definitions:
            out.setdefault(normalise(d.clean_term), []).append(d.description.rstrip("."))
        for e in self.book.enumerations:
            for it in e.items:
                if it.label and it.description:
                    out.setdefault(normalise(it.label), []).append(it.description.rstrip("."))
        return out

    def _not_listed(self, item: QuizItem) -> list[RejectReason]:
        listed = [u for ln in chunk_lines(item.source.quote) for u in ln.sentences]
        inside = [o for o in item.options if o != item.answer]
        if not all(any(normalise(o) in normalise(u) for u in listed) for o in inside):
            return [RejectReason.CORRECT_COUNT]
        reason = self.truth.distractor_problem(item.answer, item.right or listed, item.subject)
        return [reason] if reason else []

    def _turned(self, item: QuizItem) -> list[RejectReason]:
        """A key statement against statements the material contradicts (or, true/false,
        the statement or its opposite)."""
        statement = next((s for s in self.book.statements if s.true == item.subject), None)
        if statement is None:
            return [RejectReason.UNSUPPORTED]
        if item.type == "tf":
            shown = normalise(item.shown)
            is_true = shown == normalise(statement.true)
            if not is_true and shown != normalise(statement.false):
                return [RejectReason.CORRECT_COUNT]
            return [] if is_true == (item.answer == TRUE) else [RejectReason.CORRECT_COUNT]
        turned = {s.false: s for s in self.book.statements}
        for option in item.options:
            if option == item.answer:
                continue
            if option not in turned or option == statement.false:
                return [RejectReason.CORRECT_COUNT]
            wanted = normalise(option.rstrip("."))
            if any(wanted in normalise(u.text) for u in self.truth.units):
                return [RejectReason.DISTRACTOR_TRUE]
        return []

    def _group(self, item: QuizItem) -> list[RejectReason]:
        """One point of the asked group; every other option a point of a sibling group that
        repeats none of the asked group's points."""
        for sg in self.book.groups:
            for group in sg.groups:
                if group.name != item.subject:
                    continue
                mine = {normalise(it.label or it.text) for it in group.items}
                theirs = {
                    normalise(it.label or it.text)
                    for g in sg.groups
                    if g is not group
                    for it in g.items
                }
                if normalise(item.answer) not in mine:
                    continue
                wrong = [o for o in item.options if o != item.answer]
                if any(normalise(o) not in theirs for o in wrong):
                    return [RejectReason.CORRECT_COUNT]
                if any(self.truth.member_conflict(o, item.right) for o in wrong):
                    return [RejectReason.DISTRACTOR_PARAPHRASE]
                return []
        return [RejectReason.UNSUPPORTED]

    def _list_point(self, item: QuizItem) -> list[RejectReason]:
        """A term named by one point of a list ("… benötigt werden ('Datenminimierung')"):
        the key is that point, every wrong option another point of the same list that does
        not name the term, none a near-duplicate of the key."""
        term = normalise(item.subject)

        def point(option: str, lines: list[str]) -> str | None:
            wanted = normalise(option)
            return next((ln for ln in lines if wanted and ln.startswith(wanted)), None)

        for e in self.book.enumerations:
            lines = [normalise(it.line) for it in e.items]
            key = point(item.answer, lines)
            if key is None or term not in key:
                continue
            wrong = [point(o, lines) for o in item.options if o != item.answer]
            if any(w is None or term in w for w in wrong):
                return [RejectReason.CORRECT_COUNT]
            if any(near_duplicate(o, item.answer) for o in item.options if o != item.answer):
                return [RejectReason.DUPLICATE_OPTIONS]
            return []
        return [RejectReason.UNSUPPORTED]

    # -- structured options ------------------------------------------------------------
    def _sequence(self, key: str) -> Sequence | None:
        return next((s for s in self.book.sequences if s.key == key), None)

    def _order(self, item: QuizItem) -> list[RejectReason]:
        seq = self._sequence(item.subject)
        if seq is None:
            return [RejectReason.UNSUPPORTED]
        if item.form == "folge_vor":
            early, _, late = item.shown.partition(" → ")
            a, b = seq.position(early), seq.position(late)
            if a < 0 or b < 0 or (a < b) != (item.answer == TRUE):
                return [RejectReason.CORRECT_COUNT]
            return []
        positions = [seq.position(o) for o in item.options]
        if any(p < 0 for p in positions):
            return [RejectReason.UNSUPPORTED]
        if item.form == "folge_erst":
            right = item.options[positions.index(min(positions))]
        elif item.form == "folge_letzt":
            right = item.options[positions.index(max(positions))]
        else:
            asked = next((s.text for s in seq.steps if f"„{s.text}“" in item.question), None)
            if asked is None or seq.position(asked) + 1 >= len(seq.steps):
                return [RejectReason.UNSUPPORTED]
            right = seq.steps[seq.position(asked) + 1].text
        return [] if right == item.answer else [RejectReason.CORRECT_COUNT]

    def _assignment(self, item: QuizItem) -> list[RejectReason]:
        category = item.right[0] if item.right else ""
        if item.type == "tf":
            if (item.shown == category) != (item.answer == TRUE):
                return [RejectReason.CORRECT_COUNT]
            others = [] if item.shown == category else [item.shown]
        else:
            if item.answer != category:
                return [RejectReason.CORRECT_COUNT]
            others = [o for o in item.options if o != category]
        case = len(item.fact.split()) > CONCEPT_WORDS  # a case study → the topic it illustrates
        for other in others:
            if case and self.truth.nouns(other) & set(content_stems(item.source.quote)):
                return [RejectReason.DISTRACTOR_TRUE]
            if not case and self.truth.mentioned_under(item.fact, other):
                return [RejectReason.DISTRACTOR_TRUE]
        return []

    def _rule(self, item: QuizItem) -> list[RejectReason]:
        if item.form == "regel_band":
            key, _, score = item.subject.rpartition("|")
            rule = next((r for r in self.book.bands if r.key == key), None)
            span = next((r for r in self.book.spans if r.key == key), None)
            if not score.isdigit() or (rule is None and span is None):
                return [RejectReason.UNSUPPORTED]
            if span is not None:
                name = span.name_of(int(score))
            else:
                band = rule.band(int(score)) if rule is not None else None
                name = band.text if band is not None else None
            if name is None:
                return [RejectReason.UNSUPPORTED]
            right = name
        else:
            scheme = next((s for s in self.book.schemes if s.key == item.subject), None)
            example = item.right[0] if item.right else ""
            owners = [c for c in scheme.classes if example in c.examples] if scheme else []
            if len(owners) != 1:
                return [RejectReason.UNSUPPORTED]
            right = owners[0].name
        if item.type == "tf":
            return (
                []
                if (item.shown == right) == (item.answer == TRUE)
                else [RejectReason.CORRECT_COUNT]
            )
        return [] if item.answer == right else [RejectReason.CORRECT_COUNT]
