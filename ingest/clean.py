"""Repair PDF-extraction damage in German course texts without changing their meaning.

The output has one logical unit per line: a reflowed paragraph, a heading, a list item
("- ..."), a checklist question or a checkbox answer ("[ ] Ja").  Only the standard library is
used; every repair is conservative and keeps the original wording.  Repairs of split words,
which need a vocabulary of the corpus, live in :mod:`ingest.clean_words`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping

from ingest.clean_words import CONJUNCTIONS, build_vocabulary, join_wrapped, repair_split_words

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_CHECKBOXES = {"☐": "[ ]", "□": "[ ]", "☑": "[x]", "☒": "[x]"}
_BULLET = re.compile(r"^(?:[▪•●■\uf0b7◦]\s*|[-–]\s+|o\s+(?=[A-ZÄÖÜ]))")
_NUMBERED = re.compile(
    r"^(?:(?:\d{1,3}[.)]|[a-z]\))\s+\S|(?:Modul|Kapitel|Lektion|Teil|Abschnitt)\s+\d+\b)"
)
_PAGE_NUMBER = re.compile(
    r"(?i)^(?:(?:seite|page|s\.)\s*\d+(?:\s*(?:von|of|/)\s*\d+)?|\d+\s*(?:seite|page)"
    r"|\d+\s*/\s*\d+|[-–]\s*\d+\s*[-–])$"
)
_PARAGRAPH_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_SPACED_HYPHEN = re.compile(r"(?<![\w-])([^\W_]+) -(?=[^\W\d_])")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +([,;.:!?])(?=\s|$)")
# Words a heading or sentence never ends with: a line ending in one is always wrapped.
_FUNCTION_WORDS = CONJUNCTIONS | {
    *("der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem"),
    *("einen", "für", "von", "zu", "zur", "zum", "mit", "bei", "auf", "an", "am", "in", "im"),
    *("aus", "über", "unter", "nach", "durch", "um", "ob", "dass", "indem", "weil", "wenn"),
}
_WRAP_SLACK = 0.9


def clean_text(raw: str, vocabulary: Mapping[str, int] | None = None) -> str:
    """Repair PDF-extraction damage without changing meaning. Output: one logical unit per
    line — a reflowed paragraph, a heading, a list item ("- …"), a checklist question, or a
    checkbox answer line ("[ ] Ja") — separated by single "\\n", no blank lines, no
    leading/trailing spaces, single spaces inside lines. If vocabulary is None it is built
    from raw itself."""
    vocab = build_vocabulary([raw]) if vocabulary is None else vocabulary
    return _clean(_normalize(raw).split("\n"), vocab, None)


def clean_pages(pages: list[str], vocabulary: Mapping[str, int] | None = None) -> list[str]:
    """Clean the pages of a PDF: additionally drop running headers/footers (lines that repeat
    at the top or bottom of many pages, page numbers like "Seite 3", "3 / 10", "- 3 -"),
    then clean_text each page."""
    vocab = build_vocabulary(pages) if vocabulary is None else vocabulary
    split = [_normalize(page).split("\n") for page in pages]
    zones = [{_line_key(lines[i]) for i in _edge_indices(lines)} for lines in split]
    seen = Counter(key for zone in zones for key in zone)
    limit = max(2, math.ceil(0.4 * len(pages))) if len(pages) > 1 else math.inf

    def furniture(line: str) -> bool:
        item = (_start(line.strip(), None, True) or "").startswith(("- ", "[ ]", "[x]"))
        # list items and answers ("[ ] Nein") may legitimately end many pages
        return _is_page_number(line, bare=True) or (seen[_line_key(line)] >= limit and not item)

    kept = []
    for lines in split:
        edges = set(_edge_indices(lines))
        kept.append([line for i, line in enumerate(lines) if i not in edges or not furniture(line)])
    width = _wrap_width([line for lines in kept for line in lines if line.strip()])
    return [_clean(lines, vocab, width) for lines in kept]


def _clean(lines: list[str], vocab: Mapping[str, int], width: float | None) -> str:
    """Reflow normalised lines into units and apply the inline repairs."""
    segments = _segments(drop_page_furniture(lines))
    width = width or _wrap_width([text for text, _ in segments])
    units = [_repair_inline(unit) for unit in _reflow(segments, width, vocab)]
    return "\n".join(unit for unit in repair_split_words(units, vocab) if unit)


def _normalize(raw: str) -> str:
    """NFC, drop invisible characters, unify line breaks and map checkbox glyphs."""
    text = unicodedata.normalize("NFC", raw).translate(_INVISIBLE)
    text = re.sub(r"\r\n?", "\n", text).replace("\t", " ")
    text = re.sub(r"\n?\f\n?", "\n\f\n", text)  # a page break becomes its own line
    for glyph, replacement in _CHECKBOXES.items():
        text = text.replace(glyph, replacement)
    return text


def _is_page_number(line: str, bare: bool = False) -> bool:
    text = " ".join(line.split())
    return bool(_PAGE_NUMBER.match(text) or (bare and re.fullmatch(r"\d{1,4}", text)))


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _edge_indices(lines: list[str], depth: int = 3) -> list[int]:
    """Indices of the first and last few non-blank lines of a page (headers/footers)."""
    text_idx = [i for i, line in enumerate(lines) if line.strip()]
    return text_idx[:depth] + text_idx[-depth:]


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Remove page numbers and lines repeated next to page numbers (running headers and
    footers, whatever their wording); a removed footer leaves a page-break line ("\\f")."""
    text_idx = [i for i, line in enumerate(lines) if line.strip()]
    numbers = {i for i in text_idx if _is_page_number(lines[i])}
    near: list[int] = []
    for k, i in enumerate(text_idx):
        if i in numbers:
            near += [j for j in text_idx[max(k - 1, 0) : k + 2] if j not in numbers]
    repeated = Counter(_line_key(lines[i]) for i in near)
    drop = numbers | {i for i in near if repeated[_line_key(lines[i])] >= 2}
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in drop:
            while kept and kept[-1] == "":
                kept.pop()
            if kept and kept[-1] != "\f":
                kept.append("\f")  # the footer marked a page break
        elif not (line == "" and i - 1 in drop):
            kept.append(line)
    return kept


