"""Answers to "Was heißt X?" during the checklist: the sentence(s) of guide or course that define X.

The question is recognised by the patterns of ``prompts/checklist_antworten.toml``
[begriff.frage]. Every sentence and bullet of the indexed material that mentions the term is
found (German stems, so "Stakeholder" also finds "Stakeholdern" and "Break-Even" finds
"Break-Even-Analyse"); a mention is a *definition* when the term is the label of a bullet
("Break-Even-Analyse durchführen: Berechnen Sie …"), is spelled out ("Proof of Concept (PoC)"),
or stands in one of the defining sentence forms of [begriff.definition] ("Unter X versteht
man …", "X ist …", "als X bezeichnet"). Without a definition the answer says so and shows where
the term is used. The checklist itself never counts as a definition (it only asks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from ingest.textkit.sentences import split_sentences
from tutor.checklist.models import CHECKLIST_CHAPTER
from tutor.checklist.outline import GuideOutline
from tutor.checklist.result import CourseRef, GuideAdvice
from tutor.checklist.wordlists import wordlist
from tutor.prompts import render
from tutor.retrieval.corpus import CorpusSnapshot, IndexedChunk
from tutor.retrieval.text import tokens

_DATA = "checklist_antworten"
_BULLET = re.compile(r"^(?:[-–•▪*]|o(?=\s))\s+")
_LABELLED = re.compile(r"^([^:.!?]{2,80}):\s+(\S.*)$")
_QUESTION_NO = re.compile(r"^(\d{1,3})\.\s")
MAX_TERM_WORDS = 5
SHOWN = 2  # definitions shown
USES_SHOWN = 3  # places shown when the material has no definition


class Corpus(Protocol):
    """The part of :class:`tutor.retrieval.corpus.LiveCorpus` used here."""

    def snapshot(self) -> CorpusSnapshot:
        """The active index (StoreError if there is none)."""
        ...


@dataclass(frozen=True)
class Mention:
    """A sentence or bullet that mentions the term, where it stands, and whether it defines."""

    text: str
    place: str
    defines: bool
    rank: int  # lower is a clearer definition (bullet label, spelled-out, sentence form)


@dataclass
class TermAnswer:
    """What the material says about a term: definitions first, otherwise mentions."""

    term: str
    definitions: list[Mention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def markdown(self) -> str:
        """German answer: the defining quote(s) with places, or that there is none."""
        t = self.term
        if self.definitions:
            lines = [render("checklist", "begriff.erklaert", begriff=t)]
            lines += [_quote(m) for m in self.definitions[:SHOWN]]
            return "\n\n".join(lines)
        if self.mentions:
            lines = [render("checklist", "begriff.nicht_erklaert", begriff=t)]
            lines += [_quote(m) for m in self.mentions[:USES_SHOWN]]
            return "\n\n".join(lines)
        return render("checklist", "begriff.unbekannt", begriff=t)


def _quote(m: Mention) -> str:
    return render("checklist", "begriff.zitat", zitat=m.text, ort=m.place)


@cache
def _question_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in wordlist(_DATA, "begriff.frage").muster)


def asked_term(question: str) -> str | None:
    """The term of a "Was heißt X?" question, or None (not a term question, or "das")."""
    text = " ".join(question.split())
    for pattern in _question_patterns():
        found = pattern.search(text)
        if not found:
            continue
        words = found.group("begriff").strip(" „“\"'‚‘").split()
        articles = wordlist(_DATA, "begriff.artikel").words
        while words and words[0].casefold() in articles:
            words = words[1:]
        term = " ".join(words).strip(" „“\"'‚‘")
        pointers = wordlist(_DATA, "begriff.verweiswoerter").words
        if not term or term.casefold() in pointers or len(words) > MAX_TERM_WORDS:
            return None
        return term
    return None


def _mentions(unit_tokens: list[str], term_tokens: list[str]) -> bool:
    """The term's stems occur in order; a one-word term may be part of a compound."""
    n = len(term_tokens)
    if n == 1:
        t = term_tokens[0]
        return any(
            u == t or (len(t) >= 4 and (u.startswith(t) or u.endswith(t))) for u in unit_tokens
        )
    return any(unit_tokens[i : i + n] == term_tokens for i in range(len(unit_tokens) - n + 1))


def _definition_rank(unit: str, term: str) -> int | None:
    """0 for a bullet whose label names the term, then 1 + the index of the first defining
    sentence form that matches; None when the unit only uses the term."""
    label = _LABELLED.match(unit)
    term_tokens = tokens(term)
    if label:
        head = label.group(1).split()[0].casefold()
        starts = head.startswith(term.split()[0].casefold()) and bool(term_tokens)
        spelled = re.search(rf"\(\s*{re.escape(term)}\s*\)", label.group(1), re.IGNORECASE)
        if starts or spelled:  # not "Schwache KI: …" (a kind of KI) or "Man kann sich KI …:"
            return 0
    escaped = r"[\s-]*".join(re.escape(w) for w in re.split(r"[\s-]+", term))
    for rank, pattern in enumerate(wordlist(_DATA, "begriff.definition").muster, start=1):
        if re.search(pattern.replace("{begriff}", escaped), unit, re.IGNORECASE):
            return rank
    return None


