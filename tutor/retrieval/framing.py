"""Light-verb frames of a question, left out of what is searched.

German asks "is X important / used / possible?" with a light-verb construction
(Funktionsverbgefüge): "Welche Rolle spielt die Cloud …", "Kommt … für uns in Frage?",
"Welche Tools kommen … zum Einsatz?", "Ist … von Bedeutung?". Noun and verb together only frame
the question; searched as words they pull in passages that use the same frame for another topic
("… spielt Ethik eine immer wichtigere Rolle"). A frame is a pair, not a word: "Rolle" alone
("die Rolle des Menschen") stays a topic. The frames are data (``prompts/stoppwoerter.toml``,
table ``funktionsverbgefuege``): parts separated by " + " must occur in the same clause in any
order, the words of one part next to each other, and "*" at a word's end stands for any ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tutor.retrieval.text import LIGHT_VERB_FRAMES, STOPWORD_FILE, tokens
from tutor.wordlists import WordListError, wordlist

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_CLAUSE_RE = re.compile(r"[.?!;,:–—()]")  # clause boundaries of a question


@dataclass(frozen=True)
class Frame:
    """One light-verb frame: parts of adjacent word patterns ("in frage" + "komm*")."""

    parts: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, entry: str) -> Frame:
        """Parse "in frage + komm*" (raises WordListError on an empty part)."""
        parts = tuple(tuple(part.split()) for part in entry.casefold().split("+"))
        if not parts or any(not part for part in parts):
            raise WordListError(f"Funktionsverbgefüge „{entry}“ hat einen leeren Teil")
        return cls(parts)

    def spans(self, words: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
        """Character spans of this frame's words in one clause, or [] if a part is missing."""
        found: list[tuple[int, int]] = []
        for part in self.parts:
            at = _find(part, [w for w, _, _ in words])
            if at is None:
                return []
            found += [(start, end) for _, start, end in words[at : at + len(part)]]
        return found


def _matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _find(part: tuple[str, ...], words: list[str]) -> int | None:
    """Index of the first run of ``words`` matching ``part`` word by word."""
    for i in range(len(words) - len(part) + 1):
        if all(_matches(p, w) for p, w in zip(part, words[i : i + len(part)], strict=True)):
            return i
    return None


@lru_cache(maxsize=1)
def light_verb_frames() -> tuple[Frame, ...]:
    """The frames of ``prompts/stoppwoerter.toml`` (validated on first use)."""
    return tuple(Frame.parse(e) for e in wordlist(STOPWORD_FILE, LIGHT_VERB_FRAMES).woerter)


def frame_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words that belong to a light-verb frame of ``text``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in [*(m.start() for m in _CLAUSE_RE.finditer(text)), len(text)]:
        clause = [
            (m.group().casefold(), start + m.start(), start + m.end())
            for m in _WORD_RE.finditer(text[start:boundary])
        ]
        for frame in light_verb_frames():
            spans += frame.spans(clause)
        start = boundary + 1
    return sorted(set(spans))


def without_frames(text: str) -> str:
    """``text`` with the words of its light-verb frames left out ("Welche Rolle spielt die
    Cloud bei KI?" → "Welche die Cloud bei KI?")."""
    spans = frame_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    plain = re.sub(r"\s+([,.?!;:])", r"\1", re.sub(r"\s{2,}", " ", "".join(out))).strip()
    return plain if tokens(plain) else text  # a question that is all frame keeps its words
