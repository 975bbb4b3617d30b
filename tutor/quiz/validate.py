"""Validation of quiz items before anything is shown or exported — rule-built items, LLM
drafts and trainer edits alike.

An item passes only if it is well formed, its answer is supported by its quoted passage, it
has exactly one right option (every wrong option checked against the whole material, see
:mod:`tutor.quiz.forms`), it is no weak form (true/false gap, gap on a product name or filler
word), its German is clean (:mod:`tutor.quiz.german`), the question does not give the answer
away, and the set has no twin of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.prompts import render
from tutor.quiz.facts import GAP, FactBook
from tutor.quiz.forms import FormChecks
from tutor.quiz.german import german_problem
from tutor.quiz.giveaway import key_echo
from tutor.quiz.lexicon import is_product_name, lexicon
from tutor.quiz.material import CourseMaterial, chunk_lines
from tutor.quiz.models import QuizItem, RejectReason
from tutor.quiz.option_checks import option_problems
from tutor.quiz.textnorm import (
    contains_phrase,
    content_stems,
    coverage,
    near_duplicate,
    normalise,
    numbers,
)
from tutor.quiz.truth import TruthCheck
from tutor.retrieval.corpus import IndexedChunk

LEAK_COVERAGE = 0.6  # share of a meaning's words that, next to its term, answer a question
GENERIC_ANSWER_SHARE = 0.3  # a free-text key found in more chunks than this is too vague
BARE_NUMBER = frozenset({"prozent", "%"})

# Options of a multiple-choice item: four as a rule (:mod:`tutor.quiz.option_checks`); three
# only for a named three-class scale (three time horizons).
MIN_MC_OPTIONS = 3
MAX_MC_OPTIONS = 4


def true_false() -> list[str]:
    """The two options of a true/false item, in German."""
    return [render("quiz", "antwort.wahr"), render("quiz", "antwort.falsch")]


def supported(quote: str, fact: str) -> bool:
    """The quote states ``fact``: same stems in the same order, or all its stems and numbers."""
    if contains_phrase(quote, fact):
        return True
    need = set(numbers(fact))
    return need <= set(numbers(quote)) and bool(content_stems(fact)) and coverage(fact, quote) == 1


def is_bare_number(text: str) -> bool:
    """'25', '25 %', '25 Prozent': a key that is only a number."""
    rest = [w for w in normalise(text).split() if not w.replace(".", "").isdigit()]
    return bool(numbers(text)) and all(w in BARE_NUMBER for w in rest)


def _gives_away(item: QuizItem, other: QuizItem) -> bool:
    """The text of ``item`` (question and options) answers the term question ``other``: it
    names the term that ``other`` asks for, or names ``other``'s term together with its
    meaning ("… (SMART-Kriterien)" next to "Diese sollten spezifisch, messbar … sein")."""
    if other.kind != "definition":
        return False
    if other.form == "definition":  # "Was versteht man unter <term>?": subject = term
        term, meaning = other.subject, other.fact
    else:  # begriff, cloze: the answer is the term, the subject its meaning
        term, meaning = other.answer, other.subject
    text = " ".join([item.question, *item.options])
    if not term or not contains_phrase(text, term):
        return False
    asks_term = other.form == "begriff" and not contains_phrase(other.question, term)
    return asks_term or coverage(meaning, text) >= LEAK_COVERAGE


class Validator:
    """Checks items against the course material (see module docstring)."""

    def __init__(self, material: CourseMaterial, book: FactBook, truth: TruthCheck) -> None:
        self.material = material
        self.book = book
        self.truth = truth
        self.forms = FormChecks(material, book, truth)

    def problems(self, item: QuizItem, others: Sequence[QuizItem] = ()) -> list[RejectReason]:
        """Every rule the item breaks (empty list: valid). ``others``: the set so far."""
        if not self._well_formed(item):
            return [RejectReason.MALFORMED]
        chunk = self.material.by_id.get(item.source.chunk_id)
        if chunk is None or not self._quote_in_chunk(item.source.quote, chunk):
            return [RejectReason.UNSUPPORTED]
        found: list[RejectReason] = []
        if not supported(item.source.quote, item.fact):
            found.append(RejectReason.UNSUPPORTED)
        if self._weak(item):
            found.append(RejectReason.WEAK_FORM)
        if german_problem(item):
            found.append(RejectReason.BAD_GERMAN)
        if any(
            near_duplicate(a, b) for i, a in enumerate(item.options) for b in item.options[i + 1 :]
        ):
            found.append(RejectReason.DUPLICATE_OPTIONS)
        if not found:
            found.extend(self.forms.problems(item))
        found.extend(option_problems(item, lexicon(), self.truth.sim))
        if item.type != "tf" and (self._answer_in_stem(item) or key_echo(item, self.truth)):
            found.append(RejectReason.ANSWER_IN_STEM)
        if any(self._same_question(item, other) for other in others):
            found.append(RejectReason.DUPLICATE_QUESTION)
        return list(dict.fromkeys(found))

    def first_problem(self, item: QuizItem, others: Sequence[QuizItem] = ()) -> RejectReason | None:
        """The first rule the item breaks, or None if it is valid."""
        found = self.problems(item, others)
        return found[0] if found else None

    @staticmethod
    def _well_formed(item: QuizItem) -> bool:
        if not item.question.strip() or not item.answer.strip():
            return False
        if item.type == "mc":
            return (
                MIN_MC_OPTIONS <= len(item.options) <= MAX_MC_OPTIONS
                and item.options.count(item.answer) == 1
                and all(o.strip() for o in item.options)
            )
        if item.type == "tf":
            return item.options == true_false() and item.answer in item.options
        return not item.options

    def _weak(self, item: QuizItem) -> bool:
        """True/false gap statements; free-text keys that are numbers, product names or
        words so common in the material that they are filler, not knowledge."""
        if GAP in item.question and item.type != "cloze":
            return True
        if item.type != "cloze":
            return False
        if is_bare_number(item.answer) or is_product_name(item.answer, self.book.tools):
            return True
        stems = content_stems(item.answer)
        n = max(len(self.material.chunks), 1)
        return bool(stems) and all(
            self.material.doc_freq.get(s, 0) / n > GENERIC_ANSWER_SHARE for s in stems
        )

    @staticmethod
    def _quote_in_chunk(quote: str, chunk: IndexedChunk) -> bool:
        """Every sentence of the quote stands in the chunk (sentences may be non-adjacent)."""
        text = normalise(chunk.text)
        return all(
            normalise(sentence) in text
            for line in chunk_lines(quote)
            for sentence in line.sentences
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
        if _gives_away(other, item) or _gives_away(item, other):
            return True  # one item's text answers the other
        if item.source.chunk_id != other.source.chunk_id:
            return False
        return normalise(item.fact) == normalise(other.fact) and item.kind == other.kind
