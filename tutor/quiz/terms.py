"""A term and what it means, as the term questions use it (:mod:`tutor.quiz.build_terms`),
and the rules that make a meaning readable on its own inside a question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.textkit import fold_for_grading
from tutor.quiz.lexicon import lexicon
from tutor.quiz.sentence import without_possessives
from tutor.quiz.textnorm import content_stems
from tutor.retrieval.corpus import IndexedChunk

if TYPE_CHECKING:
    from tutor.quiz.facts import FactBook
    from tutor.quiz.material import CourseMaterial

MAX_CLOZE_CONTENT_WORDS = 2
# Pronominal adverbs that point back to the sentence before ("Ein KI-System kann daraus …").
POINTS_BACK = re.compile(r"\b(?:daraus|dabei|dadurch|darauf|davon|hierzu|hieraus|dafür)\b")
DEMONSTRATIVE = {"Diese": "Eine", "Dieser": "Ein", "Dieses": "Ein", "Solche": ""}
LEAD_IN = re.compile(r"^[^:„“]{3,40}:\s+(?=[A-ZÄÖÜ])")


@dataclass(frozen=True)
class TermFact:
    """A term, what it means, where it stands, and its siblings (same list), if any."""

    term: str
    meaning: str  # as the material says it
    chunk: IndexedChunk
    quote: str
    group: str
    np: bool  # the meaning is a noun phrase ("eine Übersicht über …")
    in_list: bool
    siblings: tuple[tuple[str, str], ...] = ()  # (term, meaning) of the same list
    shown: str = ""  # the meaning as a question shows it (readable on its own)

    @property
    def key(self) -> str:
        """Stable id of the fact."""
        return f"term|{self.chunk.chunk_id}|{self.term}"


def cloze_term(term: str, action_verbs: frozenset[str]) -> bool:
    """A term a learner can be asked to write: one or two content words once a trailing
    action verb of a bullet is left out ("Testumgebung einrichten" → "Testumgebung")."""
    words = term.split()
    if len(words) > 1 and fold_for_grading(words[-1]) in action_verbs:
        words = words[:-1]
    return 1 <= len(content_stems(" ".join(words))) <= MAX_CLOZE_CONTENT_WORDS


def nominative(term: str) -> str:
    """A term found after "Unter …" in its dative form back in the nominative, where the
    adjective ending says so unambiguously ("Künstlicher Intelligenz" → "Künstliche
    Intelligenz")."""
    words = term.split()
    if len(words) == 2 and words[0].endswith("er") and words[1][:1].isupper():
        return f"{words[0][:-1]} {words[1]}"
    return term


def _plural_verb(word: str) -> bool:
    return word.endswith(("en", "ern", "eln")) or word in lexicon().auxiliaries - {
        "ist",
        "war",
        "wird",
        "wurde",
        "kann",
        "muss",
        "soll",
        "sollte",
        "darf",
        "hat",
        "hatte",
    }


def readable(meaning: str, before: str = "") -> str | None:
    """The meaning as a question can show it, or None if it cannot stand alone.

    Possessives without a referent become articles ("Abbilder ihrer Maschinen" → "… der
    Maschinen"); a lead-in ("Ein einfaches Beispiel: …") is cut; a leading demonstrative is
    made general ("Diese Mitarbeiter fungieren …" → "Mitarbeiter fungieren …"); a meaning
    that points back ("… kann daraus lernen …") takes the sentence ``before`` with it."""
    text = LEAD_IN.sub("", meaning.strip())
    words = text.split()
    if len(words) > 2 and words[0] in DEMONSTRATIVE and words[1][:1].isupper():
        article = "" if _plural_verb(words[2]) else DEMONSTRATIVE[words[0]]
        text = " ".join(([article] if article else []) + words[1:])
    elif words and fold_for_grading(words[0]) in lexicon().referring | lexicon().connectives:
        # "Diese sollten …", "Dabei wird …": the subject is in the sentence before
        lead = LEAD_IN.sub("", before.strip())
        if (
            not lead
            or fold_for_grading(lead.split()[0]) in lexicon().referring | lexicon().connectives
        ):
            return None
        return without_possessives(f"{lead} {text}")
    if POINTS_BACK.search(text):
        lead = LEAD_IN.sub("", before.strip())
        if (
            not lead
            or POINTS_BACK.search(lead)
            or fold_for_grading(lead.split()[0]) in lexicon().referring
        ):
            return None
        text = f"{lead} {text}"
    return without_possessives(text)


def accusative(np: str) -> str | None:
    """A noun-phrase meaning as the object of "Wie nennt man …?" ("der Anteil der Besucher"
    → "den Anteil der Besucher"); None when an adjective would need a new ending."""
    words = np.split()
    if not words or words[0] not in {"der", "ein"}:
        return np
    if len(words) < 2 or not words[1][:1].isupper():
        return None
    return " ".join([{"der": "den", "ein": "einen"}[words[0]], *words[1:]])


def sentence_before(material: CourseMaterial, fact_chunk_id: str, meaning: str) -> str:
    """The sentence before the one that holds ``meaning`` (same paragraph), or ""."""
    start = meaning.strip()[:40]
    for line in material.lines[fact_chunk_id]:
        for pos, sentence in enumerate(line.sentences):
            if start and start in sentence:
                return line.sentences[pos - 1] if pos else ""
    return ""


def list_siblings(book: FactBook, chunk_id: str, meaning: str) -> tuple[tuple[str, str], ...]:
    """The other points of the list whose point defines a term ("Es sollten nur so viele
    Daten gesammelt werden … ('Datenminimierung')"): the same kind of statement, so they
    are the wrong meanings of the term. Empty if the definition stands in running text."""
    start = meaning.strip()[:40]
    for e in book.enumerations:
        if e.chunk.chunk_id != chunk_id or not any(start in it.line for it in e.items):
            continue
        return tuple(("", it.text) for it in e.items if start not in it.line)
    return ()
