"""Detect a document's title, modules/chapters and sections from cleaned text.

Input is the output of :func:`ingest.clean.clean_text`: one logical unit (heading, paragraph,
list item, checklist question) per line. The course has "Modul N: Titel" lines and numbered
section headings that count up within a module; other documents (the guide) have short
headings, where a heading followed by another heading or by running text opens a chapter.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ingest.models import Block, StructuredDocument

FRAME_LINES = Path(__file__).resolve().parent / "data" / "rahmenzeilen.toml"

MODULE_RE = re.compile(r"^Modul\s+(\d{1,2})\s*:\s*(.+?)\s*$")
NUMBERED_RE = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
ITEM_RE = re.compile(r"^(- |\[[ x]\] |\d{1,2}\.\s)")
_ACRONYMS = {"ki": "KI", "kmu": "KMU", "eu": "EU", "ai": "AI", "dsgvo": "DSGVO", "it": "IT"}
_WORDS = {"fuer": "für", "ueber": "über"}
_LOWER = {"für", "und", "von", "zur", "zum", "der", "die", "das", "in", "im", "mit", "über"}
PAGE_NO_RE = re.compile(r"^\s*(\d{1,4}\s+Seite|Seite\s+\d{1,4}(\s+von\s+\d+)?)\s*$")


@dataclass(frozen=True)
class PageText:
    """Cleaned text of one page (PDF) or of the whole file (number None)."""

    text: str
    number: int | None


def title_from_filename(source: str) -> str:
    """A readable fallback title from a file name: 'kurs-ki-fuer-kmu.txt' → 'Kurs KI für KMU'."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", source.rsplit("/", 1)[-1])
    words = [w for w in re.split(r"[-_\s]+", stem) if w]
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        word = _ACRONYMS.get(low) or _WORDS.get(low) or word
        out.append(word if (i and word in _LOWER) else word[:1].upper() + word[1:])
    return " ".join(out) or source


def running_title(raw_pages: list[str]) -> str | None:
    """A running header/footer that precedes a page number ('… für KMU' / '10 Seite') is the
    document's title; None if there is none."""
    lines = [ln.strip() for page in raw_pages for ln in page.split("\n") if ln.strip()]
    candidates: dict[str, int] = {}
    for line, nxt in zip(lines, lines[1:], strict=False):
        if PAGE_NO_RE.match(nxt) and 10 <= len(line) <= 120 and not PAGE_NO_RE.match(line):
            candidates[line] = candidates.get(line, 0) + 1
    best = max(candidates.items(), key=lambda kv: kv[1], default=None)
    return best[0] if best and best[1] >= 2 else None


@cache
def _frame_patterns() -> dict[str, re.Pattern[str]]:
    """The categories of ``data/rahmenzeilen.toml`` as compiled patterns (validated here)."""
    data = tomllib.loads(FRAME_LINES.read_text(encoding="utf-8"))
    out: dict[str, re.Pattern[str]] = {}
    for name, table in data.items():
        if not isinstance(table, dict) or set(table) != {"beschreibung", "muster"}:
            raise ValueError(f"{FRAME_LINES}: [{name}] braucht genau beschreibung und muster")
        patterns = [str(p) for p in table["muster"]]
        if not patterns or not str(table["beschreibung"]).strip():
            raise ValueError(f"{FRAME_LINES}: [{name}] ist leer")
        out[name] = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    return out


def is_contact_line(line: str) -> bool:
    """An author's or publisher's contact line ("Mail: …", an e-mail or web address)."""
    return bool(_frame_patterns()["kontaktzeilen"].search(line))


def is_signature(line: str, next_line: str) -> bool:
    """A person's name right above a contact line (the author's signature)."""
    return is_contact_line(next_line) and bool(_frame_patterns()["unterschrift"].match(line))


