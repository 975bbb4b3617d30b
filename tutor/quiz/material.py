"""The course material as the quiz sees it: chunks split into lines, sentences and list items,
grouped by scope (module, document), with a check for "does the material state this?".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ingest.index import IndexMissingError, current_generation, open_chroma
from ingest.textkit import split_sentences as split_at_sentence_ends
from ingest.textkit import stem
from tutor.prompts import render
from tutor.quiz.models import QuizError, QuizScope, SourceRef
from tutor.quiz.textnorm import content_stems, coverage, numbers, words
from tutor.retrieval.corpus import IndexedChunk

ITEM_RE = re.compile(r"^(?:- |(?P<number>\d{1,2})\.\s+)(?P<body>.+)$")
CHECKBOX_RE = re.compile(r"^\[[ x]\]\s")
# "z. B.", "d. h." (split by the sentence rule after each letter), "bzw.", "vgl.", …
ABBREVIATION_END = re.compile(r"(?:\b[a-zA-Z]|\bbzw|\bvgl|\betc|\bca|\bNr|\bsog|\busw)\.$")
STATED_COVERAGE = 0.75
# A sentence that ends inside a closing quotation mark ("… habe ich.“ Diese Haltung …"): the
# shared splitter does not split there.
QUOTE_END = re.compile(r"(?<=[.!?]“)\s+(?=[A-ZÄÖÜ])")


@dataclass(frozen=True)
class Line:
    """One line of a chunk: a paragraph (split into sentences) or a list item (``number``
    set for "1. …" items)."""

    text: str
    is_item: bool
    sentences: tuple[str, ...]
    number: int | None = None


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph (the shared splitter, but not after "z. B.", "vgl." and the
    like: those pieces are joined again)."""
    out: list[str] = []
    pieces = [p for raw in split_at_sentence_ends(paragraph) for p in QUOTE_END.split(raw)]
    for piece in pieces:
        if out and ABBREVIATION_END.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def chunk_lines(text: str) -> list[Line]:
    """The chunk's non-empty lines; checkbox lines (checklist answers) are dropped."""
    out: list[Line] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or CHECKBOX_RE.match(line):
            continue
        item = ITEM_RE.match(line)
        if item:
            body = item.group("body").strip()
            number = int(item.group("number")) if item.group("number") else None
            out.append(Line(body, True, (body,), number))
        else:
            out.append(Line(line, False, tuple(split_sentences(line))))
    return out


def scope_key(chunk: IndexedChunk) -> tuple[str, int | None]:
    """Chunks that share a scope for the "is it stated?" check: same document and module."""
    return (chunk.source, chunk.module)


def source_ref(chunk: IndexedChunk, quote: str) -> SourceRef:
    """The citation for a passage of ``chunk``."""
    return SourceRef(
        chunk_id=chunk.chunk_id,
        source=chunk.source,
        title=chunk.title,
        module=chunk.module,
        module_title=chunk.module_title,
        chapter=chunk.chapter,
        section=chunk.section,
        quote=quote,
    )


