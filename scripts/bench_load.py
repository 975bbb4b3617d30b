"""Load benchmark: N sessions ask N different questions at the same moment.

Each question is first asked alone (the reference reply); then all are sent at once, each by
its own gradio_client session through ``/ask``. A reply counts as correct only if it equals the
reference reply of *its* question (same answer text, same cited chunk ids, same resolved
question) — so a reply delivered to the wrong request is caught. Prints one JSON object with
requests, errors, mismatches and p50/p95 latency.

Usage: ``.venv/bin/python scripts/bench_load.py [--requests 100] [--url http://127.0.0.1:7860/]``
(without ``--url`` it starts ``app.py`` on a free loopback port with the current settings).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = [ROOT / "tests/data/test_questions.jsonl", ROOT / "tests/data/dev_questions.jsonl"]


def load_questions(n: int) -> list[str]:
    """``n`` distinct questions from the evaluation sets (German and English)."""
    seen: dict[str, None] = {}
    for path in QUESTION_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(json.loads(line)["question"], None)
    questions = list(seen)
    if len(questions) < n:
        raise SystemExit(f"Nur {len(questions)} verschiedene Fragen vorhanden, {n} verlangt.")
    return questions[:n]


def signature(result: Any) -> tuple[str, tuple[str, ...], str]:
    """What identifies a reply: answer text, cited chunk ids, resolved question."""
    if not isinstance(result, dict) or "answer" not in result:
        raise ValueError(f"keine Antwort: {result!r}")
    ids = tuple(c["chunk_id"] for c in result["citations"])
    return result["answer"], ids, str(result.get("resolved_question"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_load(url: str, questions: list[str]) -> dict[str, Any]:
    """Reference replies one by one, then all questions at once; figures as a dict.

    The sessions (gradio_client.Client: config download, session hash) are opened first; the
    timed part is the N questions sent at the same moment (a barrier), as N users would.
    """
    from gradio_client import Client

    def client() -> Any:
        return Client(url, verbose=False, httpx_kwargs={"timeout": 300})

    # one session per question here too: a single session asking 100 times in a row would
    # (rightly) hit the per-session rate limit
    reference = {q: signature(client().predict(q, api_name="/ask")) for q in questions}
    with ThreadPoolExecutor(8) as pool:
        clients = list(pool.map(lambda _: client(), questions))
    barrier = threading.Barrier(len(questions))

    def one(pair: tuple[str, Any]) -> tuple[float, str]:
        question, own = pair
        barrier.wait()
        t0 = time.perf_counter()
        try:
            result = own.predict(question, api_name="/ask")
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            return time.perf_counter() - t0, f"error: {exc!r}"
        elapsed = time.perf_counter() - t0
        return elapsed, "ok" if signature(result) == reference[question] else "mismatch"

    t0 = time.perf_counter()
    with ThreadPoolExecutor(len(questions)) as pool:
        runs = list(pool.map(one, zip(questions, clients, strict=True)))
    wall = time.perf_counter() - t0
    latencies = [t for t, outcome in runs if outcome == "ok"]
    return {
        "requests": len(runs),
        "errors": sum(1 for _, o in runs if o.startswith("error")),
        "mismatches": sum(1 for _, o in runs if o == "mismatch"),
        "first_error": next((o for _, o in runs if o.startswith("error")), None),
        "p50_ms": round(statistics.median(latencies) * 1000) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000) if latencies else None,
        "wall_s": round(wall, 1),
    }


def start_app() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "TUTOR_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/"
    from gradio_client import Client

    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            Client(url, verbose=False)
            return proc, url
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(1)
    proc.kill()
    raise SystemExit("Server startete nicht innerhalb von 300 s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    questions = load_questions(args.requests)
    proc, url = (None, args.url) if args.url else start_app()
    try:
        figures = run_load(url, questions)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(15)
    print(json.dumps(figures))
    return 0 if figures["errors"] == 0 and figures["mismatches"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
