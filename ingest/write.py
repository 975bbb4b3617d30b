"""Embed chunks and their answer units and write them into a generation's two collections.

The vectors are computed here (not by LangChain's ``add_texts``) so that they go to Chroma as
numpy arrays in one piece, and so that chunks are embedded in groups large enough for the
engine to batch texts of similar length (less padding). Progress is reported after every
group; crash-test failpoints sit between the phases.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ingest.embeddings.backends import LangChainEmbeddings, TextEmbedder
from ingest.index import SENTENCES, open_chroma
from ingest.models import Chunk
from ingest.units import split_units

FAILPOINT_ENV = "TUTOR_FAILPOINT"  # crash-test hook: kill -9 ourselves at a named phase
BATCH = 32  # chunks per write (and per progress report)
SINGLE_UNIT_REUSE = False  # measured, see docs/BENCHMARKS.md "Cheaper sentence vectors"
Progress = Callable[[int, int], None]  # (done, total) chunks embedded


def failpoint(name: str) -> None:
    """Crash-safety hooks: TUTOR_FAILPOINT=<phase> SIGKILLs the ingest right here;
    TUTOR_FAILPOINT=pause:<phase> creates the file named by TUTOR_FAILPOINT_FILE and waits
    (up to 10 minutes) so a test can check readers and send kill -9 from outside."""
    value = os.environ.get(FAILPOINT_ENV)
    if value == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if value == f"pause:{name}":
        Path(os.environ[FAILPOINT_ENV + "_FILE"]).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(600)


def write_chunks(
    generation: Path,
    embedder: TextEmbedder,
    to_add: list[Chunk],
    to_remove: list[str],
    progress: Progress | None,
    batch: int = BATCH,
) -> None:
    """Remove ``to_remove`` and add ``to_add`` (chunk vectors + one vector per answer unit)."""
    embeddings = LangChainEmbeddings(embedder)  # Chroma's own default would download a model
    chunks = open_chroma(generation, embeddings)._collection
    sentences = open_chroma(generation, embeddings, SENTENCES)._collection
    if to_remove:
        chunks.delete(ids=to_remove)
        for i in range(0, len(to_remove), 500):
            sentences.delete(where={"chunk_id": {"$in": to_remove[i : i + 500]}})
    total = len(to_add)
    if progress:
        progress(0, total)  # the total is known before the first (slow) group
    for i in range(0, total, batch):
        group = to_add[i : i + batch]
        chunk_vectors = embedder.embed_passages([c.passage for c in group])
        chunks.upsert(
            ids=[c.chunk_id for c in group],
            embeddings=chunk_vectors,
            documents=[c.passage for c in group],
            metadatas=[c.metadata() for c in group],  # type: ignore[misc]
        )
        units = [(c, u) for c in group for u in split_units(c.text)]
        sentences.upsert(
            ids=[f"{c.chunk_id}:{u.order}" for c, u in units],
            embeddings=_unit_vectors(embedder, group, chunk_vectors, units),
            documents=[u.text for _, u in units],
            metadatas=[
                {"chunk_id": c.chunk_id, "order": u.order, "source": c.source} for c, u in units
            ],
        )
        if progress:
            progress(min(i + batch, total), total)
        failpoint("writing")


def _unit_vectors(
    embedder: TextEmbedder, group: list[Chunk], chunk_vectors: np.ndarray, units: list[Any]
) -> np.ndarray:
    """One vector per unit; with SINGLE_UNIT_REUSE a chunk that is one unit reuses its own."""
    if not SINGLE_UNIT_REUSE:
        return embedder.embed_passages([u.text for _, u in units])
    row = {c.chunk_id: k for k, c in enumerate(group)}
    counts = Counter(c.chunk_id for c, _ in units)
    single = [k for k, (c, _) in enumerate(units) if counts[c.chunk_id] == 1]
    rest = [k for k in range(len(units)) if counts[units[k][0].chunk_id] > 1]
    out = np.zeros((len(units), chunk_vectors.shape[1]), dtype=np.float32)
    out[single] = chunk_vectors[[row[units[k][0].chunk_id] for k in single]]
    if rest:
        out[rest] = embedder.embed_passages([units[k][1].text for k in rest])
    return out