def is_heading_like(line: str) -> bool:
    """A short line without sentence punctuation that starts with a capital letter or digit
    (never a contact line such as "Mail: name@example.org")."""
    if not line or len(line) > 90 or ITEM_RE.match(line) or line.startswith("[ "):
        return False
    if is_contact_line(line):
        return False
    if line[-1] in ".,;:!?" or len(line.split()) > 9:
        return False
    return line[0].isupper() or line[0].isdigit()


def detect_structure(
    source: str, pages: list[PageText], title: str | None = None
) -> StructuredDocument:
    """Split cleaned pages into blocks with module/chapter/section context."""
    units = _units(pages)
    is_course = sum(1 for text, *_ in units if MODULE_RE.match(text)) >= 2
    doc_title = title or title_from_filename(source)
    if is_course:
        return _course(source, doc_title, units)
    return _generic(source, doc_title, units)


def _units(pages: list[PageText]) -> list[tuple[str, int | None, int, int]]:
    """Lines with page and char offsets in the concatenated cleaned text."""
    units: list[tuple[str, int | None, int, int]] = []
    offset = 0
    for page in pages:
        for line in page.text.split("\n"):
            stripped = line.strip()
            if stripped:
                start = offset + line.find(stripped)
                units.append((stripped, page.number, start, start + len(stripped)))
            offset += len(line) + 1
    return units


def _kind(text: str) -> str:
    return "item" if ITEM_RE.match(text) else "paragraph"


def _course(
    source: str, title: str, units: list[tuple[str, int | None, int, int]]
) -> StructuredDocument:
    blocks: list[Block] = []
    modules: dict[int, str] = {}
    sections: list[tuple[int | None, str]] = []
    module: int | None = None
    module_title: str | None = None
    section: str | None = None
    expected = 1
    for i, (text, page, start, end) in enumerate(units):
        mod = MODULE_RE.match(text)
        num = NUMBERED_RE.match(text)
        if mod:
            module, module_title = int(mod.group(1)), mod.group(2)
            modules[module] = module_title
            section, expected = None, 1
            kind = "heading"
        elif (
            module is not None
            and num
            and int(num.group(1)) == expected
            and _is_section(text, units[i + 1][0] if i + 1 < len(units) else "")
        ):
            section = text
            sections.append((module, section))
            expected += 1
            kind = "heading"
        else:
            kind = _kind(text)
        blocks.append(Block(text, kind, module, module_title, None, section, page, start, end))
    return StructuredDocument(source, title, "course", blocks, modules, [], sections)


def _is_section(text: str, next_text: str) -> bool:
    """A numbered line is a section heading unless it reads like a list item or sentence."""
    if text[-1] in ".,;" or len(text) > 100:
        return False
    # A list item whose wrapped rest starts the next unit in lower case is not a heading.
    return not (next_text and next_text[0].islower())


def _generic(
    source: str, title: str, units: list[tuple[str, int | None, int, int]]
) -> StructuredDocument:
    blocks: list[Block] = []
    chapters: list[str] = []
    sections: list[tuple[int | None, str]] = []
    chapter: str | None = None
    section: str | None = None
    previous_heading = False
    for i, (text, page, start, end) in enumerate(units):
        nxt = units[i + 1][0] if i + 1 < len(units) else ""
        if is_heading_like(text) and nxt and not is_signature(text, nxt):
            opens_chapter = not previous_heading and (
                is_heading_like(nxt) or (_kind(nxt) == "paragraph" and len(nxt) >= 80)
            )
            if opens_chapter or chapter is None:
                chapter, section = text, None
                chapters.append(text)
            else:
                section = text
                sections.append((None, text))
            blocks.append(Block(text, "heading", None, None, chapter, section, page, start, end))
            previous_heading = True
            continue
        previous_heading = False
        blocks.append(Block(text, _kind(text), None, None, chapter, section, page, start, end))
    return StructuredDocument(source, title, "text", blocks, {}, chapters, sections)
