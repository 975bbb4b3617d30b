"""Login benchmark: how long an unrelated request waits while many passwords are checked.

Gradio calls a plain ``auth`` function inside its event loop, so each 600 000-round PBKDF2
check (about 0.3 s) stalls every other request; the tutor hands it to a thread instead.
Starts the app in-process on a free loopback port with a temporary login file (over the
configured index), sends ``--logins`` logins from 6 threads and times a cheap request
meanwhile. ``--inline`` measures the old way (check in the event loop). Prints one JSON object.
Usage: ``.venv/bin/python scripts/bench_login.py [--inline]``.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--logins", type=int, default=18)
    parser.add_argument("--inline", action="store_true", help="check in the event loop")
    args = parser.parse_args()

    import tutor.web.server as server
    from tutor.settings import load_settings
    from tutor.web.auth import add_user

    if args.inline:
        server._threaded = lambda auth: auth  # type: ignore[assignment,return-value]
    data = Path(tempfile.mkdtemp(prefix="bench-login-"))
    add_user(data / "logins.toml", "anna", "trainer", "trainer-pass-1")
    settings = load_settings().model_copy(
        update={
            "auth_file": data / "logins.toml",
            "data_dir": data,
            "port": free_port(),
            "login_max_failures": 10_000,
            "login_client_max_failures": 10_000,
        }
    )
    demo = server.serve(settings, block=False)
    url = f"http://127.0.0.1:{settings.port}/"
    per_thread = max(1, args.logins // 6)

    def logins() -> None:
        for _ in range(per_thread):
            form = {"username": "anna", "password": "trainer-pass-1"}
            httpx.post(url + "login", data=form, timeout=120)

    threads = [threading.Thread(target=logins) for _ in range(6)]
    waits: list[float] = []
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        started = time.perf_counter()
        httpx.get(url + "gradio_api/startup-events", timeout=120)
        waits.append(time.perf_counter() - started)
    demo.close()  # type: ignore[attr-defined]
    print(
        json.dumps(
            {
                "check": "event loop" if args.inline else "thread",
                "logins": per_thread * 6,
                "requests_meanwhile": len(waits),
                "median_ms": round(statistics.median(waits) * 1000),
                "max_ms": round(max(waits) * 1000),
            }
        )
    )


if __name__ == "__main__":
    main()
