"""A term and what it means, as the term questions use it (:mod:`tutor.quiz.build_terms`)."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.quiz.textnorm import content_stems, fold
from tutor.retrieval.corpus import IndexedChunk

MAX_CLOZE_CONTENT_WORDS = 2


@dataclass(frozen=True)
class TermFact:
    """A term, what it means, where it stands, and its siblings (same list), if any."""

    term: str
    meaning: str
    chunk: IndexedChunk
    quote: str
    group: str
    np: bool  # the meaning is a noun phrase ("eine Übersicht über …")
    in_list: bool
    siblings: tuple[tuple[str, str], ...] = ()  # (term, meaning) of the same list

    @property
    def key(self) -> str:
        """Stable id of the fact."""
        return f"term|{self.chunk.chunk_id}|{self.term}"


def cloze_term(term: str, action_verbs: frozenset[str]) -> bool:
    """A term a learner can be asked to write: one or two content words once a trailing
    action verb of a bullet is left out ("Testumgebung einrichten" → "Testumgebung")."""
    words = term.split()
    if len(words) > 1 and fold(words[-1]) in action_verbs:
        words = words[:-1]
    return 1 <= len(content_stems(" ".join(words))) <= MAX_CLOZE_CONTENT_WORDS
