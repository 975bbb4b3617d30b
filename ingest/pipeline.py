"""The ingest run: discover → load → clean → structure → chunk → embed → index.

Unchanged files (same bytes, same model, same chunking) are skipped without loading the model,
so re-ingesting an unchanged corpus writes nothing. Changed files replace only their own
chunks; files deleted from the corpus lose theirs. Writes go to a copy of the index that is
activated only when complete.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.chunk import chunk_document
from ingest.clean import build_vocabulary, clean_pages, clean_text
from ingest.embeddings.backends import (
    LangChainEmbeddings,
    TextEmbedder,
    create_embedder,
    embedder_name,
)
from ingest.index import (
    SENTENCES,
    Manifest,
    StoreError,
    activate,
    check_compatible,
    current_generation,
    ingest_lock,
    new_generation,
    open_chroma,
    remove_stale_generations,
)
from ingest.load import LoadFailure, RawDocument, discover, load_file
from ingest.models import Chunk, LoadError
from ingest.settings import IngestSettings
from ingest.structure import PageText, detect_structure, running_title
from ingest.units import split_units

FAILPOINT_ENV = "TUTOR_FAILPOINT"  # crash-test hook: kill -9 ourselves at a named phase
PIPELINE_VERSION = 1  # bump when cleaning/structure/chunking changes the chunks
BATCH = 32
Progress = Callable[[int, int], None]  # (done, total) chunks embedded


@dataclass
class IngestSummary:
    """What an ingest did; ``to_json`` is the stable ``tutor ingest --json`` shape."""

    files: int = 0
    pages: int = 0
    chunks_added: int = 0
    chunks_unchanged: int = 0
    chunks_removed: int = 0
    errors: list[LoadError] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The summary as the documented JSON object."""
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data


@lru_cache(maxsize=1)
def german_lexicon() -> Counter[str]:
    """German word list (pyspellchecker's bundled dictionary) for split-word repair."""
    from spellchecker import SpellChecker

    words = SpellChecker(language="de").word_frequency.dictionary
    return Counter({w: int(c) for w, c in words.items()})


def clean_document(raw: RawDocument) -> list[PageText]:
    """Clean a loaded document; the vocabulary depends only on this document (deterministic)."""
    vocabulary = german_lexicon() + build_vocabulary(raw.pages)
    if raw.page_numbers and raw.page_numbers[0] is not None:
        texts = clean_pages(raw.pages, vocabulary)
    else:
        texts = [clean_text(page, vocabulary) for page in raw.pages]
    return [PageText(t, n) for t, n in zip(texts, raw.page_numbers, strict=True)]


def chunk_raw(raw: RawDocument, settings: IngestSettings, embedder: TextEmbedder) -> list[Chunk]:
    """Clean, structure and chunk one loaded document."""
    doc = detect_structure(raw.source, clean_document(raw), running_title(raw.pages))
    return chunk_document(
        doc, settings.chunk_max_chars, settings.chunk_max_tokens, embedder.count_tokens
    )


