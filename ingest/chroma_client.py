"""Where a generation's vectors live: a persistent folder, or collections on a Chroma server.

Client/server mode (``TUTOR_CHROMA_URL``) keeps the control plane in the store folder, exactly
as in embedded mode: ``CURRENT``, ``gen-*/manifest.json`` and the ingest lock. A server-mode
generation folder holds only ``chroma.json`` (the server URL) and its manifest; its vectors
are the server collections ``<gen>-kursmaterial`` and ``<gen>-saetze``. An ingest fills new
collections, then swaps ``CURRENT`` atomically, so build-aside-and-swap holds in both modes.
Several app instances share the store folder (a few small files) and the server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

SERVER_MARKER = "chroma.json"
PAGE = 2000  # records per request when copying a generation


class ChromaUnavailableError(RuntimeError):
    """The Chroma server cannot be reached (German message)."""


def server_url(folder: Path) -> str | None:
    """The server URL a generation folder points at, or None for an embedded folder."""
    try:
        return str(json.loads((folder / SERVER_MARKER).read_text(encoding="utf-8"))["url"])
    except (OSError, ValueError, KeyError):
        return None


def mark_server(folder: Path, url: str) -> None:
    """Record that ``folder``'s vectors live on the server at ``url``."""
    (folder / SERVER_MARKER).write_text(json.dumps({"url": url}) + "\n", encoding="utf-8")


def collection_name(folder: Path, collection: str) -> str:
    """Server-side name of a generation's collection (unique per generation)."""
    return f"{folder.name}-{collection}"


def _settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def http_client(url: str) -> Any:
    """A Chroma HTTP client for ``url``; a German error if the server does not answer."""
    import chromadb

    parsed = urlparse(url if "://" in url else f"http://{url}")
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=_settings(),
        )
        client.heartbeat()
    except Exception as exc:  # noqa: BLE001 - connection refused, DNS, HTTP errors alike
        raise ChromaUnavailableError(
            f"Der Chroma-Server unter '{url}' ist nicht erreichbar. Bitte starten Sie ihn "
            "(chroma run --path … --host 127.0.0.1 --port …) oder prüfen Sie TUTOR_CHROMA_URL."
        ) from exc
    return client


def client_for(folder: Path) -> tuple[Any, str]:
    """(Chroma client, collection-name prefix) for a generation folder."""
    import chromadb

    url = server_url(folder)
    if url:
        return http_client(url), f"{folder.name}-"
    return chromadb.PersistentClient(path=str(folder), settings=_settings()), ""


def copy_generation(source: Path, target: Path, collections: list[str]) -> None:
    """Copy every record (ids, vectors, texts, metadata) of ``source`` into ``target``."""
    src_client, src_prefix = client_for(source)
    dst_client, dst_prefix = client_for(target)
    for name in collections:
        try:
            src = src_client.get_collection(src_prefix + name, embedding_function=None)
        except Exception:  # noqa: BLE001 - a generation without this collection
            continue
        dst = dst_client.get_or_create_collection(
            dst_prefix + name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )
        total = src.count()
        for offset in range(0, total, PAGE):
            page = src.get(
                limit=PAGE, offset=offset, include=["embeddings", "documents", "metadatas"]
            )
            if page["ids"]:
                dst.add(
                    ids=page["ids"],
                    embeddings=page["embeddings"],
                    documents=page["documents"],
                    metadatas=page["metadatas"],
                )


def drop_generation(folder: Path, collections: list[str]) -> None:
    """Delete a server-mode generation's collections (its folder is removed by the caller).

    Only collections of generations this store created are touched, so several stores can
    share one server.
    """
    url = server_url(folder)
    if not url:
        return
    client = http_client(url)
    for name in collections:
        try:
            client.delete_collection(collection_name(folder, name))
        except Exception:  # noqa: BLE001 - never created (ingest killed early) or already gone
            continue
