"""Word-stem give-aways of a multiple-choice item: the right option repeats a word (or a
compound part) of the question that no wrong option repeats.

"Planungssoftware" in a case → "Ressourcen- und Materialplanung", "Gästeanfragen" → "… Gäste
erreicht", "Produkte zurücksenden" → "… Produktbeschreibungen …": a learner who only matches
words picks the key. A part counts when it opens one word and stands anywhere in the other
(German compounds put the modifier first and the head last), or when it closes the stems of two
compounds sharing a head ("Materialplanung", "Wochenplanung"). Words and parts too common in
the material ("Daten", "Unternehmen") do not count, and a part that a wrong option shares with
the question as well tells nothing apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.textkit import fold_for_grading, stem
from tutor.prompts import load
from tutor.quiz.models import QuizItem
from tutor.quiz.textnorm import ARTICLES, words
from tutor.quiz.truth import TruthCheck
from tutor.retrieval.text import STOPWORDS

PART = 6  # letters of a shared word part a reader notices ("planun", "erkenn", "gaeste")
_STOP = frozenset(fold_for_grading(w) for w in STOPWORDS) | ARTICLES


def _parts(text: str, truth: TruthCheck) -> set[str]:
    """Opening parts of the words and closing parts of their stems, generic ones left out."""
    out: set[str] = set()
    for w in words(text):
        if len(w) < PART or w in _STOP or w.isdigit() or stem(w) in truth.generic:
            continue
        if "<" + w[:5] not in truth.generic_parts:
            out.add("<" + w[:PART])
        s = stem(w)
        if len(s) > PART and not any(g.endswith(s[-PART:]) for g in truth.generic):
            out.add(s[-PART:] + ">")
    return out


def _shares(parts: set[str], text: str) -> set[str]:
    """The parts of ``parts`` that stand in ``text`` (an opening part anywhere in a word, a
    closing part at the end of a stem)."""
    ws = words(text)
    stems = [stem(w) for w in ws]
    found: set[str] = set()
    for p in parts:
        opening = p.startswith("<") and any(p[1:] in w for w in ws)
        closing = p.endswith(">") and any(len(s) > PART and s.endswith(p[:-1]) for s in stems)
        if opening or closing:
            found.add(p)
    return found


def links(a: str, b: str, truth: TruthCheck) -> set[str]:
    """The word parts that link the texts ``a`` and ``b`` (empty: none)."""
    return _shares(_parts(a, truth), b) | {p for p in _parts(b, truth) if _shares({p}, a)}


@lru_cache(maxsize=1)
def frame_words() -> frozenset[str]:
    """The words of the question templates themselves ("Welches Ergebnis berichtet …"): they
    stand in every item of a form and point to no option."""
    templates = load("quiz")["frage"].values()
    return frozenset(w for t in templates for w in words(re.sub(r"\{\w+\}", " ", t)))


def key_echo(item: QuizItem, truth: TruthCheck) -> set[str]:
    """The word parts linking the question (its frame words left out) to the right option
    only (empty: none)."""
    if item.type != "mc":
        return set()
    wrong = [o for o in item.options if o != item.answer]
    asked = " ".join(w for w in words(item.question) if w not in frame_words())
    linked = links(asked, item.answer, truth)
    return {p for p in linked if not any(_shares({p}, o) for o in wrong)}
