"""Facts a question can be built on, read from the chunk text by fixed patterns (no LLM).

* :class:`Enumeration` — an intro ending in ':' and its list items ("Typische Beispiele sind:").
* :class:`Figure` — a percentage in a sentence ("… um 25 Prozent erhöht").
* :class:`Definition` — a term and its explanation (see :mod:`tutor.quiz.definitions`).

Every fact keeps the verbatim passage it came from, so each question can quote its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.quiz.material import CourseMaterial, Line, split_sentences
from tutor.retrieval.corpus import IndexedChunk

GAP = "_____"
MAX_OPTION_CHARS = 110
SHORT_INTRO_CHARS = 50
MIN_INTRO_CHARS = 25
LABEL_RE = re.compile(r"^(?P<label>[^:]{2,60}?):\s+(?P<desc>\S.*)$")
FIGURE_RE = re.compile(r"(?P<num>\d+(?:,\d+)?)\s?(?P<unit>Prozent|%)")
LEADING_JOINERS = re.compile(r"^(?:sowie|und|oder)\s+", re.IGNORECASE)
CASE_OPENER = re.compile(r"^(?:Ein|Eine|Beispiel|Beispielsweise)\b")
TRAILING_CLAUSE = re.compile(r"\s+[–-]\s+[^–]*$")
CROSS_REFERENCE = re.compile(r"\s*\((?:siehe|vgl\.)\s[^)]*\)")
REFERRING_START = frozenset(
    {
        "dies",
        "diese",
        "dieser",
        "dieses",
        "diesen",
        "sie",
        "er",
        "es",
        "solche",
        "damit",
        "dadurch",
        "daraufhin",
        "dabei",
        "dazu",
        "zudem",
        "seitdem",
        "anschließend",
        "gleichzeitig",
        "so",
        "denn",
        "doch",
        "auch",
        "daher",
        "deshalb",
        "außerdem",
    }
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

    @property
    def labelled(self) -> bool:
        """Most items read 'Label: description'."""
        return sum(1 for i in self.items if i.label) * 2 > len(self.items)

    @property
    def key(self) -> str:
        """Stable id of the list (chunk + first item)."""
        return f"{self.chunk.chunk_id}:{self.items[0].text}"


@dataclass(frozen=True)
class Figure:
    """A percentage stated in one sentence, with the case-study sentence that introduces it."""

    chunk: IndexedChunk
    sentence: str
    span: str  # the figure as written, e.g. "25 Prozent" or "30 %"
    number: str  # "25"
    unit: str  # "Prozent" or "%"
    context: str = ""

    @property
    def quote(self) -> str:
        """The passage to cite: context sentence (if any) and the figure sentence."""
        return f"{self.context} {self.sentence}".strip()

    def gapped(self, number_only: bool = False) -> str:
        """The sentence with the figure (or only its number) replaced by a gap."""
        target = self.number if number_only else self.span
        return self.sentence.replace(target, GAP, 1)


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


@dataclass
class FactBook:
    """All facts of the material, by kind."""

    enumerations: list[Enumeration] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    statements: list[Definition] = field(default_factory=list)  # salient-word gaps


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
    """Lists of three or more usable items; question lists and score bands are skipped."""
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
        questions = sum(1 for t in raw if t.endswith("?"))
        items = [parse_item(t) for t in raw if not t.endswith("?") and t[0].isalpha()]
        if questions * 2 < len(raw) and items:
            labelled = sum(1 for it in items if it.label) * 2 > len(items)
            if labelled:  # unlabelled lines inside a labelled list are sub-headings
                items = [it for it in items if it.label]
            if len(items) >= 3:
                intro = _intro(lines, i)
                quote = "\n".join(([intro] if intro else []) + [f"- {t}" for t in raw])
                found.append(Enumeration(chunk, intro, tuple(items), quote))
        i = j
    return found


def figures(chunk: IndexedChunk, lines: list[Line]) -> list[Figure]:
    """Percentages in sentences (one fact per figure sentence, first figure only)."""
    found: list[Figure] = []
    for line in (ln for ln in lines if not ln.is_item):
        for pos, sentence in enumerate(line.sentences):
            match = FIGURE_RE.search(sentence)
            if not match or len(FIGURE_RE.findall(sentence)) > 1:
                continue
            context = ""
            if not CASE_OPENER.match(sentence):
                for earlier in reversed(line.sentences[:pos]):
                    if CASE_OPENER.match(earlier):
                        context = earlier
                        break
            found.append(
                Figure(
                    chunk=chunk,
                    sentence=sentence,
                    span=match.group(0),
                    number=match.group("num"),
                    unit=match.group("unit"),
                    context=context,
                )
            )
    return found


def collect_facts(material: CourseMaterial, chunks: list[IndexedChunk]) -> FactBook:
    """All facts of ``chunks`` (lists, figures, definitions, salient-word statements)."""
    from tutor.quiz.definitions import definitions, statements

    book = FactBook()
    for chunk in chunks:
        if is_excluded(chunk):
            continue
        lines = material.lines[chunk.chunk_id]
        book.enumerations.extend(enumerations(chunk, lines))
        book.figures.extend(figures(chunk, lines))
        found = definitions(chunk, lines)
        book.definitions.extend(found)
        taken = {s for d in found for s in split_sentences(d.quote)}
        taken |= {f.sentence for f in book.figures if f.chunk is chunk}
        book.statements.extend(statements(chunk, lines, material, taken))
    return book


def is_excluded(chunk: IndexedChunk) -> bool:
    """Contact details are not course content (a chunk or heading with an e-mail address)."""
    where = " ".join(t for t in (chunk.chapter, chunk.section) if t)
    return "@" in chunk.text or "@" in where
