"""The focus of a question: the interrogative sentence that carries what is asked.

A business owner often tells a story first ("Ich habe eine Zahnarztpraxis mit acht
Mitarbeiterinnen.") and asks at the end ("Wie verhindere ich, dass …?"). The focus is the
interrogative sentence(s) — those that end with a question mark, or else those that open with
an interrogative word or a finite verb — the rest is narrative context. The categories
(sentence boundaries, interrogative openings, what counts as a noun or name) are data in
``tutor/answer/data/patterns.toml`` ``[fokus]``.

The coverage decision (:mod:`tutor.answer.coverage`) reads the focus: a noun or name of the
focus that the material never mentions ("Stundensatz", "C5-Testat") says the material does
not cover what is asked, while unknown words of the narrative ("Bäckermeister") do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache

from tutor.answer.patterns import patterns
from tutor.retrieval.text import tokens

_WORD = re.compile(r"[\wÄÖÜäöüß][\w\-/.]*[\w]|[\wÄÖÜäöüß]")


@dataclass(frozen=True)
class Focus:
    """The interrogative part of a question and its nouns and names."""

    text: str  # the interrogative sentence(s)
    context: str  # the narrative around them ("" when the question is one sentence)
    nouns: tuple[str, ...]  # nouns and names of the focus, as written


@cache
def question_focus(question: str) -> Focus:
    """The focus of a question (the whole question when nothing else is interrogative)."""
    rules = patterns().focus
    sentences = [s.strip() for s in rules.boundary.split(question.strip()) if s.strip()]
    asking = [s for s in sentences if rules.asks.search(s)] or [
        s for s in sentences if rules.opens.search(s)
    ]
    if not asking or len(asking) == len(sentences):
        asking, rest = sentences, []
    else:
        rest = [s for s in sentences if s not in asking]
    # the asker's own business is context too ("… auf der Website meines Friseursalons?")
    rest += [m.group(0) for s in asking for m in rules.own.finditer(s)]
    asking = [rules.own.sub(" ", s) for s in asking]
    text = " ".join(asking)
    nouns = tuple(
        word
        for sentence in asking
        for part in rules.clause.split(sentence)
        for i, word in enumerate(_WORD.findall(part))
        if len(word) > 1 and ((i > 0 and word[:1].isupper()) or rules.name.search(word))
    )
    return Focus(text, " ".join(rest), nouns)


def unknown_nouns(
    focus: Focus, unknown: Collection[str], parts_known: Callable[[str], bool] | None = None
) -> list[str]:
    """Nouns and names of the focus the material never mentions: a stem of the word (or of a
    part of a hyphenated word) is among the ``unknown`` stems of the question (neither the
    material, also inflected, nor the glossary knows it). With ``parts_known``, a compound
    whose parts the material knows ("Textprogramm"; :mod:`tutor.answer.compounds`) is not
    unknown: the material says it in its parts."""
    out: list[str] = []
    activities = {m.group(2) for m in patterns().focus.activity.finditer(focus.text)}
    for word in focus.nouns:
        if word in activities:  # "beim Aussortieren": an activity, said in other words
            continue
        if word in out or not any(s in unknown for s in tokens(word)):
            continue
        if parts_known is None or not parts_known(word):
            out.append(word)
    return out


def as_named(focus: Focus, words: list[str]) -> list[str]:
    """``words`` as the question names them: a word that stands in a run of adjacent nouns or
    names of the focus is shown with the whole run. German writes a compound as one word, so
    adjacent capitalised words form a multi-word name or a foreign term ("Deep Learning",
    "Data Scientists"), and naming only one of them ("„Deep“") reads as a mistake."""
    nouns = set(focus.nouns)
    runs: list[list[str]] = []
    last_end = -2
    for m in _WORD.finditer(focus.text):
        word = m.group(0)
        if word not in nouns:
            last_end = -2
            continue
        if runs and m.start() == last_end + 1 and focus.text[last_end] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
        last_end = m.end()
    out: list[str] = []
    for word in words:
        run = next((r for r in runs if word in r), [word])
        named = " ".join(run)
        if named not in out:
            out.append(named)
    return out


def unknown_noun_share(
    question: str,
    unknown: Collection[str],
    idf: Callable[[str], float],
    parts_known: Callable[[str], bool] | None = None,
) -> float:
    """IDF share of the focus's words that belong to its unknown nouns and names
    (:func:`unknown_nouns`): what the question asks about and the material never mentions.
    Its everyday wording — verbs ("ausspuckt"), particles ("eigentlich"), interrogative
    adverbs ("woran") — and the narrative before the question say how it is asked, not what,
    so they never count; with ``parts_known``, neither does a compound the material says in
    its parts ("Belegerkennung": Belege … erkennen)."""
    focus = question_focus(question)
    stems = set(tokens(focus.text))
    weight = {t: idf(t) for t in stems}
    total = sum(weight.values())
    if not total:
        return 0.0
    nouns = unknown_nouns(focus, unknown, parts_known)
    named = {s for noun in nouns for s in tokens(noun) if s in unknown}
    return min(1.0, sum(weight.get(s, idf(s)) for s in named) / total)