def failpoint(name: str) -> None:
    """Crash-safety tests set TUTOR_FAILPOINT=<phase> to SIGKILL the ingest right here."""
    if os.environ.get(FAILPOINT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _source_name(path: Path, corpus_dir: Path) -> str:
    try:
        return path.resolve().relative_to(corpus_dir.resolve()).as_posix()
    except ValueError:
        return path.name


def run_ingest(
    settings: IngestSettings,
    paths: list[Path] | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    embedder: TextEmbedder | None = None,
) -> IngestSummary:
    """Bring the index in line with the corpus (or add/replace the given files)."""
    started = time.perf_counter()
    summary = IngestSummary()
    store = settings.store_dir
    with ingest_lock(store):
        active = _active_or_none(store) if rebuild else current_generation(store)
        current = None if rebuild else active
        manifest = Manifest.load(current) if current else None
        remove_stale_generations(store, keep={active.name} if active else set())
        model = embedder_name(settings.embeddings)
        if manifest:
            check_compatible(manifest, model, manifest.dim if embedder is None else embedder.dim)
        chunking = {
            "max_chars": settings.chunk_max_chars,
            "max_tokens": settings.chunk_max_tokens,
            "version": PIPELINE_VERSION,
        }
        reuse = manifest is not None and manifest.chunking == chunking
        old_files: dict[str, dict[str, Any]] = dict(manifest.files) if manifest else {}

        targets = discover(paths if paths else [settings.corpus_dir])
        new_files: dict[str, dict[str, Any]] = {} if paths is None else dict(old_files)
        fresh: list[Chunk] = []
        lazy: dict[str, TextEmbedder] = {}

        def get_embedder() -> TextEmbedder:
            if "e" not in lazy:
                lazy["e"] = embedder or create_embedder(
                    settings.embeddings, settings.model_cache_dir
                )
            return lazy["e"]

        for path in targets:
            source = _source_name(path, settings.corpus_dir)
            entry = old_files.get(source)
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            except OSError:
                digest = ""
            if reuse and entry and entry["hash"] == digest:
                new_files[source] = entry
                summary.files += 1
                summary.pages += int(entry.get("pages", 1))
                continue
            failpoint("loading")
            try:
                raw = load_file(
                    path, source, int(settings.max_file_mb * 1e6), settings.pdf_timeout_s
                )
                chunks = chunk_raw(raw, settings, get_embedder())
                if not chunks:
                    raise LoadFailure("Die Datei enthält keinen verwertbaren Text.")
            except LoadFailure as failure:
                summary.errors.append(LoadError(source, failure.reason))
                if entry and source not in new_files:  # keep what was indexed before
                    new_files[source] = entry
                continue
            new_files[source] = {
                "hash": raw.content_hash,
                "pages": len(raw.pages),
                "chunk_ids": [c.chunk_id for c in chunks],
            }
            fresh.extend(chunks)
            summary.files += 1
            summary.pages += len(raw.pages)

        old_ids = {cid for f in old_files.values() for cid in f["chunk_ids"]} if reuse else set()
        new_ids = {cid for f in new_files.values() for cid in f["chunk_ids"]}
        to_add = [c for c in fresh if c.chunk_id not in old_ids]
        to_remove = sorted(old_ids - new_ids)
        summary.chunks_added = len(to_add)
        summary.chunks_removed = len(to_remove)
        summary.chunks_unchanged = len(new_ids) - len(to_add)
        if current is not None and not to_add and not to_remove and reuse:
            summary.seconds = time.perf_counter() - started
            return summary
        if summary.files == 0 and current is None:
            summary.seconds = time.perf_counter() - started
            return summary

        emb = get_embedder()
        failpoint("embedding")
        generation = new_generation(store, copy_from=current if reuse else None)
        try:
            _write(generation, emb, to_add if reuse else _unique(fresh), to_remove, progress)
            Manifest(emb.name, emb.dim, chunking, new_files).save(generation)
            failpoint("activating")
        except BaseException:
            import shutil

            shutil.rmtree(generation, ignore_errors=True)
            raise
        activate(store, generation)
        keep = {generation.name} | ({active.name} if active else set())
        remove_stale_generations(store, keep=keep)
    summary.seconds = time.perf_counter() - started
    return summary


def _active_or_none(store: Path) -> Path | None:
    """The active generation, or None when it is missing or broken (a rebuild replaces it)."""
    try:
        return current_generation(store)
    except StoreError:
        return None


def _unique(chunks: list[Chunk]) -> list[Chunk]:
    seen: dict[str, Chunk] = {}
    for chunk in chunks:
        seen.setdefault(chunk.chunk_id, chunk)
    return list(seen.values())


def _write(
    generation: Path,
    embedder: TextEmbedder,
    to_add: list[Chunk],
    to_remove: list[str],
    progress: Progress | None,
) -> None:
    embeddings = LangChainEmbeddings(embedder)
    store = open_chroma(generation, embeddings)
    sentences = open_chroma(generation, embeddings, SENTENCES)
    if to_remove:
        store.delete(ids=to_remove)
        for i in range(0, len(to_remove), 500):
            sentences.delete(where={"chunk_id": {"$in": to_remove[i : i + 500]}})
    total = len(to_add)
    for i in range(0, total, BATCH):
        batch = to_add[i : i + BATCH]
        store.add_texts(
            texts=[c.passage for c in batch],
            metadatas=[c.metadata() for c in batch],
            ids=[c.chunk_id for c in batch],
        )
        units = [(c, u) for c in batch for u in split_units(c.text)]
        sentences.add_texts(
            texts=[u.text for _, u in units],
            metadatas=[
                {"chunk_id": c.chunk_id, "order": u.order, "source": c.source} for c, u in units
            ],
            ids=[f"{c.chunk_id}:{u.order}" for c, u in units],
        )
        if progress:
            progress(min(i + BATCH, total), total)
        failpoint("writing")
    if total == 0 and progress:
        progress(0, 0)


__all__ = ["IngestSummary", "StoreError", "run_ingest", "clean_document", "chunk_raw"]
