"""Multi-part questions recognised by their phrases rather than their clauses (issue 21).

Two categories of ``multipart.toml``: coordinated interrogative phrases that share one
predicate ("Welche Chancen und welche Risiken sieht der Kurs …?" → the first phrase gets the
second one's predicate) and a question that ends in coordinated prepositional phrases with the
same preposition ("… bei der Tischlerei Weber und beim Bauunternehmen aus Thüringen?" → one
part per phrase). Two more frames ask about two things by their form (:func:`paired_parts`): a
comparison ("Was unterscheidet X von Y?" → "Was ist X?", "Was ist Y?") and an imperative
request with two objects ("Nennen Sie A sowie B." → "Nennen Sie A", "Nennen Sie B").
:mod:`tutor.answer.multipart` calls them; the patterns are its data (``multipart.toml``).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from tutor.answer.patterns import PatternError
from tutor.retrieval.text import tokens

COMPARISON = "vergleich"
REQUEST = "aufforderung"
_FILE = Path(__file__).with_name("data") / "multipart.toml"

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


@cache
def _paired(path: Path = _FILE) -> tuple[tuple[re.Pattern[str], ...], str, re.Pattern[str]]:
    """The comparison frames, the template a compared thing is asked with, and the request
    frame (German :class:`PatternError` when broken)."""
    try:
        split = tomllib.loads(path.read_text(encoding="utf-8"))["teilung"]
        compare, request = split[COMPARISON], split[REQUEST]
        if not (compare["rationale"].strip() and request["rationale"].strip()):
            raise PatternError(f"{path.name}: [teilung.{COMPARISON}/{REQUEST}] braucht rationale.")
        frames = tuple(re.compile(m, re.IGNORECASE) for m in compare["muster"])
        return frames, str(compare["vorlage"]), re.compile(request["muster"], re.IGNORECASE)
    except (OSError, KeyError, TypeError, AttributeError, re.error, tomllib.TOMLDecodeError) as exc:
        where = f"{path.name}: [teilung.{COMPARISON}/{REQUEST}]"
        raise PatternError(f"{where} fehlt oder ist fehlerhaft: {exc}") from exc


def compared_words(part: str) -> set[str]:
    """The content words of a compared thing's part without the words of its template."""
    template = _paired()[1]
    return set(tokens(part)) - set(tokens(template.format("")))


def paired_parts(question: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The category and the two parts (each with the part asked before it) of a comparison
    of two things or of an imperative request with two objects, or None."""
    frames, template, request = _paired()
    text = question.strip()
    for frame in frames:
        m = frame.match(text)
        if m and m.group("a").strip() and m.group("b").strip():
            a, b = (template.format(m.group(g).strip()) for g in ("a", "b"))
            return COMPARISON, [(a, ""), (b, "")]
    m = request.match(text)
    if m is None:
        return None
    verb = m.group("verb")[:1].upper() + m.group("verb")[1:]
    first, second = f"{verb} {m.group('a').strip()}.", f"{verb} {m.group('b').strip()}."
    return REQUEST, [(first, ""), (second, first)]
