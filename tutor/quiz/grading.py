"""Grading learner answers: option letters/numbers for multiple choice, Wahr/Falsch, and fair
free text for the term questions.

A free-text answer is right when it is the key up to case, umlaut spelling, inflection and
small typos (:func:`text_matches`); it is counted as *equivalent* — and the feedback says so —
when it is a glossary synonym of the key (``prompts/quiz_synonyme.toml``), the key without the
action verb of a bullet ("Testumgebung" for "Testumgebung einrichten"), the meaning-bearing
part of a compound whose other part is generic in the course ("Güter" for
"Unternehmensgüter"), or a paraphrase above the calibrated e5 threshold. It is never right when
it turns the key into its opposite ("Datenmaximierung") or names a different concept of the
course ("Starke KI" for "Schwache KI"), however similar the two look to the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.textkit import fold_for_grading, stem
from tutor.quiz.lexicon import is_german, lexicon
from tutor.quiz.models import QuizItem
from tutor.quiz.semantic import Similarity, calibration
from tutor.quiz.textmatch import text_matches
from tutor.quiz.textnorm import ARTICLES, content_stems, normalise, numbers
from tutor.quiz.validate import true_false

_TRUE = frozenset({"wahr", "w", "richtig", "ja", "j", "true", "t", "stimmt"})
_FALSE = frozenset({"falsch", "f", "nein", "n", "false", "stimmt nicht"})
_LETTER = re.compile(r"^\(?([a-zA-Z])[).:]?$")
MIN_PART = 4


@dataclass(frozen=True)
class Grade:
    """How a free-text answer was judged: right or not, and why (keys of ``[gleichwertig]``
    in prompts/quiz.toml when it was counted as equivalent; the other course concept it
    names when it was refused for that)."""

    correct: bool
    equivalent: str | None = None
    other_concept: str | None = None


class Grader:
    """Free-text grading against the course's vocabulary (see module docstring)."""

    def __init__(
        self,
        sim: Similarity | None = None,
        concepts: Sequence[str] = (),
        generic: frozenset[str] = frozenset(),
    ) -> None:
        self.sim = sim
        self.concepts = [c for c in dict.fromkeys(concepts) if content_stems(c)]
        self.generic = generic  # stems too common in the course to carry meaning alone
        self.use_glossary = True  # off only to calibrate the e5 paths on their own
        limits = calibration()
        self.t_part = limits.grading_part.value
        self.t_para = limits.grading_paraphrase.value

    def grade(self, item: QuizItem, given: str) -> Grade:
        """Judge a free-text answer to ``item`` (see module docstring)."""
        answer = " ".join(given.split())
        keys = [k for k in [item.answer, *item.accepted] if k.strip()]
        if not content_stems(answer) and not numbers(answer):
            return Grade(False)
        for key in keys:
            if normalise(answer) == normalise(key):
                return Grade(True)
        for key in keys:
            if text_matches(key, answer):
                same_stems = content_stems(key) == content_stems(answer)
                return Grade(True, "form" if same_stems else "schreibweise")
            if decomposed(key, answer):
                return Grade(True, "zerlegt")
        if any(self._opposite(k, answer) for k in keys):
            return Grade(False)
        synonyms = [
            s
            for k in keys
            for s in lexicon().synonyms(k) + lexicon().synonyms(self._without_action(k))
        ]
        if self.use_glossary and any(text_matches(s, answer) for s in synonyms):
            return Grade(True, "glossar")
        other = self._other_concept(keys, synonyms, answer)
        if other is not None:
            return Grade(False, other_concept=other)
        for key in keys:
            core = self._without_action(key)
            if core != key and text_matches(core, answer):
                return Grade(True, "handlung")
        if self.sim is not None:
            for key in keys:
                if self._compound_part(self._without_action(key), answer):
                    return Grade(True, "teil")
                if self._paraphrase(key, answer):
                    return Grade(True, "bedeutung")
        return Grade(False)

    @staticmethod
    def _without_action(key: str) -> str:
        words = key.split()
        if len(words) > 1 and fold_for_grading(words[-1]) in lexicon().action_verbs:
            return " ".join(words[:-1])
        return key

    @staticmethod
    def _opposite(key: str, answer: str) -> bool:
        """The answer differs from the key by an antonymous word part or a negating prefix."""
        a, b = fold_for_grading(normalise(key)), fold_for_grading(normalise(answer))
        for left, right in lexicon().antonyms:
            for x, y in ((left, right), (right, left)):
                if x in a and y in b and a.replace(x, y) == b.replace(x, y):
                    return True
        for prefix in lexicon().negating_prefixes:
            if b == prefix + a or a == prefix + b:
                return True
            if any(w == prefix + v or v == prefix + w for w in b.split() for v in a.split()):
                return True
        return False

    def _other_concept(
        self, keys: Sequence[str], synonyms: Sequence[str], answer: str
    ) -> str | None:
        """A course concept the answer names that is not the key (nor part of it)."""
        mine = {normalise(x) for x in [*keys, *synonyms]}
        key_text = " ".join(normalise(k) for k in keys)
        for concept in self.concepts:
            norm = normalise(concept)
            if norm in mine or norm in key_text or any(m in norm for m in mine if m):
                continue
            if text_matches(concept, answer):
                return concept
        return None

    def _compound_part(self, key: str, answer: str) -> bool:
        """One word of the answer is the meaning-bearing part of a compound of the key
        ("Güter" of "Unternehmensgüter", "Leerlauf" of "Leerlaufzeiten"): the rest of the
        compound is generic in the course, and e5 agrees above the calibrated threshold."""
        given = [w for w in normalise(answer).split() if w not in ARTICLES]
        if len(given) != 1 or len(given[0]) < MIN_PART or self.sim is None:
            return False
        part = given[0]
        for word in normalise(key).split():
            if word == part or part not in word:
                continue
            rest = word.replace(part, " ").strip(" s")
            if not rest or not is_german(part) or not self._generic_part(rest):
                continue
            if self.sim.sim(key, answer) >= self.t_part:
                return True
        return False

    def _generic_part(self, rest: str) -> bool:
        """The left-over part of a compound carries no meaning of its own in the course."""
        for piece in rest.split():
            root = stem(piece.rstrip("s"))
            if root not in self.generic and stem(piece) not in self.generic:
                return False
        return True

    def _paraphrase(self, key: str, answer: str) -> bool:
        """A multi-word answer that keeps the key's meaning-bearing word and says the rest in
        other words, above the calibrated e5 threshold."""
        if self.sim is None or len(content_stems(answer)) < 2:
            return False
        shared = set(content_stems(key)) & set(content_stems(answer))
        if not shared - self.generic:
            return False
        return self.sim.sim(key, answer) >= self.t_para


