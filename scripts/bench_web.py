"""Web benchmark: cold start to first answer, then N concurrent users asking questions.

Starts ``app.py`` on a free loopback port (with the current TUTOR_* settings), waits for the
first answer, then runs ``--users`` threads that each ask ``--questions`` questions through
gradio_client's ``/ask`` endpoint. Prints one JSON object. Bounded: every request has a
timeout and the run stops by itself. Usage: ``.venv/bin/python scripts/bench_web.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

QUESTIONS = [
    "Was versteht man unter Predictive Maintenance?",
    "Welche Pflichten gelten für Hochrisiko-KI?",
    "Wie verbessert man die Datenqualität?",
    "Was ist ein digitaler Zwilling?",
    "Welche Tools helfen in der Buchhaltung?",
    "Why should employees be involved early?",
    "Was gehört in eine KI-Roadmap?",
    "Was bedeutet Datenminimierung?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=5)
    args = parser.parse_args()
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "TUTOR_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"}
    root = Path(__file__).resolve().parent.parent
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        client = None
        while time.perf_counter() - started < 300 and client is None:
            try:
                client = Client(url, verbose=False)
            except Exception:  # noqa: BLE001 - server not up yet
                time.sleep(0.5)
        assert client is not None, "Server startete nicht"
        first = client.predict(QUESTIONS[0], api_name="/ask")
        cold = time.perf_counter() - started

        def user(n: int) -> list[tuple[float, bool]]:
            own = Client(url, verbose=False)
            out = []
            for i in range(args.questions):
                question = QUESTIONS[(n + i) % len(QUESTIONS)]
                t0 = time.perf_counter()
                result = own.predict(question, api_name="/ask")
                ok = isinstance(result, dict) and "answer" in result and "error" not in result
                out.append((time.perf_counter() - t0, ok))
            return out

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.users) as pool:
            runs = [r for rs in pool.map(user, range(args.users)) for r in rs]
        wall = time.perf_counter() - t0
        latencies = [r[0] for r in runs]
        print(
            json.dumps(
                {
                    "cold_start_to_first_answer_s": round(cold, 1),
                    "first_answer_refused": first.get("refused"),
                    "users": args.users,
                    "requests": len(runs),
                    "errors": sum(1 for r in runs if not r[1]),
                    "p50_ms": round(statistics.median(latencies) * 1000),
                    "p95_ms": round(percentile(latencies, 0.95) * 1000),
                    "throughput_rps": round(len(runs) / wall, 1),
                }
            )
        )
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
