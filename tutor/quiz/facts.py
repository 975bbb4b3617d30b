"""Lists the ingest already structured, read from the chunk text (no LLM): an intro ending in
':' and its items ("Typische Beispiele sind:"), numbered or bulleted, plain or 'Label: …'.

Also the :class:`FactBook`, the container of every kind of fact a question can be built on;
:func:`tutor.quiz.collect.collect_facts` fills it. This module is a leaf of the fact readers
(definitions, steps, rules and groups use its list types), so it imports none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.textkit import fold_for_grading
from tutor.quiz.lexicon import lexicon
from tutor.quiz.material import Line
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.text import STOPWORDS

if TYPE_CHECKING:
    from tutor.quiz.cases import CaseStudy
    from tutor.quiz.definitions import Definition
    from tutor.quiz.groups import SiblingGroups
    from tutor.quiz.rules import BandRule, ClassScheme, SpanRule
    from tutor.quiz.statements import Statement
    from tutor.quiz.steps import Sequence

GAP = "_____"
MAX_OPTION_CHARS = 120
SHORT_INTRO_CHARS = 50
MIN_INTRO_CHARS = 25
LABEL_RE = re.compile(r"^(?P<label>[^:]{2,60}?):\s+(?P<desc>\S.*)$")
LEADING_JOINERS = re.compile(r"^(?:sowie|und|oder)\s+", re.IGNORECASE)
TRAILING_CLAUSE = re.compile(r"\s+[–-]\s+[^–]*$")
CROSS_REFERENCE = re.compile(r"\s*\((?:siehe|vgl\.)\s[^)]*\)")
REFERRING_START = frozenset(
    "dies diese dieser dieses diesen sie er es solche damit dadurch daraufhin dabei dazu zudem "
    "seitdem anschließend gleichzeitig so denn doch auch daher deshalb außerdem".split()
)


@dataclass(frozen=True)
class ListItem:
    """One list item: its option text (label or cleaned body) and, if any, its description."""

    text: str
    line: str
    label: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Enumeration:
    """An intro (may be empty) with at least three items, from one chunk."""

    chunk: IndexedChunk
    intro: str
    items: tuple[ListItem, ...]
    quote: str  # intro line(s) and item lines, verbatim
    numbered: bool = False  # "1. … 2. …"
    questions: bool = False  # the items are questions ("Welche Daten sind vorhanden?")
    inline: bool = False  # "Maschinendaten – Temperatur, Vibration, … oder Laufzeit."

    @property
    def labelled(self) -> bool:
        """Most items read 'Label: description'."""
        return sum(1 for i in self.items if i.label) * 2 > len(self.items)

    @property
    def key(self) -> str:
        """Stable id of the list (chunk + first item)."""
        return f"{self.chunk.chunk_id}:{self.items[0].text}"

    @property
    def subject(self) -> str:
        """What the list is about: its intro, else its section heading."""
        return self.intro or self.chunk.section or self.chunk.chapter or ""


@dataclass
class FactBook:
    """All facts of the material, by kind."""

    enumerations: list[Enumeration] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    cases: list[CaseStudy] = field(default_factory=list)
    sequences: list[Sequence] = field(default_factory=list)
    schemes: list[ClassScheme] = field(default_factory=list)
    bands: list[BandRule] = field(default_factory=list)
    spans: list[SpanRule] = field(default_factory=list)
    groups: list[SiblingGroups] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    tools: frozenset[str] = frozenset()  # product names listed in the material


def clean_item(body: str) -> str:
    """Option text of a plain item: no joiner in front, no "(siehe Modul 3)", no trailing
    comma or full stop."""
    text = CROSS_REFERENCE.sub("", LEADING_JOINERS.sub("", body.strip()))
    return text.rstrip(" ,.;")


def parse_item(line: str) -> ListItem:
    """Split 'Label: description' items; plain items keep their cleaned text."""
    match = LABEL_RE.match(line)
    if match and len(match.group("label").split()) <= 6 and re.search(r"[^\W\d]", line[:3]):
        label = match.group("label").strip()
        return ListItem(label, line, label, match.group("desc").strip())
    body = clean_item(line)
    head = TRAILING_CLAUSE.sub("", body)
    return ListItem(head if len(head.split()) >= 2 else body, line)


def _asks(item: str) -> bool:
    """The item is a question (a cross-reference after it does not count)."""
    return CROSS_REFERENCE.sub("", item).rstrip().endswith("?")


def _question(item: str) -> str:
    """A question item without its cross-reference ("… Qualität? (vgl. Modul 3)")."""
    return CROSS_REFERENCE.sub("", item).strip()


def _intro(lines: list[Line], start: int) -> str:
    """The sentence before a list that ends in ':', plus earlier ones while it is short or
    starts by referring back ("Sie werden …", "Diese sollten …"), at most three."""
    if start == 0 or lines[start - 1].is_item:
        return ""
    sentences = list(lines[start - 1].sentences)
    if not sentences or not sentences[-1].endswith(":"):
        return ""
    taken = [sentences.pop()]
    if len(taken[0]) < MIN_INTRO_CHARS and not sentences:
        return ""  # "Beispiele:" alone says nothing; the stem names the section instead
    while (
        sentences
        and len(taken) < 3
        and (len(" ".join(taken)) < SHORT_INTRO_CHARS or refers_back(taken[0]))
    ):
        taken.insert(0, sentences.pop())
    return " ".join(taken)


def refers_back(sentence: str) -> bool:
    """True if the sentence starts with a word that points to the one before."""
    first = sentence.split()[0].lower().strip(",") if sentence.split() else ""
    return first in REFERRING_START


def enumerations(chunk: IndexedChunk, lines: list[Line]) -> list[Enumeration]:
    """Lists of three or more usable items (all statements or all questions); score bands
    ("25-29: …") are rules, not lists (see :mod:`tutor.quiz.rules`)."""
    found: list[Enumeration] = []
    i = 0
    while i < len(lines):
        if not lines[i].is_item:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].is_item:
            j += 1
        raw = [lines[k].text for k in range(i, j)]
        if j < len(lines) and lines[j].text.endswith(":") and len(raw) > 1:
            raw = raw[:-1]  # the last item introduces the next list: it is a parent item
        asks = sum(1 for t in raw if _asks(t))
        intro = _intro(lines, i)
        questions = asks == len(raw) and bool(intro)  # "Dabei geht es um Fragen wie:"
        kept = [t for t in raw if t[0].isalpha() and (questions or not _asks(t))]
        items = [ListItem(_question(t), t) if questions else parse_item(t) for t in kept]
        if items and (questions or asks * 2 < len(raw)):
            if not questions and sum(1 for it in items if it.label) * 2 > len(items):
                items = [it for it in items if it.label]  # unlabelled lines are sub-headings
            if len(items) >= 3:
                quote = "\n".join(([intro] if intro else []) + [f"- {t}" for t in raw])
                numbered = all(lines[k].number is not None for k in range(i, i + len(raw)))
                found.append(Enumeration(chunk, intro, tuple(items), quote, numbered, questions))
        i = j
    return found


INLINE_PART = re.compile(r"^[A-ZÄÖÜa-zäöüß][\w-]*(?:\s[\w-]+){0,2}$")


def _noun_part(part: str) -> str:
    """A list part as a noun phrase: leading function words dropped ("etwa zu
    Öffnungszeiten" → "Öffnungszeiten"); "" unless it ends in a noun (capitalised)."""
    tokens = part.strip().split()
    skip = {fold_for_grading(w) for w in STOPWORDS} | {
        "etwa",
        "beispielsweise",
        "insbesondere",
        "per",
    }
    while tokens and fold_for_grading(tokens[0]) in skip:
        tokens = tokens[1:]
    text = " ".join(tokens)
    if not tokens or not tokens[-1][:1].isupper() or not INLINE_PART.match(text):
        return ""
    return text


def inline_lists(chunk: IndexedChunk, lines: list[Line]) -> list[Enumeration]:
    """Lists inside a sentence — "A, B und C" / "A, B oder C" — of three or more noun phrases
    (one to three words, each ending in a noun), after a marker word ("– A, B …", "etwa A,
    B …") or at the end of a clause. The intro is the sentence with "…" in place of the list
    (led by the sentence before when it starts by referring back: "Diese setzen auf …")."""
    markers = "|".join(re.escape(m) for m in lexicon().inline_markers)
    found: list[Enumeration] = []
    for line in lines:
        if line.is_item:
            continue
        for pos, sentence in enumerate(line.sentences):
            for listed in _inline_spans(sentence, markers):
                raw = [p.strip() for p in re.split(r",\s+|\s+oder\s+|\s+und\s+", listed)]
                parts = [_noun_part(p) for p in raw]
                if len(parts) < 3 or not all(parts) or parts[1:] != raw[1:]:
                    continue  # only the first part may lose a lead word ("etwa zu …")
                intro = sentence.replace(listed.strip(), "…", 1).replace("….", "…")
                quote = sentence
                if refers_back(sentence) and pos > 0:
                    intro = f"{line.sentences[pos - 1]} {intro}"
                    quote = f"{line.sentences[pos - 1]} {sentence}"
                items = tuple(ListItem(p, p) for p in parts if p)
                found.append(Enumeration(chunk, intro, items, quote, inline=True))
                break
    return found


def _inline_spans(sentence: str, markers: str) -> list[str]:
    """Candidate list spans of a sentence: after a marker word, or after a preposition a
    run "A, B und C" that ends the sentence or a clause ("setzen auf kurze …, … und …")."""
    spans = []
    for match in re.finditer(rf"(?:^|\s)(?:{markers})\s+(?P<list>[^–;:()]+)", sentence):
        spans.append(re.split(r"[.–]|\s(?:die|der|das|sowie|um|bei)\s", match["list"])[0])
    tail = re.search(
        r"\s(?:auf|für|von|mit|über|aus|an|in)\s"
        r"((?:[\w-]+\s){0,2}[\w-]+,\s(?:(?:[\w-]+\s){0,2}[\w-]+,\s)*"
        r"(?:[\w-]+\s){0,2}[\w-]+\s(?:und|oder)\s(?:[\w-]+\s){0,2}[\w-]+)(?=[.!?,;–]|$)",
        sentence,
    )
    if tail:
        spans.append(tail.group(1))
    return [s for s in spans if re.search(r"\s(?:oder|und)\s", s)]
