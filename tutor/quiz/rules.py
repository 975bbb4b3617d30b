"""Rules a learner can apply, read from the material's structure (no LLM):

* :class:`ClassScheme` — categories under lettered headings ("a) Unannehmbares Risiko",
  "b) Hochrisiko-KI" …) with their examples (the list after the heading, or "z. B. A, B oder
  C" / "etwa A oder B" in its paragraph): "In welche Kategorie fällt …?";
* :class:`BandRule` — a score scale ("25-29: Ihr Unternehmen ist sehr gut …") announced by a
  counting instruction (``bewertung.zaehlen``): "Ein Unternehmen kommt auf 17 Ja …";
* :class:`SpanRule` — named time spans in one sentence ("kurzfristig (3–6 Monate),
  mittelfristig (1–2 Jahre) …"): "Ein Vorhaben über 18 Monate ist damit mittelfristig."
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from tutor.quiz.facts import clean_item
from tutor.quiz.lexicon import lexicon
from tutor.quiz.material import CourseMaterial, Line
from tutor.quiz.textnorm import content_stems
from tutor.retrieval.corpus import IndexedChunk

LETTERED = re.compile(r"^(?P<letter>[a-h])\)\s+(?P<name>\S.{2,60})$")
INLINE_EXAMPLES = re.compile(r"\b(?:z\. ?B\.|etwa|beispielsweise)\s+(?P<list>[^–.;:]+)")
BAND = re.compile(r"^(?P<low>\d{1,3})\s*[-–]\s*(?P<high>\d{1,3}):\s+(?P<text>\S.+)$")
SPLIT_LIST = re.compile(r",\s*|\s+oder\s+|\s+und\s+")
SPAN = re.compile(
    r"(?P<name>[\wäöüÄÖÜß-]+)\s+\((?P<low>\d+)\s*[–-]\s*(?P<high>\d+)\s*(?P<unit>Monate|Jahre)\)"
)
MONTHS = {"Monate": 1, "Jahre": 12}
MIN_CLASSES = 3
COMMON_SHARE = 0.1  # a stem in more than this share of the passages names no example
MIN_BANDS = 3


@dataclass(frozen=True)
class RuleClass:
    """One category of a scheme and the examples the material gives for it."""

    name: str
    examples: tuple[str, ...]
    chunk: IndexedChunk
    quote: str  # the heading and the paragraph/list that names the examples
    cues: tuple[frozenset[str], ...] = ()  # per example: the stems that recognise it


@dataclass(frozen=True)
class ClassScheme:
    """Categories of one section, with the sentence that introduces the scheme."""

    intro: str
    intro_chunk: IndexedChunk
    classes: tuple[RuleClass, ...]

    @property
    def key(self) -> str:
        """Stable id of the scheme."""
        return f"scheme|{self.intro_chunk.chunk_id}"

    def classify(self, text: str) -> list[RuleClass]:
        """Classes with an example all of whose cue stems occur in ``text``: the rule applied
        by the words the material itself uses."""
        have = set(content_stems(text))
        return [c for c in self.classes if any(cue and cue <= have for cue in c.cues)]


def example_cues(example: str, doc_freq: Mapping[str, int], chunks: int) -> frozenset[str]:
    """The stems that recognise an example: the content stems of its core (without a bracket
    or a relative clause) that name few passages. A word found in more than ``COMMON_SHARE``
    of the material's passages ("System", "KI") names no example, so "staatliche 'Social
    Scoring'-Systeme" is recognised by staatlich + social + scoring, not by any "System"."""
    core = re.sub(r"\([^)]*\)", " ", example)
    core = re.split(r",\s+(?:die|der|das)\s", core)[0]
    limit = COMMON_SHARE * chunks
    return frozenset(s for s in content_stems(core) if doc_freq.get(s, 0) <= limit)


@dataclass(frozen=True)
class Band:
    """Scores ``low``–``high`` and what they mean."""

    low: int
    high: int
    text: str


@dataclass(frozen=True)
class BandRule:
    """A score scale: the counting instruction and its bands (highest first, as written)."""

    chunk: IndexedChunk
    instruction: str
    bands: tuple[Band, ...]
    quote: str

    @property
    def maximum(self) -> int:
        """Highest possible score."""
        return max(b.high for b in self.bands)

    @property
    def unit(self) -> str:
        """What the instruction counts ("Zählen Sie die Anzahl der "Ja"-Antworten" →
        „Ja“-Antworten), "Punkte" when it names nothing."""
        match = COUNTED.search(self.instruction)
        if not match:
            return "Punkte"
        return re.sub(r'"([^"]+)"', "„\\1“", match["unit"].strip())

    def band(self, score: int) -> Band | None:
        """The band a score lands in."""
        return next((b for b in self.bands if b.low <= score <= b.high), None)

    @property
    def key(self) -> str:
        """Stable id of the scale."""
        return f"band|{self.chunk.chunk_id}"


