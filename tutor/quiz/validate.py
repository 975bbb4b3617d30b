"""Validation of quiz items before anything is shown or exported.

An item passes only if it has exactly one correct option, no (near-)duplicate options, an
answer its quoted source supports, a question that does not give the answer away, and no twin
in its set. The same checks decide at build time which distractors may be used.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.prompts import render
from tutor.quiz.material import CourseMaterial, chunk_lines
from tutor.quiz.models import QuizItem, RejectReason
from tutor.quiz.textnorm import (
    contains_phrase,
    content_stems,
    coverage,
    near_duplicate,
    normalise,
    numbers,
)
from tutor.retrieval.corpus import IndexedChunk

CONTEXT_COVERAGE = 0.6
OPTION_COVERAGE = 0.75
GAP_FORMS = frozenset({"luecke", "zahl", "ist", "beschreibung"})


def true_false() -> list[str]:
    """The two options of a true/false item, in German."""
    return [render("quiz", "antwort.wahr"), render("quiz", "antwort.falsch")]


def supported(quote: str, fact: str) -> bool:
    """The quote states ``fact``: same stems in the same order, or all its stems and numbers."""
    if contains_phrase(quote, fact):
        return True
    need = set(numbers(fact))
    return need <= set(numbers(quote)) and bool(content_stems(fact)) and coverage(fact, quote) == 1


def fact_sentence(quote: str, fact: str) -> str:
    """The line or sentence of the quote that holds the fact (the whole quote if none)."""
    for line in chunk_lines(quote):
        for sentence in line.sentences:
            if supported(sentence, fact):
                return sentence
    return quote


def stated_in_context(
    material: CourseMaterial, option: str, context: str, chunk: IndexedChunk
) -> bool:
    """True if the module says ``option`` in a sentence like ``context`` (so the option would
    fill the gap correctly, too)."""
    wanted = set(numbers(option))
    for unit in material.statements(chunk):
        if wanted and not wanted <= set(numbers(unit)):
            continue
        if coverage(option, unit) >= OPTION_COVERAGE and coverage(context, unit) >= (
            CONTEXT_COVERAGE
        ):
            return True
    return False


def second_correct(
    material: CourseMaterial, form: str, option: str, chunk: IndexedChunk, quote: str, fact: str
) -> bool:
    """Would ``option`` also be a right answer to a question of this form about ``fact``?"""
    if form in GAP_FORMS:
        sentence = fact_sentence(quote, fact)
        context = sentence.replace(fact, " ")
        return supported(sentence, option) or stated_in_context(material, option, context, chunk)
    return material.is_stated(option, chunk)


class Validator:
    """Checks items against the course material (the chunk each one cites)."""

    def __init__(self, material: CourseMaterial) -> None:
        self.material = material

    def problems(self, item: QuizItem, others: Sequence[QuizItem] = ()) -> list[RejectReason]:
        """Every rule the item breaks (empty list: valid). ``others``: the set so far."""
        found: list[RejectReason] = []
        if not self._well_formed(item):
            return [RejectReason.MALFORMED]
        chunk = self.material.by_id.get(item.source.chunk_id)
        if chunk is None or not self._quote_in_chunk(item.source.quote, chunk):
            return [RejectReason.UNSUPPORTED]
        if not supported(item.source.quote, item.fact):
            found.append(RejectReason.UNSUPPORTED)
        if not self._one_correct(item, chunk):
            found.append(RejectReason.CORRECT_COUNT)
        if any(
            near_duplicate(a, b) for i, a in enumerate(item.options) for b in item.options[i + 1 :]
        ):
            found.append(RejectReason.DUPLICATE_OPTIONS)
        if item.type != "tf" and self._answer_in_stem(item):
            found.append(RejectReason.ANSWER_IN_STEM)
        if any(self._same_question(item, other) for other in others):
            found.append(RejectReason.DUPLICATE_QUESTION)
        return found

    def first_problem(self, item: QuizItem, others: Sequence[QuizItem] = ()) -> RejectReason | None:
        """The first rule the item breaks, or None if it is valid."""
        found = self.problems(item, others)
        return found[0] if found else None

    @staticmethod
    def _well_formed(item: QuizItem) -> bool:
        if not item.question.strip() or not item.answer.strip():
            return False
        if item.type == "mc":
            return len(item.options) == 4 and item.options.count(item.answer) == 1
        if item.type == "tf":
            return item.options == true_false() and item.answer in item.options
        return not item.options and "_____" in item.question

    @staticmethod
    def _quote_in_chunk(quote: str, chunk: IndexedChunk) -> bool:
        """Every sentence of the quote stands in the chunk (sentences may be non-adjacent)."""
        text = normalise(chunk.text)
        return all(
            normalise(sentence) in text
            for line in chunk_lines(quote)
            for sentence in line.sentences
        )

    def _one_correct(self, item: QuizItem, chunk: IndexedChunk) -> bool:
        quote, fact, form = item.source.quote, item.fact, item.form
        if item.type == "tf":
            says_true = item.answer == true_false()[0]
            shown_is_fact = near_duplicate(item.shown, fact) or normalise(item.shown) == normalise(
                fact
            )
            if says_true:
                return shown_is_fact
            return not shown_is_fact and not second_correct(
                self.material, form, item.shown, chunk, quote, fact
            )
        if item.type == "cloze":
            return True
        wrong = [o for o in item.options if o != item.answer]
        if form == "liste_nicht":
            return not self.material.is_stated(item.answer, chunk) and all(
                supported(quote, o) for o in wrong
            )
        return supported(quote, item.answer) and not any(
            second_correct(self.material, form, o, chunk, quote, fact) for o in wrong
        )

    @staticmethod
    def _answer_in_stem(item: QuizItem) -> bool:
        answers = [item.answer, *item.accepted] if item.type == "cloze" else [item.answer]
        for answer in answers:
            stems = content_stems(answer)
            if contains_phrase(item.question, answer):
                return True
            if (
                stems
                and coverage(answer, item.question) == 1
                and (set(numbers(answer)) <= set(numbers(item.question)))
            ):
                return True
        return False

    @staticmethod
    def _same_question(item: QuizItem, other: QuizItem) -> bool:
        if other.item_id and other.item_id == item.item_id:
            return True
        if normalise(item.question) == normalise(other.question):
            return True
        if item.source.chunk_id != other.source.chunk_id:
            return False
        if normalise(item.fact) == normalise(other.fact):
            return True
        mine = fact_sentence(item.source.quote, item.fact)
        theirs = fact_sentence(other.source.quote, other.fact)
        return normalise(mine) == normalise(theirs)
