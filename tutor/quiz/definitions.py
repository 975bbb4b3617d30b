"""Definitions and key sentences read from chunk text by fixed German patterns.

Definition forms (``Definition.form``):

* ``bezeichnet`` — "Dieser Ansatz wird auch als 'Predictive Maintenance' bezeichnet."
* ``unter`` — "Unter Künstlicher Intelligenz versteht man Computersysteme, die …"
* ``sogenannt`` — "… sogenannte 'digitale Zwillinge' – virtuelle Abbilder …"
* ``also`` — "Ein einfaches Dateninventar – also eine Übersicht über alle verfügbaren Daten – …"
* ``klammer`` — "… wie tatsächlich benötigt werden ('Datenminimierung')."
* ``ist`` — "Die technische Grundlage von KI ist das maschinelle Lernen."

Every definition keeps a ``description`` a learner can be asked about: the defining clause
("Computersysteme, die …"), the sentence before "… wird als 'X' bezeichnet", or the sentence
around a term in parentheses. Abbreviations in parentheses ("(KPIs)") are not definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.quiz.facts import GAP
from tutor.quiz.material import Line
from tutor.retrieval.corpus import IndexedChunk

_Q_OPEN = "'„\"‚"
_Q_CLOSE = "'“\"‘"
BEZEICHNET = re.compile(
    rf"\b(?:wird|werden)\s+(?:auch\s+|oft\s+|häufig\s+)?als\s+(?P<whole>[{_Q_OPEN}]"
    rf"(?P<term>[^{_Q_CLOSE}]{{3,50}})[{_Q_CLOSE}])\s+bezeichnet"
)
UNTER = re.compile(r"^Unter (?P<term>.{3,60}?) versteht man (?P<desc>.+?)\.?$")
SOGENANNT = re.compile(
    rf"\bsogenannte[nrs]?\s+(?P<whole>[{_Q_OPEN}](?P<term>[^{_Q_CLOSE}]{{3,50}})[{_Q_CLOSE}]"
    r"|(?P<bare>[A-ZÄÖÜ][\w-]{3,40}))"
    r"(?:\s+–\s+(?P<desc>[^–.]+))?"
)
EXPLAINS_NEXT = frozenset({"diese", "dieser", "dieses", "dabei"})
ALSO = re.compile(
    r"(?P<term>(?:„[^“]+“-)?[A-ZÄÖÜ][\w-]+)\s+–\s+also\s+(?P<desc>[^–]+?)\s*(?:–|\.$|$)"
)
KLAMMER = re.compile(r"(?P<before>\b[a-zäöüß][\w-]*)\s+\((?P<whole>[^()]{3,42})\)")
IST = re.compile(
    r"^(?P<subj>(?:Der|Die|Das)\s[^,–:]{5,70}?)\s(?P<verb>ist|sind)\s"
    r"(?P<pred>(?:der|die|das)\s[^,–:]{3,60})\.$"
)
DASH_TAIL = re.compile(r"\s+–\s+.*$")
MIN_DESCRIPTION_WORDS = 4


@dataclass(frozen=True)
class Definition:
    """A term with its explanation; ``gap`` is the quote with the term blanked out."""

    chunk: IndexedChunk
    form: str  # unter | also | bezeichnet | sogenannt | klammer | ist
    term: str
    description: str
    quote: str
    gap: str
    subject: str = ""  # form "ist": "die technische Grundlage von KI"

    @property
    def key(self) -> str:
        """Stable id of the definition."""
        return f"def|{self.chunk.chunk_id}|{self.term}"

    @property
    def clean_term(self) -> str:
        """The term without quotation marks ("'Predictive Maintenance'" → "Predictive …")."""
        return _strip_quotes(self.term.replace("„", "").replace("“", ""))


def _abbreviation(term: str) -> bool:
    """'KPIs', 'DSGVO', 'PoC': mostly capitals — an abbreviation, not a defined term."""
    letters = [ch for ch in term if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) * 2 > len(letters)


def _leans_back(sentence: str) -> bool:
    """'Diese sollten …': the sentence needs the one before to be understood."""
    first = sentence.split()[0].lower() if sentence.split() else ""
    return first in {"diese", "dieser", "dieses", "sie", "er", "es", "damit", "dabei"}


def _strip_quotes(text: str) -> str:
    return text.strip(_Q_OPEN + _Q_CLOSE + " ")


def _with_neighbour(sentences: tuple[str, ...], pos: int, before: bool) -> str:
    """The sentence plus the one before (or after, if it refers back with 'Diese …')."""
    if before and pos > 0:
        return f"{sentences[pos - 1]} {sentences[pos]}"
    if not before and pos + 1 < len(sentences):
        nxt = sentences[pos + 1]
        if nxt.split()[0].lower() in EXPLAINS_NEXT:
            return f"{sentences[pos]} {nxt}"
    return sentences[pos]


def _from_sentence(chunk: IndexedChunk, sentences: tuple[str, ...], pos: int) -> list[Definition]:
    sentence = sentences[pos]
    out: list[Definition] = []
    if (m := BEZEICHNET.search(sentence)) and pos > 0:
        quote = _with_neighbour(sentences, pos, before=True)
        gap = quote.replace(m.group("whole"), GAP, 1)
        desc = sentences[pos - 1]  # "Ein KI-System kann … warnen. Dieser Ansatz wird als …"
        out.append(Definition(chunk, "bezeichnet", m.group("term").strip(), desc, quote, gap))
    if m := UNTER.match(sentence):
        desc = DASH_TAIL.sub("", m.group("desc")).strip()
        gap = sentence.replace(m.group("term"), GAP, 1)
        out.append(Definition(chunk, "unter", m.group("term"), desc, sentence, gap))
    if m := SOGENANNT.search(sentence):
        quote = sentence if m.group("desc") else _with_neighbour(sentences, pos, before=False)
        gap = quote.replace(m.group("whole"), GAP, 1)
        desc = (m.group("desc") or "").strip()
        if not desc and quote != sentence:
            desc = quote[len(sentence) :].strip()  # "Diese Mitarbeiter fungieren als …"
        term = (m.group("term") or m.group("bare")).strip()
        out.append(Definition(chunk, "sogenannt", term, desc, quote, gap))
    if m := ALSO.search(sentence):
        term = m.group("term")
        gap = sentence.replace(term, GAP, 1)
        out.append(Definition(chunk, "also", term, m.group("desc").strip(), sentence, gap))
    for m in KLAMMER.finditer(sentence):
        term = _strip_quotes(m.group("whole"))
        if (
            term[:1].isupper()
            and not _abbreviation(term)
            and not re.search(r"\d|z\. ?B\.|vgl\.|siehe", term)
            and "," not in term
        ):
            gap = sentence.replace(f"({m.group('whole')})", f"({GAP})", 1)
            desc = re.sub(r"\s+\(" + re.escape(m.group("whole")) + r"\)", "", sentence)
            quote = _with_neighbour(sentences, pos, before=True) if _leans_back(desc) else sentence
            out.append(Definition(chunk, "klammer", term, desc, quote, gap))
    if m := IST.match(sentence):
        pred = m.group("pred")
        if len(pred.split()) <= 5:
            gap = f"{m.group('subj')} {m.group('verb')} {GAP}."
            subject = m.group("subj")[0].lower() + m.group("subj")[1:]
            out.append(Definition(chunk, "ist", pred, "", sentence, gap, subject=subject))
    return out


def definitions(chunk: IndexedChunk, lines: list[Line]) -> list[Definition]:
    """Definitions in the paragraphs (and list items) of one chunk."""
    found: list[Definition] = []
    for line in lines:
        for pos in range(len(line.sentences)):
            found.extend(_from_sentence(chunk, line.sentences, pos))
    return found
