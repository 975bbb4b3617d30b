"""Multi-part questions recognised by their phrases rather than their clauses (issue 21).

Two categories of ``multipart.toml``: coordinated interrogative phrases that share one
predicate ("Welche Chancen und welche Risiken sieht der Kurs …?" → the first phrase gets the
second one's predicate) and a question that ends in coordinated prepositional phrases with the
same preposition ("… bei der Tischlerei Weber und beim Bauunternehmen aus Thüringen?" → one
part per phrase). :mod:`tutor.answer.multipart` calls them; the patterns are its data.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w-]+")
_COORDINATION = re.compile(r",\s+|\s+(?:und|sowie)\s+", re.IGNORECASE)


def shared_predicate(parts: list[str], phrase: re.Pattern[str]) -> list[str]:
    """Clause parts with a bare interrogative phrase ("Welche Chancen?") completed by the
    predicate of the next part ("welche Risiken sieht der Kurs …?" → "Welche Chancen sieht
    der Kurs …?"); other parts as they are."""
    out = list(parts)
    for i in range(len(out) - 1):
        own = phrase.match(out[i].rstrip("?").strip())
        nxt = phrase.match(out[i + 1])
        if own is None or own.end() != len(out[i].rstrip("?").strip()) or nxt is None:
            continue
        rest = out[i + 1][nxt.end() :].strip()
        if rest and rest != "?":
            out[i] = f"{own.group()} {rest}"
    return out


def prepositional_parts(
    question: str, groups: tuple[frozenset[str], ...], min_head_words: int = 2
) -> list[str]:
    """The question once per coordinated prepositional phrase it ends in, when every phrase
    opens with the same preposition (or its contraction with an article); else []."""
    body = question.strip().rstrip("?").strip()
    words = list(_WORD.finditer(body))
    lowered = [w.group().lower() for w in words]
    for i, w in enumerate(words):
        group = next((g for g in groups if lowered[i] in g), None)
        if group is None or i < min_head_words:
            continue
        tail = body[w.start() :]
        phrases = [p.strip() for p in _COORDINATION.split(tail) if p.strip()]
        if len(phrases) < 2:
            continue
        openers = [p.split()[0].lower() for p in phrases]
        if all(o in group for o in openers) and all(len(p.split()) >= 2 for p in phrases):
            head = body[: w.start()].strip()
            return [f"{head} {p}?" for p in phrases]
    return []
