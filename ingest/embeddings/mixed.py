"""One embedder whose index side and query side run on different engines of the same weights.

Ingest embeds tens of thousands of passages and sentences, a question embeds one text: so the
index side may use a faster engine (int8 or bf16) whose vectors differ slightly from fp32, as
long as retrieval quality stays the same (measured in docs/BENCHMARKS.md "Faster engine"),
while queries keep the exact engine. The query engine is loaded on the first query only, so an
ingest never loads it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ingest.embeddings.backends import TextEmbedder


def engine_of(embedder: object) -> str:
    """The engine that computed an embedder's passage vectors (``fp32`` unless it says)."""
    return str(getattr(embedder, "engine", "fp32"))


class IndexQueryEmbedder:
    """Passages through ``index``, queries through the engine ``load_query`` returns."""

    def __init__(
        self, index: TextEmbedder, load_query: Callable[[], TextEmbedder], name: str
    ) -> None:
        self.index = index
        self._load_query = load_query
        self._query: TextEmbedder | None = None
        self._lock = threading.Lock()
        self.name = name
        self.engine = engine_of(index)
        self.dim = index.dim

    @property
    def query(self) -> TextEmbedder:
        """The query engine (loaded once, on first use; thread-safe)."""
        with self._lock:
            if self._query is None:
                self._query = self._load_query()
            return self._query

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages with the index engine."""
        return self.index.embed_passages(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed queries with the query engine."""
        return self.query.embed_queries(texts)

    def count_tokens(self, text: str) -> int:
        """Token count of the index engine (both engines share one tokenizer)."""
        return self.index.count_tokens(text)
