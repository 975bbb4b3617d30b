"""The ingest run: discover → load → clean → structure → chunk → embed → index.

Unchanged files (same bytes, same model, same chunking) are skipped without loading the model,
so re-ingesting an unchanged corpus writes nothing. Changed files replace only their own
chunks; files deleted from the corpus lose theirs. Writes go to a copy of the index that is
activated only when complete.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ingest.chunk import chunk_document
from ingest.documents import save_documents
from ingest.embeddings.backends import (
    LazyEmbedder,
    TextEmbedder,
    embedder_name,
    index_engine,
    server_options,
)
from ingest.embeddings.mixed import engine_of
from ingest.index import (
    Manifest,
    StoreError,
    activate,
    check_compatible,
    check_readable,
    corrupt_error,
    current_generation,
    engine_error,
    ingest_lock,
    new_generation,
    remove_stale_generations,
)
from ingest.load import LoadFailure, RawDocument, discover, load_file
from ingest.models import Chunk, LoadError, StructuredDocument
from ingest.prepare import chunk_raw, clean_document, structure_raw
from ingest.settings import IngestSettings
from ingest.write import Progress, failpoint, write_chunks

PIPELINE_VERSION = 3  # bump when cleaning/structure/chunking/units change what is stored


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
    engine: str = ""  # engine of the index-side vectors
    rebuilt_from_engine: str | None = None  # the whole index was re-embedded for a new engine

    def to_json(self) -> dict[str, Any]:
        """The summary as the documented JSON object."""
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    except OSError:
        return ""


def _keep_after_error(
    summary: IngestSummary,
    new_files: dict[str, dict[str, Any]],
    source: str,
    reason: str,
    entry: dict[str, Any] | None,
) -> None:
    """Record a file error; what was indexed for that file before stays (nothing is lost)."""
    summary.errors.append(LoadError(source, reason))
    if entry and source not in new_files:
        new_files[source] = entry


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
        if current is not None:
            check_readable(current)
        manifest = Manifest.load(current) if current else None
        remove_stale_generations(store, keep={active.name} if active else set())
        model = embedder_name(settings.embeddings)
        # the engine of a given embedder object counts; otherwise the setting names it
        summary.engine = engine = (
            engine_of(embedder) if embedder else index_engine(settings.embeddings)
        )
        if manifest:
            check_compatible(manifest, model, manifest.dim if embedder is None else embedder.dim)
        chunking = {
            "max_chars": settings.chunk_max_chars,
            "max_tokens": settings.chunk_max_tokens,
            "version": PIPELINE_VERSION,
        }
        reuse = manifest is not None and manifest.chunking == chunking
        if manifest and manifest.engine != engine:
            if paths:  # only some files given: the rest would keep the other engine's vectors
                raise engine_error(manifest, engine)
            summary.rebuilt_from_engine, reuse = manifest.engine, False
        old_files: dict[str, dict[str, Any]] = dict(manifest.files) if manifest else {}

        targets = discover(paths if paths else [settings.corpus_dir])
        new_files: dict[str, dict[str, Any]] = {} if paths is None else dict(old_files)
        fresh: list[Chunk] = []
        lazy = LazyEmbedder(
            settings.embeddings, settings.model_cache_dir, embedder, server_options(settings)
        )

        pending: list[tuple[Path, str, dict[str, Any] | None]] = []
        for path in targets:
            source = _source_name(path, settings.corpus_dir)
            entry = old_files.get(source)
            if reuse and entry and entry["hash"] == _digest(path):
                new_files[source] = entry
                summary.files += 1
                summary.pages += int(entry.get("pages", 1))
            else:
                pending.append((path, source, entry))
        if pending:
            lazy.prefetch()  # load the model while files are read, cleaned and structured

        structured: list[tuple[str, RawDocument, StructuredDocument, dict[str, Any] | None]] = []
        for path, source, entry in pending:
            failpoint("loading")
            try:
                raw = load_file(
                    path, source, int(settings.max_file_mb * 1e6), settings.pdf_timeout_s
                )
                structured.append((source, raw, structure_raw(raw), entry))
            except LoadFailure as failure:
                _keep_after_error(summary, new_files, source, failure.reason, entry)
        for source, raw, doc, entry in structured:
            chunks = chunk_document(
                doc,
                settings.chunk_max_chars,
                settings.chunk_max_tokens,
                lazy.get().count_tokens,
            )
            if not chunks:
                reason = "Die Datei enthält keinen verwertbaren Text."
                _keep_after_error(summary, new_files, source, reason, entry)
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

        emb = lazy.get()
        failpoint("embedding")
        base = current if reuse else None
        try:
            generation = new_generation(store, base, settings.chroma_url)
        except (OSError, StoreError):
            raise
        except Exception as exc:  # noqa: BLE001 - the active generation cannot be read
            raise corrupt_error(current or store) from exc
        try:
            write_chunks(generation, emb, to_add if reuse else _unique(fresh), to_remove, progress)
            indexed = [
                (raw, doc)
                for source, raw, doc, _ in structured
                if new_files.get(source, {}).get("hash") == raw.content_hash
            ]
            save_documents(generation, current, indexed, set(new_files))
            Manifest(emb.name, emb.dim, chunking, new_files, engine=engine).save(generation)
            failpoint("activating")
        except BaseException as exc:
            remove_stale_generations(store, keep={active.name} if active else set())
            plain = isinstance(exc, Exception) and not isinstance(exc, StoreError | OSError)
            if base is not None and plain:  # the copied generation is unreadable
                raise corrupt_error(base) from exc
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


__all__ = ["IngestSummary", "StoreError", "run_ingest", "clean_document", "chunk_raw"]