class CourseMaterial:
    """All chunks of the index, with per-scope statement lists for correctness checks."""

    def __init__(self, chunks: Sequence[IndexedChunk]) -> None:
        self.chunks = sorted(chunks, key=lambda c: (c.source, c.position))
        self.by_id = {c.chunk_id: c for c in self.chunks}
        self.lines = {c.chunk_id: chunk_lines(c.text) for c in self.chunks}

    @cached_property
    def modules(self) -> list[int]:
        """Module numbers present in the material."""
        return sorted({c.module for c in self.chunks if c.module is not None})

    @cached_property
    def sources(self) -> list[str]:
        """Document file names present in the material."""
        return sorted({c.source for c in self.chunks})

    @cached_property
    def course_sources(self) -> frozenset[str]:
        """Documents organised in modules (the course)."""
        return frozenset(c.source for c in self.chunks if c.module is not None)

    @cached_property
    def doc_freq(self) -> Counter[str]:
        """In how many chunks each (folded, stemmed) word occurs."""
        df: Counter[str] = Counter()
        for c in self.chunks:
            df.update({stem(w) for w in words(c.text)})
        return df

    @cached_property
    def _statements(self) -> dict[tuple[str, int | None], list[str]]:
        """Every sentence, list item and heading, grouped by scope key."""
        groups: dict[tuple[str, int | None], list[str]] = {}
        for c in self.chunks:
            units = groups.setdefault(scope_key(c), [])
            units.extend(t for t in (c.module_title, c.chapter, c.section) if t)
            for line in self.lines[c.chunk_id]:
                units.extend(line.sentences)
        return {k: list(dict.fromkeys(v)) for k, v in groups.items()}

    @cached_property
    def _scope_stems(self) -> dict[tuple[str, int | None], frozenset[str]]:
        return {
            key: frozenset(s for unit in units for s in content_stems(unit))
            for key, units in self._statements.items()
        }

    def section_titles(self, chunk: IndexedChunk) -> list[str]:
        """The section titles of the chunk's module (or document)."""
        home = scope_key(chunk)
        titles = (c.section for c in self.chunks if scope_key(c) == home and c.section)
        return list(dict.fromkeys(titles))

    def topic_stems(self, chunk: IndexedChunk) -> frozenset[str]:
        """All content stems of the chunk's module (or document): its vocabulary."""
        return self._scope_stems.get(scope_key(chunk), frozenset())

    def statements(self, chunk: IndexedChunk) -> list[str]:
        """Sentences, items and headings of the chunk's module (or whole document)."""
        return self._statements.get(scope_key(chunk), [])

    def is_stated(self, text: str, chunk: IndexedChunk) -> bool:
        """True if the chunk's module/document says ``text`` (stems ≥ 75 %, same numbers).

        Deliberately generous: a distractor that is merely *close* to something the module
        says counts as stated and is not used, so no option is a second correct answer.
        """
        if not content_stems(text):
            return True
        needed_numbers = set(numbers(text))
        for unit in self.statements(chunk):
            if needed_numbers and not needed_numbers <= set(numbers(unit)):
                continue
            if coverage(text, unit) >= STATED_COVERAGE:
                return True
        return False

    def in_scope(self, scope: QuizScope) -> list[IndexedChunk]:
        """Chunks of one module, of one document, or of all modules ("gemischt")."""
        self.check_scope(scope)
        if scope.module is not None:
            return [c for c in self.chunks if c.module == scope.module]
        if scope.source:
            return [c for c in self.chunks if c.source == scope.source]
        return [c for c in self.chunks if c.module is not None]

    def check_scope(self, scope: QuizScope) -> None:
        """QuizError with a German hint if the module or document does not exist."""
        if scope.module is not None and scope.module not in self.modules:
            if not self.modules:
                raise QuizError(render("quiz", "fehler.keine_module"))
            raise QuizError(
                render(
                    "quiz",
                    "fehler.modul",
                    modul=scope.module,
                    erstes=self.modules[0],
                    letztes=self.modules[-1],
                )
            )
        if scope.source and scope.source not in self.sources:
            raise QuizError(
                render(
                    "quiz",
                    "fehler.quelle",
                    quelle=scope.source,
                    verfuegbar=", ".join(self.sources),
                )
            )


def load_chunks(store_dir: Path) -> list[IndexedChunk]:
    """Chunks of the active index, read straight from Chroma (no embedding model needed)."""
    generation = current_generation(store_dir)
    if generation is None:
        raise IndexMissingError(render("quiz", "fehler.kein_index"))
    raw = open_chroma(generation, None).get(include=["documents", "metadatas"])
    return [
        IndexedChunk.from_record(i, d, m or {})
        for i, d, m in zip(raw["ids"], raw["documents"], raw["metadatas"], strict=True)
    ]
