"""The corpus as the question-set checker sees it (stdlib only; used by check_questions.py).

A :class:`Doc` keeps the raw text of a corpus file, its whitespace-normalised form with a map
back to raw offsets, and its lines classified as heading, list item, numbered line or page
footer, so that a gold span can be located verbatim and checked for extraction damage.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

# Extraction damage that the cleaned index will not contain verbatim.
DAMAGED_FRAGMENTS = (
    "erfolgr eich",
    "ve rstanden",
    "A uswerten",
    "Beg inn",
    "S eminararbeit",
    "wo vor",
    "mitteständige",
)
DAMAGE_PATTERNS = (
    (
        re.compile(r"\b[A-ZÄÖÜ]{2,} -[A-Za-zÄÖÜäöüß]"),
        "acronym split from its compound ('KI -Lösungen')",
    ),
    (re.compile(r"\b[A-ZÄÖÜ] [a-zäöüß]{2,}"), "word split after its first letter ('A uswerten')"),
    (re.compile(r"\w [,.;:](?=\s|$)"), "space before punctuation ('verbunden ,')"),
    (re.compile(r"[.!?]\d+\)"), "footnote marker ('anbieten.15)')"),
    (re.compile(r"[▪☐•]"), "bullet glyph"),
)
LINE_END_HYPHEN = re.compile(r"[A-Za-zÄÖÜäöüß0-9]-[ \t\u00a0\u202f]*\r?\n")
FOOTER_LINE = re.compile(
    r"^\s*(?:\d+ Seite|Leitfaden zur Integration von Künstlicher Intelligenz \(KI\) für KMU)\s*$"
)
BULLET_START = re.compile(r"^\s*(?:[▪☐•]|o\s|-\s)")
NUMBERED_START = re.compile(r"^\s*(?:Modul \d+:|\d+\.\s|[a-d]\)\s)")
MODULE_HEADING = re.compile(r"^\s*Modul (\d+):")
# a line ending in one of these words continues on the next line, so it is no heading
_FUNCTION_WORDS = (
    "der die das des dem den ein eine einer eines und oder von vom für mit in im zu zur zum "
    "auf an am bei nach über wie als andere hinsichtlich verbesserte schnellere verschiedenen"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def normalise(text: str) -> str:
    """NFC + collapse every whitespace run (newlines, U+202F, …) to one space, strip."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Line:
    start: int  # raw offset of first character
    end: int  # raw offset just past the last non-newline character
    text: str
    heading: bool = False
    block_start: bool = False  # heading, bullet item or numbered line
    footer: bool = False


@dataclass
class Doc:
    name: str
    raw: str
    norm: str = ""
    norm_to_raw: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    modules: list[tuple[int, int]] = field(default_factory=list)  # (raw offset, module no.)

    def __post_init__(self) -> None:
        raw = unicodedata.normalize("NFC", self.raw)
        self.raw = raw
        out: list[str] = []
        idx: list[int] = []
        pending_space = False
        for i, ch in enumerate(raw):
            if ch.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                idx.append(i - 1)
                pending_space = False
            out.append(ch)
            idx.append(i)
        self.norm = "".join(out)
        self.norm_to_raw = idx
        self._split_lines()

    def _split_lines(self) -> None:
        pos = 0
        for chunk in self.raw.split("\n"):
            text = chunk.rstrip("\r")
            if text.strip():
                self.lines.append(Line(pos, pos + len(text), text))
            pos += len(chunk) + 1
        for i, ln in enumerate(self.lines):
            s = ln.text.strip()
            prev = self.lines[i - 1].text.strip() if i > 0 else ""
            nxt = self.lines[i + 1].text.strip() if i + 1 < len(self.lines) else ""
            nxt_lower = bool(nxt) and nxt[0].islower()
            words = len(s.split())
            ln.footer = bool(FOOTER_LINE.match(ln.text))
            m = MODULE_HEADING.match(ln.text)
            if m:
                self.modules.append((ln.start, int(m.group(1))))
                ln.heading = True
            elif BULLET_START.match(ln.text):
                ln.block_start = True
            elif NUMBERED_START.match(ln.text):
                ln.block_start = True
                ln.heading = (
                    words <= 12
                    and not s.endswith((".", ",", ";", "-"))
                    and s.split()[-1] not in FUNCTION_WORDS
                    and not nxt_lower
                )
            elif (
                words <= 6
                and not ln.footer
                and not s.endswith((".", ",", ";", "!", "?", "-", "–"))
                and s.split()[-1] not in FUNCTION_WORDS
                and not nxt_lower
                and not (BULLET_START.match(self.lines[i - 1].text) and prev.endswith(":"))
                and (
                    not prev
                    or prev.endswith((".", "!", "?", ":"))
                    or prev.startswith(("☐", "▪"))
                    or self.lines[i - 1].heading
                    or self.lines[i - 1].footer
                )
            ):
                ln.heading = True
            ln.block_start = ln.block_start or ln.heading
        self.line_starts = [ln.start for ln in self.lines]

    def module_at(self, raw_pos: int) -> int | None:
        mod = None
        for off, no in self.modules:
            if off <= raw_pos:
                mod = no
        return mod

    def occurrences(self, span_norm: str) -> list[int]:
        """Start offsets (in normalised text) of every occurrence of the span."""
        res, i = [], self.norm.find(span_norm)
        while i != -1:
            res.append(i)
            i = self.norm.find(span_norm, i + 1)
        return res

    def raw_region(self, norm_start: int, length: int) -> tuple[int, int]:
        a = self.norm_to_raw[norm_start]
        b = self.norm_to_raw[norm_start + length - 1] + 1
        return a, b

    def damage(self, norm_start: int, span_norm: str) -> list[str]:
        """Reasons why this occurrence is not a clean quotation (empty list = clean)."""
        problems: list[str] = []
        a, b = self.raw_region(norm_start, len(span_norm))
        region = self.raw[a:b]
        for frag in DAMAGED_FRAGMENTS:
            if frag in span_norm:
                problems.append(f"contains damaged fragment {frag!r}")
        for pat, why in DAMAGE_PATTERNS:
            if pat.search(span_norm):
                problems.append(why)
        tail = self.raw[b : b + 4]  # a span ending in "KI-" right before a line break
        if LINE_END_HYPHEN.search(region) or (span_norm.endswith("-") and "\n" in tail):
            problems.append("hyphen at a line end (word split by the PDF layout)")
        # lines touched by the region
        first = bisect.bisect_right(self.line_starts, a) - 1
        last = bisect.bisect_right(self.line_starts, b - 1) - 1
        for ln in self.lines[max(first, 0) : last + 1]:
            if ln.footer:
                problems.append(f"page footer {ln.text.strip()!r}")
            if ln.block_start and a < ln.start < b:
                kind = "heading" if ln.heading else "list item / numbered line"
                problems.append(f"crosses into a new {kind}: {ln.text.strip()[:50]!r}")
            if ln.heading and ln.start <= a < ln.end and b > ln.end:
                problems.append(f"runs past the heading {ln.text.strip()[:50]!r}")
        return problems

    def mid_word(self, norm_start: int, span_norm: str) -> bool:
        before = self.norm[norm_start - 1] if norm_start > 0 else " "
        end = norm_start + len(span_norm)
        after = self.norm[end] if end < len(self.norm) else " "
        return (before.isalnum() and span_norm[0].isalnum()) or (
            after.isalnum() and span_norm[-1].isalnum()
        )