@dataclass(frozen=True)
class SpanRule:
    """Named time spans (in months) and the sentence that defines them."""

    chunk: IndexedChunk
    sentence: str
    spans: tuple[Band, ...]  # low/high in months, text = the name ("mittelfristig")

    @property
    def key(self) -> str:
        """Stable id of the rule."""
        return f"span|{self.chunk.chunk_id}"

    def name_of(self, months: int) -> str | None:
        """The span a duration in months falls into (None between spans)."""
        return next((b.text for b in self.spans if b.low <= months <= b.high), None)


def span_rules(chunk: IndexedChunk, lines: list[Line]) -> list[SpanRule]:
    """Sentences naming three or more time spans ("kurzfristig (3–6 Monate), …")."""
    found: list[SpanRule] = []
    for line in lines:
        for sentence in line.sentences:
            spans = [
                Band(
                    int(m["low"]) * MONTHS[m["unit"]], int(m["high"]) * MONTHS[m["unit"]], m["name"]
                )
                for m in SPAN.finditer(sentence.replace("– ", "–").replace("–\n", "–"))
            ]
            if len(spans) >= MIN_BANDS and _disjoint(spans):
                found.append(SpanRule(chunk, sentence, tuple(spans)))
    return found


# The counted unit of a counting instruction: "… die Anzahl der <unit>:".
COUNTED = re.compile(r"Anzahl (?:der|an)\s+(?P<unit>[^:.]+?)\s*[:.]?\s*$")


def band_rules(chunk: IndexedChunk, lines: list[Line]) -> list[BandRule]:
    """Score scales in one chunk: ≥ 3 'a-b: text' items after a counting instruction."""
    found: list[BandRule] = []
    markers = lexicon().band_markers
    for i, line in enumerate(lines):
        if line.is_item or not any(m in line.text for m in markers):
            continue
        bands: list[Band] = []
        raw: list[str] = []
        for nxt in lines[i + 1 :]:
            match = BAND.match(nxt.text) if nxt.is_item else None
            if not match:
                break
            bands.append(Band(int(match["low"]), int(match["high"]), match["text"].strip()))
            raw.append(f"- {nxt.text}")
        if len(bands) >= MIN_BANDS and _disjoint(bands):
            quote = "\n".join([line.text, *raw])
            found.append(BandRule(chunk, line.text, tuple(bands), quote))
    return found


def _disjoint(bands: list[Band]) -> bool:
    spans = sorted((b.low, b.high) for b in bands)
    return all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False)) and all(
        lo <= hi for lo, hi in spans
    )


def _listed(text: str) -> list[str]:
    """'Chatbots, Empfehlungssysteme oder generative KI in …' → three parts; the list ends
    at the first comma after its 'oder'/'und' ("etwa Spiele-KI oder Spam-Filter, fallen …")."""
    joined = re.search(r"\s(?:oder|und)\s", text)
    if joined:
        tail = text[joined.end() :]
        text = text[: joined.end()] + tail.split(",", 1)[0]
    return [p.strip(" ,") for p in SPLIT_LIST.split(text) if p.strip(" ,")]


def _examples(lines: list[Line]) -> list[str]:
    """Examples of one class: its list items, else the inline "z. B. …" enumeration."""
    items = [clean_item(ln.text) for ln in lines if ln.is_item]
    if items:
        return items
    for ln in lines:
        for match in INLINE_EXAMPLES.finditer(ln.text):
            parts = _listed(match["list"])
            if len(parts) >= 2:
                return parts
    return []


def class_schemes(material: CourseMaterial) -> list[ClassScheme]:
    """Lettered categories with examples, per section (a section may span chunks)."""
    by_section: dict[tuple[str, int | None, str], list[IndexedChunk]] = {}
    for c in material.chunks:
        by_section.setdefault((c.source, c.module, c.section or c.chapter or ""), []).append(c)
    found: list[ClassScheme] = []
    for chunks in by_section.values():
        rows = [(c, ln) for c in chunks for ln in material.lines[c.chunk_id]]
        heads = [i for i, (_, ln) in enumerate(rows) if not ln.is_item and LETTERED.match(ln.text)]
        if len(heads) < MIN_CLASSES or heads[0] == 0:
            continue
        classes: list[RuleClass] = []
        for n, start in enumerate(heads):
            end = heads[n + 1] if n + 1 < len(heads) else len(rows)
            body = [ln for _, ln in rows[start + 1 : end]]
            examples = _examples(body)
            chunk, head = rows[start]
            same_chunk = [ln.text for c, ln in rows[start:end] if c is chunk]
            name = LETTERED.match(head.text)["name"].strip()  # type: ignore[index]
            if examples:
                cues = tuple(
                    example_cues(e, material.doc_freq, len(material.chunks)) for e in examples
                )
                quote = "\n".join(same_chunk)
                classes.append(RuleClass(name, tuple(examples), chunk, quote, cues))
        intro_chunk, intro_line = rows[0]
        if len(classes) >= MIN_CLASSES and not intro_line.is_item:
            found.append(ClassScheme(intro_line.sentences[0], intro_chunk, tuple(classes)))
    return found
