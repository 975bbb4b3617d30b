"""Each indexed document's loaded text and structured blocks, stored in its generation.

Readers that need a document as a whole (the readiness check parses the guide's checklist
and heading outline) read it from the active generation, so they see what the index holds,
not whatever lies in the corpus folder now. The files are written into a generation before
it is activated, so they change atomically with the index::

    gen-…/documents/<hash of the source name>.json   {source, title, pages, blocks}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ingest.load import RawDocument
from ingest.models import StructuredDocument
from ingest.textkit import write_atomic

DOCUMENTS = "documents"


@dataclass(frozen=True)
class StoredDocument:
    """A document as the ingest saw it: page texts as loaded, title and structured blocks."""

    source: str
    title: str
    pages: list[str]
    blocks: list[tuple[str, str]]  # (text, kind): kind names heading levels, bullets, text


def _path(generation: Path, source: str) -> Path:
    name = hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]
    return generation / DOCUMENTS / f"{name}.json"


def _payload(raw: RawDocument, doc: StructuredDocument) -> str:
    data = {
        "source": raw.source,
        "title": doc.title,
        "pages": raw.pages,
        "blocks": [[b.text, b.kind] for b in doc.blocks],
    }
    return json.dumps(data, ensure_ascii=False)


def save_documents(
    generation: Path,
    previous: Path | None,
    fresh: list[tuple[RawDocument, StructuredDocument]],
    sources: set[str],
) -> None:
    """Store the documents of ``sources`` in ``generation``: the freshly read ones from
    ``fresh``, the unchanged ones copied from ``previous``; any other stored file goes."""
    folder = generation / DOCUMENTS
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {_path(generation, s) for s in sources}
    written: set[str] = set()
    for raw, doc in fresh:
        if raw.source in sources:
            write_atomic(_path(generation, raw.source), _payload(raw, doc))
            written.add(raw.source)
    for source in sources - written:
        old = _path(previous, source) if previous is not None else None
        if old is not None and old.is_file() and old != _path(generation, source):
            write_atomic(_path(generation, source), old.read_text(encoding="utf-8"))
    for path in folder.glob("*.json"):
        if path not in wanted:
            path.unlink()


def load_document(generation: Path, source: str) -> StoredDocument | None:
    """The stored document ``source`` of a generation; None if the generation has none
    (built before documents were stored) or its file cannot be read."""
    try:
        data = json.loads(_path(generation, source).read_text(encoding="utf-8"))
        return StoredDocument(
            str(data["source"]),
            str(data["title"]),
            [str(p) for p in data["pages"]],
            [(str(text), str(kind)) for text, kind in data["blocks"]],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
