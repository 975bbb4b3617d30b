"""Elliptical follow-ups that replace a phrase of the earlier question ("Welche Tools helfen
bei der Buchhaltung?" – "Und fürs Projektmanagement?"): the earlier question is searched with
the new phrase in place of its final prepositional phrase (``[ersetzung]`` of
``followup.toml``)."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from tutor.retrieval.followup import WORDS_FILE, narrowing_patterns
from tutor.retrieval.text import looks_english

ADJECTIVE = re.compile(r"[a-zäöüß]+(?:e|en|em|er|es)")


@cache
def substitution_words(path: Path = WORDS_FILE) -> tuple[frozenset[str], frozenset[str]]:
    """(prepositions that open a replaceable final phrase, words allowed inside it)."""
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("ersetzung", {})
    rationale = str(data.get("rationale", "")).strip()
    if not rationale or "\n" in rationale or not data.get("praepositionen"):
        raise ValueError(f"{path}: [ersetzung] braucht Begründung und Präpositionen.")
    preps = frozenset(str(w) for w in data["praepositionen"])
    return preps, preps | frozenset(str(w) for w in data.get("innen", []))


def _final_phrase(question: str) -> int | None:
    """Word index where the prepositional phrase that ends a German question begins (only
    prepositions, article words, conjunctions, inflected adjectives and capitalised nouns
    up to the end), or None when it ends otherwise ("… für das Marketing schreiben?")."""
    preps, inside = substitution_words()
    words = [w.strip(",;:") for w in question.strip().rstrip("?.! ").split()]
    start = None
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        # an inflected adjective stands before a noun; a word on -en at the end is a verb
        adjective = i + 1 < len(words) and words[i + 1][:1].isupper()
        if w in preps:
            start = i
        elif not (w in inside or w[:1].isupper() or adjective and ADJECTIVE.fullmatch(w)):
            break
    return start if start is not None and start > 0 else None


def substituted(question: str, previous: list[str]) -> list[str]:
    """The earlier questions with the last one's final prepositional phrase replaced by an
    elliptical follow-up's phrase ("Welche Tools helfen bei der Buchhaltung?" + "Und fürs
    Projektmanagement?" → "Welche Tools helfen fürs Projektmanagement?"); unchanged when
    the follow-up is no such ellipsis or the earlier question ends otherwise."""
    ellipsis, _ = narrowing_patterns()
    if not previous or not ellipsis.match(question) or looks_english(question):
        return previous
    words = question.strip().rstrip("?.! ").split()
    # connective + a phrase that is one prepositional phrase and nothing else
    if len(words) < 3 or _final_phrase(" ".join(["x", *words[1:]])) != 1:
        return previous
    last = previous[-1]
    start = _final_phrase(last)
    if start is None:
        return previous
    head = " ".join(last.split()[:start])
    return [*previous[:-1], f"{head} {' '.join(words[1:])}?"]
