"""The searchable corpus: every chunk of the active index in memory, plus BM25 over it.

It follows the store's CURRENT pointer: when an ingest activates a new generation, the next
query reloads (cheap: one stat per query). The pointer always lives in the store folder; the
generation's vectors may be a local Chroma folder or collections on a Chroma server
(``TUTOR_CHROMA_URL``, see ``ingest/chroma_client.py``) — ``open_chroma`` picks the right one.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from ingest.embeddings.backends import LangChainEmbeddings, TextEmbedder
from ingest.index import (
    CURRENT,
    SENTENCES,
    IndexMissingError,
    Manifest,
    check_compatible,
    check_readable,
    corrupt_error,
    current_generation,
    open_chroma,
)
from tutor.retrieval.text import tokens


@dataclass(frozen=True)
class IndexedChunk:
    """A chunk as stored in the index, with everything a citation needs."""

    chunk_id: str
    text: str
    header: str
    source: str
    title: str
    module: int | None
    module_title: str | None
    chapter: str | None
    section: str | None
    page: int | None
    position: int

    @classmethod
    def from_record(cls, chunk_id: str, document: str, meta: dict[str, Any]) -> IndexedChunk:
        """Rebuild from a Chroma record (document = header + newline + text)."""
        header = str(meta.get("header", ""))
        text = document[len(header) + 1 :] if document.startswith(header + "\n") else document
        module = meta.get("module")
        page = meta.get("page")
        return cls(
            chunk_id=chunk_id,
            text=text,
            header=header,
            source=str(meta.get("source", "")),
            title=str(meta.get("title", "")),
            module=int(module) if module is not None else None,
            module_title=meta.get("module_title"),
            chapter=meta.get("chapter"),
            section=meta.get("section"),
            page=int(page) if page is not None else None,
            position=int(meta.get("position", 0)),
        )


def get_all(store: Any, include: list[str], page: int = 5000) -> dict[str, list[Any]]:
    """All records of a collection, read in pages: one unpaged ``get`` of ~57 000 sentence
    vectors (a 100x corpus) failed in Chroma with "too many SQL variables"."""
    out: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        raw = store.get(include=include, limit=page, offset=offset)
        for key in out:
            out[key].extend(raw[key])
        if len(raw["ids"]) < page:
            return out
        offset += page


class CorpusSnapshot:
    """One generation of the index: chunks, BM25 and the Chroma handle for dense search."""

    def __init__(self, generation: Path, embedder: TextEmbedder) -> None:
        self.generation = generation
        check_readable(generation)
        self.manifest = Manifest.load(generation)
        check_compatible(self.manifest, embedder.name, embedder.dim)
        self.store = open_chroma(generation, LangChainEmbeddings(embedder))
        try:
            raw = get_all(self.store, ["documents", "metadatas", "embeddings"])
        except Exception as exc:  # noqa: BLE001 - garbage in the sqlite file, missing segments
            raise corrupt_error(generation) from exc
        records = sorted(
            zip(raw["ids"], raw["documents"], raw["metadatas"], raw["embeddings"], strict=True),
            key=lambda r: (str(r[2].get("source")), int(r[2].get("position", 0))),
        )
        self.chunks = [IndexedChunk.from_record(i, d, m or {}) for i, d, m, _ in records]
        # Exact cosine in memory: Chroma's HNSW search missed the best chunk of a query in a
        # freshly built index (recall, not ranking) and its result varied between builds.
        self.chunk_vectors = (
            np.asarray([r[3] for r in records], dtype=np.float32)
            if records
            else np.zeros((0, embedder.dim), dtype=np.float32)
        )
        self.by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.bm25 = bm25s.BM25(k1=1.2, b=0.75)
        corpus_tokens = [tokens(f"{c.header} {c.text}") or ["_leer_"] for c in self.chunks]
        if corpus_tokens:
            self.bm25.index(corpus_tokens, show_progress=False)
        self.doc_freq = Counter(t for toks in corpus_tokens for t in set(toks))
        by_module: dict[int, set[str]] = {}
        for c, toks in zip(self.chunks, corpus_tokens, strict=True):
            if c.module is not None:
                by_module.setdefault(c.module, set()).update(toks)
        # module → stems of its passages (is a topic named in a module at all?)
        self.module_stems = {m: frozenset(stems) for m, stems in by_module.items()}
        by_source: dict[str, set[str]] = {}
        for c, toks in zip(self.chunks, corpus_tokens, strict=True):
            by_source.setdefault(c.source, set()).update(toks)
        self.source_stems = {s: frozenset(stems) for s, stems in by_source.items()}  # … document
        # stems in more than a quarter of all chunks ("ki", "unternehm") say little about a topic
        self.generic = frozenset(t for t, n in self.doc_freq.items() if n > len(self.chunks) / 4)
        self.modules = sorted({c.module for c in self.chunks if c.module is not None})
        self.titles = {c.source: c.title for c in self.chunks}  # document file → title
        self._load_sentences(generation, embedder)

    def _load_sentences(self, generation: Path, embedder: TextEmbedder) -> None:
        """Sentence vectors (exact cosine in memory; used for ranking and answer selection)."""
        store = open_chroma(generation, LangChainEmbeddings(embedder), SENTENCES)
        try:
            raw = get_all(store, ["embeddings", "metadatas"])
        except Exception as exc:  # noqa: BLE001
            raise corrupt_error(generation) from exc
        rows = [
            (self.by_id[str(m["chunk_id"])], int(m["order"]), e)
            for m, e in zip(raw["metadatas"], raw["embeddings"], strict=True)
            if str(m.get("chunk_id")) in self.by_id
        ]
        rows.sort(key=lambda r: (r[0], r[1]))
        self.sent_owner = np.array([r[0] for r in rows], dtype=np.int64)
        self.sent_order = np.array([r[1] for r in rows], dtype=np.int64)
        self.sent_vectors = (
            np.asarray([r[2] for r in rows], dtype=np.float32)
            if rows
            else np.zeros((0, embedder.dim), dtype=np.float32)
        )

    def sentence_cosines(
        self, vector: np.ndarray, keys: list[tuple[str, int]]
    ) -> dict[tuple[str, int], float]:
        """Cosine of ``vector`` to the sentences at (chunk id, unit order) ``keys``."""
        if not hasattr(self, "_sentence_row"):
            self._sentence_row = {
                (self.chunks[int(c)].chunk_id, int(o)): r
                for r, (c, o) in enumerate(zip(self.sent_owner, self.sent_order, strict=True))
            }
        rows = [(k, self._sentence_row[k]) for k in keys if k in self._sentence_row]
        if not rows:
            return {}
        cos = self.sent_vectors[[r for _, r in rows]] @ vector.astype(np.float32)
        return {k: float(c) for (k, _), c in zip(rows, cos, strict=True)}

    def sentence_scores(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(cosine of every sentence, best sentence cosine per chunk; -1 if it has none)."""
        cos = self.sent_vectors @ vector.astype(np.float32)
        best = np.full(len(self.chunks), -1.0, dtype=np.float32)
        if len(cos):
            np.maximum.at(best, self.sent_owner, cos)
        return cos, best

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of a stemmed term (unknown terms weigh most)."""
        n = max(1, len(self.chunks))
        return math.log(
            1 + (n - self.doc_freq.get(term, 0) + 0.5) / (self.doc_freq.get(term, 0) + 0.5)
        )

    def bm25_scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the (stemmed) query tokens."""
        if not self.chunks or not query_tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(query_tokens), dtype=np.float32)

    def dense_scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of every chunk to the (normalised) query vector."""
        return self.chunk_vectors @ vector.astype(np.float32)


class LiveCorpus:
    """Hands out the snapshot of the active generation, reloading after an ingest."""

    def __init__(self, store_dir: Path, embedder: TextEmbedder) -> None:
        self.store_dir = store_dir
        self.embedder = embedder
        self._snapshot: CorpusSnapshot | None = None
        self._stamp: tuple[float, str] | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> CorpusSnapshot:
        """The current snapshot; raises IndexMissingError if nothing was ingested yet."""
        pointer = self.store_dir / CURRENT
        try:
            stamp = (pointer.stat().st_mtime, pointer.read_text(encoding="utf-8").strip())
        except OSError:
            raise IndexMissingError(
                "Es gibt noch keinen Index. Bitte zuerst das Kursmaterial einlesen: tutor ingest"
            ) from None
        with self._lock:
            if self._snapshot is None or stamp != self._stamp:
                generation = current_generation(self.store_dir)
                if generation is None:
                    raise IndexMissingError(
                        "Es gibt noch keinen Index. Bitte zuerst einlesen: tutor ingest"
                    )
                self._snapshot = CorpusSnapshot(generation, self.embedder)
                self._stamp = stamp
            return self._snapshot
