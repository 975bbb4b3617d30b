"""The persistent Chroma index: generations built aside and swapped in atomically.

Layout of the store folder::

    CURRENT              name of the active generation (replaced atomically)
    gen-<time>-<rand>/   a Chroma persistent folder plus manifest.json and documents/
                         (each document's loaded text and blocks, see ingest.documents)
    .ingest.lock         held by the one ingest allowed at a time

An ingest copies the active generation, applies its changes to the copy and only then points
CURRENT at it, so a killed ingest never leaves a half-built index visible and readers keep
using the previous generation. With ``TUTOR_CHROMA_URL`` a generation's vectors live in
collections on a Chroma server instead (see :mod:`ingest.chroma_client`); the folder then
holds only its manifest and ``chroma.json``.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.textkit import write_atomic

COLLECTION = "kursmaterial"
SENTENCES = "saetze"  # one vector per sentence/enumeration of every chunk
MANIFEST = "manifest.json"
CURRENT = "CURRENT"


class StoreError(RuntimeError):
    """Base for index problems; the message is German and tells the user what to do."""


class IndexMissingError(StoreError):
    """No index has been built yet."""


class IndexMismatchError(StoreError):
    """The index was built with another embedding model or dimension."""


class IndexEngineError(StoreError):
    """The index vectors were computed by another engine of the same model (e.g. fp32 vs int8)."""


class IndexCorruptError(StoreError):
    """The index folder cannot be read."""


class IndexUnavailableError(StoreError):
    """The Chroma server holding the index cannot be reached."""


class IngestLockedError(StoreError):
    """Another ingest holds the lock on this store."""


@dataclass
class Manifest:
    """What built a generation: model, index engine, dimension, chunking, per-file chunk ids.

    ``engine`` is the engine of the index-side vectors (``fp32``, ``int8``, ``bf16``,
    ``openai``); manifests written before it existed were all built by fp32 engines.
    """

    embedding_model: str
    dim: int
    chunking: dict[str, int]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # source → {hash, chunk_ids}
    created: float = field(default_factory=time.time)
    engine: str = "fp32"

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """Read manifest.json of a generation folder."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise IndexCorruptError(
                f"Der Index in '{folder}' ist beschädigt oder unvollständig. Bitte neu aufbauen: "
                "tutor ingest --rebuild"
            ) from exc

    def save(self, folder: Path) -> None:
        """Write manifest.json durably (temp file, fsync, rename)."""
        write_atomic(folder / MANIFEST, json.dumps(self.__dict__, ensure_ascii=False, indent=1))


def current_generation(store_dir: Path) -> Path | None:
    """Folder of the active generation, or None if no index was built yet."""
    pointer = store_dir / CURRENT
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    folder = store_dir / name
    if not name or not folder.is_dir():
        raise IndexCorruptError(
            f"Der Index in '{store_dir}' verweist auf einen fehlenden Ordner. Bitte neu aufbauen: "
            "tutor ingest --rebuild"
        )
    return folder


def check_compatible(manifest: Manifest, model_name: str, dim: int) -> None:
    """Fail fast if the index was built with another embedding model."""
    if manifest.embedding_model != model_name or manifest.dim != dim:
        raise IndexMismatchError(
            f"Der Index wurde mit dem Embedding-Modell '{manifest.embedding_model}' "
            f"({manifest.dim} Dimensionen) gebaut, eingestellt ist aber '{model_name}' ({dim}). "
            "Bitte den Index neu aufbauen: tutor ingest --rebuild"
        )


def engine_error(manifest: Manifest, engine: str) -> IndexEngineError:
    """German error for adding to an index whose vectors another engine computed."""
    return IndexEngineError(
        f"Der Index wurde mit der Embedding-Engine '{manifest.engine}' berechnet, eingestellt "
        f"ist '{engine}' (TUTOR_EMBEDDINGS). Ein Index mischt keine Engines: Bitte bauen Sie "
        "ihn einmal ganz neu auf (tutor ingest --rebuild) oder stellen Sie die bisherige "
        "Engine wieder ein."
    )


@contextmanager
def ingest_lock(store_dir: Path) -> Iterator[None]:
    """Hold the store's ingest lock; refuse at once if another ingest is running."""
    store_dir.mkdir(parents=True, exist_ok=True)
    with (store_dir / ".ingest.lock").open("a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestLockedError(
                "Es läuft bereits ein Ingest für diesen Index. Bitte warten Sie, bis er fertig "
                "ist, und starten Sie dann erneut."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def new_generation(store_dir: Path, copy_from: Path | None, chroma_url: str | None = None) -> Path:
    """Create a fresh generation folder, optionally as a copy of the active one.

    With ``chroma_url`` the vectors go to new collections on that server (copied record by
    record from ``copy_from``, wherever that one lives).
    """
    from ingest.chroma_client import copy_generation, mark_server, server_url

    name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    target = store_dir / name
    if copy_from is not None and not chroma_url and not server_url(copy_from):
        shutil.copytree(copy_from, target)
        (target / MANIFEST).unlink(missing_ok=True)  # written again once the copy is complete
        return target
    target.mkdir(parents=True)
    if chroma_url:
        mark_server(target, chroma_url)
    if copy_from is not None:
        copy_generation(copy_from, target, [COLLECTION, SENTENCES])
    return target


def activate(store_dir: Path, generation: Path) -> None:
    """Atomically point CURRENT at ``generation``."""
    write_atomic(store_dir / CURRENT, generation.name)
    dir_fd = os.open(store_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_generations(store_dir: Path, keep: set[str]) -> None:
    """Delete generation folders left by earlier or killed ingests (must hold the lock)."""
    from ingest.chroma_client import ChromaUnavailableError, drop_generation

    for folder in store_dir.glob("gen-*"):
        if folder.is_dir() and folder.name not in keep:
            try:
                drop_generation(folder, [COLLECTION, SENTENCES])
            except ChromaUnavailableError:
                continue  # keep the folder so its server collections are dropped next time
            shutil.rmtree(folder, ignore_errors=True)


def open_chroma(folder: Path, embeddings: Any, collection: str = COLLECTION) -> Any:
    """LangChain Chroma on a generation (folder or server), always with our embedding function."""
    from langchain_chroma import Chroma

    from ingest.chroma_client import ChromaUnavailableError, client_for

    try:
        client, prefix = client_for(folder)
        return Chroma(
            collection_name=prefix + collection,
            embedding_function=embeddings,
            client=client,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
    except ChromaUnavailableError as exc:
        raise IndexUnavailableError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - sqlite garbage, missing files, version skew
        raise corrupt_error(folder) from exc


def check_readable(generation: Path) -> None:
    """Cheap sanity check of an embedded generation: its sqlite file exists and is SQLite."""
    from ingest.chroma_client import server_url

    if server_url(generation):
        return
    path = generation / "chroma.sqlite3"
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        # magic, and not shorter than the page count its header promises (truncated copy)
        ok = header[:16] == b"SQLite format 3\x00" and path.stat().st_size >= page_size * pages
    except OSError:
        ok = False
    if not ok:
        raise corrupt_error(generation)


def corrupt_error(folder: Path) -> IndexCorruptError:
    """The German 'index damaged, please rebuild' error for ``folder``."""
    return IndexCorruptError(
        f"Der Index in '{folder}' ist beschädigt oder unvollständig. Bitte neu aufbauen: "
        "tutor ingest --rebuild"
    )
