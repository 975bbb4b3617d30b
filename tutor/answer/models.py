"""Typed answers and citations (the stable shape behind ``tutor ask --json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, model_validator

from tutor.answer.units import locate
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
    passage: str = ""  # the whole passage the quote comes from
    highlights: list[tuple[int, int]] = Field(default_factory=list)  # [start, end) in passage

    @classmethod
    def of(
        cls,
        n: int,
        chunk: IndexedChunk,
        quote: str,
        highlights: list[tuple[int, int]] | None = None,
    ) -> Citation:
        """Citation number ``n`` quoting ``quote`` from ``chunk``, with the chunk's location,
        its whole text and the character ranges of the quoted units in it (found in the text
        when not given)."""
        if highlights is None:
            found = locate(chunk.text, quote)
            highlights = [found] if found else []
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
            passage=chunk.text,
            highlights=highlights,
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


Coverage = Literal["full", "partial", "none"]


class Answer(BaseModel):
    """A short German answer with inline [n] markers, or an honest refusal.

    ``coverage`` says how much of the question the material answers: ``full``; ``partial``
    (the topic is covered but not what was asked, e.g. a price; the answer says so first);
    ``none`` (a refusal). ``refused`` is true exactly when coverage is ``none``.
    """

    question: str
    resolved_question: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    refused: bool = False
    backend: str = "extractive"
    repaired: bool = False
    note: str | None = None  # German hint when an LLM answer was shortened or replaced
    confidence: float = 0.0
    coverage: Coverage = "full"
    lead: str = ""  # the first quoted unit (what the answer leads with)

    @model_validator(mode="after")
    def _refused_means_no_coverage(self) -> Answer:
        if self.refused:
            self.coverage = "none"
        elif self.coverage == "none":
            self.refused = True
        return self

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
                        "passage",
                        "highlights",
                    }
                )
                for c in self.citations
            ],
            "refused": self.refused,
            "coverage": self.coverage,
            "backend": self.backend,
            "repaired": self.repaired,
            "resolved_question": self.resolved_question,
        } | ({"note": self.note} if self.note else {})
