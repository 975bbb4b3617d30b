"""Typed records that flow through the ingest pipeline and into the index."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One page (PDF) or the whole text (txt/md) of a loaded document, already cleaned."""

    text: str
    number: int | None = None  # 1-based PDF page number; None for txt/md


@dataclass(frozen=True)
class LoadedDocument:
    """A document that loaded and cleaned successfully."""

    source: str  # file name relative to the corpus dir, e.g. "kurs-ki-fuer-kmu.txt"
    pages: list[Page]
    content_hash: str  # sha256 of the raw file bytes


@dataclass(frozen=True)
class LoadError:
    """A file that could not be ingested, with a German reason for the user."""

    file: str
    reason: str


@dataclass(frozen=True)
class Block:
    """A structural unit of a document: a paragraph, list item or heading, with its place."""

    text: str
    kind: str  # "paragraph" | "item" | "heading"
    module: int | None
    module_title: str | None
    chapter: str | None  # top-level heading of non-course documents (e.g. "Bedarfsanalyse")
    section: str | None
    page: int | None
    start: int  # char offset in the document's cleaned text
    end: int


@dataclass(frozen=True)
class StructuredDocument:
    """A document with detected title, modules/chapters and blocks in reading order."""

    source: str
    title: str
    kind: str  # "course" | "guide" | "text"
    blocks: list[Block]
    modules: dict[int, str] = field(default_factory=dict)  # number → title (course only)
    chapters: list[str] = field(default_factory=list)  # top-level headings (other documents)
    sections: list[tuple[int | None, str]] = field(default_factory=list)  # (module, title)


def normalise_for_id(text: str) -> str:
    """Normalise text so cosmetic whitespace/Unicode differences do not change a chunk id."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: quoted text plus a contextual header used only for embedding."""

    source: str
    title: str
    header: str  # e.g. "Kurs … › Modul 3: Daten als Erfolgsfaktor › 2. Welche Daten …"
    text: str  # the quotable passage (no header)
    position: int  # ordinal of the chunk within its document
    module: int | None = None
    module_title: str | None = None
    chapter: str | None = None
    section: str | None = None
    page: int | None = None
    start: int = 0
    end: int = 0

    @property
    def chunk_id(self) -> str:
        """Deterministic id: sha256 of normalised text + source + position."""
        key = f"{self.source}\x1f{self.position}\x1f{normalise_for_id(self.header)}\x1f"
        key += normalise_for_id(self.text)
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    @property
    def passage(self) -> str:
        """Text that is embedded and indexed: header, then the passage."""
        return f"{self.header}\n{self.text}"

    def metadata(self) -> dict[str, str | int]:
        """Chroma metadata (no None values: Chroma rejects them)."""
        meta: dict[str, str | int] = {
            "source": self.source,
            "title": self.title,
            "header": self.header,
            "position": self.position,
            "start": self.start,
            "end": self.end,
        }
        if self.module is not None:
            meta["module"] = self.module
        if self.module_title:
            meta["module_title"] = self.module_title
        if self.chapter:
            meta["chapter"] = self.chapter
        if self.section:
            meta["section"] = self.section
        if self.page is not None:
            meta["page"] = self.page
        return meta
