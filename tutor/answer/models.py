"""Typed answers and citations (the stable shape behind ``tutor ask --json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from tutor.prompts import render

if TYPE_CHECKING:
    from tutor.retrieval.corpus import IndexedChunk


class Citation(BaseModel):
    """A numbered source: where the quoted sentence stands in the course material."""

    n: int
    chunk_id: str
    source: str
    title: str
    module: int | None = None
    module_title: str | None = None
    chapter: str | None = None
    section: str | None = None
    page: int | None = None
    quote: str

    @classmethod
    def of(cls, n: int, chunk: IndexedChunk, quote: str) -> Citation:
        """Citation number ``n`` quoting ``quote`` from ``chunk``, with the chunk's location."""
        return cls(
            n=n,
            chunk_id=chunk.chunk_id,
            source=chunk.source,
            title=chunk.title,
            module=chunk.module,
            module_title=chunk.module_title,
            chapter=chunk.chapter,
            section=chunk.section,
            page=chunk.page,
            quote=quote,
        )

    def location(self) -> str:
        """German location line: 'Kurs …, Modul 3 „…“, Abschnitt „…“, S. 2'."""
        parts = [self.title]
        if self.module is not None:
            parts.append(
                render("antworten", "zitat.modul", nummer=self.module, titel=self.module_title)
            )
        elif self.chapter:
            parts.append(render("antworten", "zitat.kapitel", titel=self.chapter))
        if self.section and self.section != self.chapter:
            parts.append(render("antworten", "zitat.abschnitt", titel=self.section))
        if self.page is not None:
            parts.append(render("antworten", "zitat.seite", seite=self.page))
        return ", ".join(parts)


class Answer(BaseModel):
    """A short German answer with inline [n] markers, or an honest refusal."""

    question: str
    resolved_question: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    refused: bool = False
    backend: str = "extractive"
    repaired: bool = False
    note: str | None = None  # German hint when an LLM answer was shortened or replaced
    confidence: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The documented ``tutor ask --json`` object."""
        return {
            "answer": self.answer,
            "citations": [
                c.model_dump(
                    include={
                        "n",
                        "chunk_id",
                        "source",
                        "title",
                        "module",
                        "section",
                        "page",
                        "quote",
                    }
                )
                for c in self.citations
            ],
            "refused": self.refused,
            "backend": self.backend,
            "repaired": self.repaired,
            "resolved_question": self.resolved_question,
        } | ({"note": self.note} if self.note else {})