def decomposed(key: str, answer: str) -> bool:
    """A one-word compound key written as its parts: "Dokumentation der Prozesse" for
    "Prozessdokumentation", "Zufriedenheit der Kunden" for "Kundenzufriedenheit"."""
    word = fold_for_grading(key).replace("-", "")
    if len(key.split()) != 1 or not word.isalpha():
        return False
    parts = [w for w in normalise(answer).split() if w not in ARTICLES and len(w) >= MIN_PART]
    stems = [stem(p) for p in parts]
    if len(stems) < 2 or not all(s and s in word for s in stems):
        return False
    return sum(len(s) for s in stems) >= len(word) * 0.5


def choose(item: QuizItem, given: str) -> str | None:
    """The option the learner meant: letter ("B"), number ("2"), the text, or for true/false
    "wahr/falsch/ja/nein/richtig/w/f"; None if it cannot be understood."""
    text = given.strip()
    if not text:
        return None
    if item.type == "tf":
        low = fold_for_grading(text).strip(" .!")
        if low in _TRUE:
            return true_false()[0]
        if low in _FALSE:
            return true_false()[1]
        return None
    letter = _LETTER.match(text)
    if letter:
        index = ord(letter.group(1).upper()) - ord("A")
        return item.options[index] if 0 <= index < len(item.options) else None
    if text.isdecimal():  # not isdigit(): "²" is a digit that int() rejects
        index = int(text) - 1
        return item.options[index] if 0 <= index < len(item.options) else None
    return next(
        (o for o in item.options if fold_for_grading(o).strip() == fold_for_grading(text)), None
    )


def grade_answer(item: QuizItem, given: str, grader: Grader | None = None) -> Grade:
    """Grade one answer (call :func:`choose` first to reject unreadable mc/tf input)."""
    if item.type == "cloze":
        return (grader or Grader()).grade(item, given)
    return Grade(choose(item, given) == item.answer)


def is_correct(item: QuizItem, given: str, grader: Grader | None = None) -> bool:
    """True if the answer is right (see :func:`grade_answer`)."""
    return grade_answer(item, given, grader).correct


def option_letters(options: Sequence[str]) -> list[str]:
    """'A', 'B', … for the options."""
    return [chr(ord("A") + i) for i in range(len(options))]