class DefinitionFinder:
    """Looks up terms in the indexed guide and course (see the module docstring)."""

    def __init__(self, corpus: Corpus, outline: GuideOutline, guide_source: str, guide_name: str):
        self._corpus = corpus
        self._outline = outline
        self._guide = guide_source
        self._guide_name = guide_name

    def answer(self, question: str) -> TermAnswer | None:
        """The answer to a term question, or None when ``question`` asks something else."""
        term = asked_term(question)
        return self.lookup(term) if term else None

    def lookup(self, term: str) -> TermAnswer:
        """Definitions and mentions of ``term`` in the material (StoreError without index); an
        abbreviation is also looked up under the long form the material spells out."""
        chunks = self._corpus.snapshot().chunks
        result = self._lookup(term, chunks)
        for long_form in spelled_out(term, chunks):
            found = self._lookup(long_form, chunks)
            known = {m.text for m in result.definitions}
            result.definitions += [m for m in found.definitions if m.text not in known]
        result.definitions.sort(key=lambda m: (m.rank, not m.place.startswith(self._guide_name)))
        return result

    def _lookup(self, term: str, chunks: list[IndexedChunk]) -> TermAnswer:
        term_tokens = tokens(term)
        result = TermAnswer(term)
        if not term_tokens:
            return result
        seen: set[str] = set()
        for chunk in chunks:
            checklist = chunk.source == self._guide and bool(
                CHECKLIST_CHAPTER.search(chunk.chapter or "")
            )
            heading = chunk.section or chunk.chapter or ""
            if heading and heading not in seen and _mentions(tokens(heading), term_tokens):
                seen.add(heading)  # a heading names the topic but does not explain it
                result.mentions.append(Mention(heading, self._heading_place(chunk), False, 99))
            for unit, quoted in _units(chunk.text):
                if unit in seen or not _mentions(tokens(unit), term_tokens):
                    continue
                seen.add(unit)
                rank = None if checklist else _definition_rank(unit, term)
                place = self._place(chunk, unit)
                mention = Mention(quoted, place, rank is not None, 99 if rank is None else rank)
                (result.definitions if mention.defines else result.mentions).append(mention)
        return result

    def _heading_place(self, chunk: IndexedChunk) -> str:
        if chunk.module is not None:
            where = render("checklist", "ort.modul", nummer=chunk.module, titel=chunk.module_title)
        else:
            where = self._guide_name if chunk.source == self._guide else chunk.title
        return render("checklist", "begriff.ort_ueberschrift", ort=where)

    def _place(self, chunk: IndexedChunk, unit: str) -> str:
        if chunk.source == self._guide:
            number = _QUESTION_NO.match(unit)
            if number and CHECKLIST_CHAPTER.search(chunk.chapter or ""):
                return render(
                    "checklist", "begriff.ort_checkliste", dokument=self._guide_name,
                    nummer=number.group(1),
                )  # fmt: skip
            titles = self._outline.titles(self._outline.locate(unit))
            if titles:
                return GuideAdvice(
                    quote=unit,
                    title=self._guide_name,
                    chapter=titles[0],
                    section=titles[1] if len(titles) > 1 else None,
                    subsection=titles[2] if len(titles) > 2 else None,
                ).location()
        if chunk.module is not None:
            ref = CourseRef(
                module=chunk.module, module_title=chunk.module_title or "", section=chunk.section
            )
            return ref.label()
        parts = [chunk.title, *(f"„{p}“" for p in (chunk.chapter, chunk.section) if p)]
        return ", ".join(parts)


def spelled_out(term: str, chunks: list[IndexedChunk]) -> list[str]:
    """Long forms the material gives for an abbreviation: "Künstliche Intelligenz (KI)"."""
    if not re.fullmatch(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,5}s?", term) or term.islower():
        return []
    pattern = re.compile(
        rf"((?:[A-ZÄÖÜ][\w-]+\s+(?:(?:of|and|for|und|für)\s+)?){{0,2}}[A-ZÄÖÜ][\w-]+)"
        rf"\s*\(\s*{re.escape(term)}\s*\)"
    )
    found: dict[str, None] = {}
    for chunk in chunks:
        for match in pattern.finditer(chunk.text):
            found.setdefault(match.group(1), None)
    return list(found)[:2]


def _units(text: str) -> list[tuple[str, str]]:
    """(unit, unit to quote) for the bullets and sentences of a chunk's text; a sentence that
    refers back ("Dieser Ansatz …") is quoted with the sentence before it."""
    out: list[tuple[str, str]] = []
    back = wordlist(_DATA, "begriff.rueckverweis").words
    for raw in text.splitlines():
        bullet = bool(_BULLET.match(raw.strip()))
        line = _BULLET.sub("", raw.strip()).strip()
        if not line or line.startswith("[ ]"):
            continue
        sentences = [s for s in split_sentences(line) if len(s) >= 8]
        if bullet or _QUESTION_NO.match(line) or (_LABELLED.match(line) and len(sentences) <= 2):
            out.append((line, line))
            continue
        for i, sentence in enumerate(sentences):
            first = sentence.split()[0].casefold() if sentence.split() else ""
            quoted = f"{sentences[i - 1]} {sentence}" if i and first in back else sentence
            out.append((sentence, quoted))
    return out
