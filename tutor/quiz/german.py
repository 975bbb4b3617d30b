"""Is the German of an item clean? Checks that catch broken templates and LLM output.

Refused: unbalanced German quotation marks, leftover placeholders or markup, a doubled word
("die die"), English function words in the question (``englisch.funktionswoerter``), a
question that does not end like a question or statement, empty or overlong options, and —
for LLM drafts — text in which too few words are German.
"""

from __future__ import annotations

import re

from tutor.quiz.lexicon import is_german, lexicon
from tutor.quiz.models import QuizItem

MAX_QUESTION_CHARS = 900
MAX_OPTION_CHARS = 200
MIN_GERMAN_SHARE = 0.7  # of the words of an LLM draft
_MARKUP = re.compile(r"[{}<>]|\*\*|__|\\n|#|\[\d+\]")
_DOUBLED = re.compile(r"\b(\w{2,})\s+\1\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_ENDINGS = ("?", ".", "“", "!", "“.")


def _balanced(text: str) -> bool:
    return text.count("„") == text.count("“")


def english_words(text: str) -> set[str]:
    """English function words in a text (outside quotations from the course)."""
    outside = re.sub(r"„[^“]*“", " ", text)
    return {w for w in re.findall(r"[A-Za-z]+", outside.lower())} & lexicon().english_words


def german_share(text: str) -> float:
    """Share of the words that are German (dictionary or compound of dictionary words)."""
    tokens = _WORD.findall(text)
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if is_german(t)) / len(tokens)


def german_problem(item: QuizItem) -> str | None:
    """A short English reason why the item's German is not clean, or None."""
    question = item.question.strip()
    texts = [question, *item.options]
    if not question.endswith(_ENDINGS) or len(question) > MAX_QUESTION_CHARS:
        return "question does not end like a question or statement"
    if any(not _balanced(t) for t in texts):
        return "unbalanced quotation marks"
    if any(_MARKUP.search(t) for t in texts):
        return "markup or placeholder left over"
    if any(_DOUBLED.search(re.sub(r"„[^“]*“", " ", t)) for t in texts):
        return "doubled word"
    if english_words(question):
        return "English words in the question"
    if any(not o.strip() or len(o) > MAX_OPTION_CHARS for o in item.options):
        return "empty or overlong option"
    if item.form == "entwurf":
        if german_share(" ".join(texts)) < MIN_GERMAN_SHARE:
            return "too few German words"
        if not question.endswith("?"):
            return "a drafted question must end with a question mark"
    return None