def _segments(lines: list[str]) -> list[tuple[str, str]]:
    """Text lines with the kind of break before them: "hard", "soft" or "same" (block).

    A whitespace-only line is a paragraph break.  In double-spaced extractions (every wrapped
    line followed by an empty line) empty lines are soft; otherwise they separate blocks and
    adjacent lines belong to the same block.  Page breaks (form feeds) are soft.
    """
    text_count = sum(1 for line in lines if line.strip())
    spaced = sum(
        1
        for a, b, c in zip(lines, lines[1:], lines[2:], strict=False)
        if a.strip() and b == "" and c.strip()
    )
    double = spaced >= 0.5 * (text_count - 1)
    blocks = not double and any(not line.strip() and line != "\f" for line in lines)
    segments: list[tuple[str, str]] = []
    gap: list[str] = []
    for line in lines:
        if not line.strip():
            gap.append(line)
            continue
        blank = [g for g in gap if g != "\f"]
        if any(g != "" for g in blank) or (blocks and blank):
            kind = "hard"
        elif blocks and not gap and not line[0].isspace():
            kind = "same"
        else:
            kind = "soft"
        for k, piece in enumerate(_PARAGRAPH_GAP.split(line)):
            segments.append((piece, kind if k == 0 else "hard"))
        gap = []
    return segments


def _wrap_width(texts: list[str]) -> float | None:
    """Typical line width if the text is hard-wrapped: many lines of similar length, and
    some of them continue on a lower-case line (already reflowed text has none)."""
    texts = [text.strip() for text in texts]
    lengths = sorted(len(text) for text in texts)
    if len(lengths) < 5:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    band = [i for i, text in enumerate(texts[:-1]) if 0.7 * width <= len(text) <= 1.05 * width]
    lower = sum(1 for i in band if texts[i + 1][:1].islower())
    wrapped = width <= 200 and len(band) >= 0.3 * len(texts) and lower >= 0.1 * len(band) > 0
    return float(width) if wrapped else None


def _start(text: str, prev: str | None, hard: bool) -> str | None:
    """The line rewritten as the start of a new unit, or None if it is not one."""
    if text.startswith(("[ ]", "[x]")):
        return text
    bullet = _BULLET.match(text)
    if bullet and (text[0] != "–" or hard or prev is None or prev.rstrip()[-1] in ".:!?;,"):
        return "- " + text[bullet.end() :]
    if _NUMBERED.match(text) and (hard or prev is None or not _demands_more(prev)):
        return text
    return None


def _demands_more(prev: str) -> bool:
    """True if a line cannot end a unit (hyphen, comma, function word ...)."""
    text = prev.rstrip()
    words = text.split()
    return text[-1] in ",;(„/–-" or bool(words and words[-1].lower() in _FUNCTION_WORDS)


def _continues(unit: str, prev: str, text: str, width: float | None, same_block: bool) -> bool:
    """Decide whether ``text`` continues the unit whose last raw line is ``prev``."""
    if unit.startswith(("[ ]", "[x]")):
        return False
    numbered = bool(_NUMBERED.match(unit))
    if (same_block and not numbered) or _demands_more(prev) or text[0].islower():
        return True
    is_item = unit.startswith("- ") or numbered
    if is_item and unit.endswith(":"):
        return True
    prev = prev.strip()
    if prev[-1].islower() and text[-1] in ".!?" and len(text.split()) <= 3:
        return True  # a short sentence tail ("Erkenntnissen.") after a mid-sentence break
    first = text.split(" ", 1)[0]
    wrapped = width is not None and (
        _WRAP_SLACK * width <= len(prev) + 1 + len(first) and len(prev) <= 1.1 * width
    )
    # Items and headings only continue mid-sentence (last word lower-case, no full stop).
    return wrapped and (not is_item or prev[-1].islower())


def _reflow(
    segments: list[tuple[str, str]], width: float | None, vocab: Mapping[str, int]
) -> list[str]:
    """Join wrapped lines into units; headings, items and answers stay on their own line."""
    units: list[str] = []
    prev: str | None = None
    for raw_text, kind in segments:
        text = raw_text.strip()
        if kind == "hard" and prev is not None and _HYPHEN_END.search(prev.rstrip()):
            kind = "soft"  # "KI-" never ends a unit
        started = _start(text, prev, kind == "hard")
        if started is not None or prev is None or kind == "hard":
            units.append(started or text)
        elif _continues(units[-1], prev, text, width, same_block=kind == "same"):
            units[-1] = join_wrapped(units[-1], text, vocab)
        else:
            units.append(text)
        prev = raw_text
    return units


def _repair_inline(unit: str) -> str:
    """Collapse whitespace, close spaced hyphens ("KI -Lösungen") and spaces before commas."""
    text = " ".join(unit.split())
    text = _SPACED_HYPHEN.sub(
        lambda m: m.group(0) if m.group(1).lower() in CONJUNCTIONS else m.group(1) + "-", text
    )
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)
