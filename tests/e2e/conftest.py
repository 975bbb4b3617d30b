"""A real app server (subprocess on a free loopback port) over the session's corpus index."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT  # noqa: F401  (re-exported)

# Screenshots land in docs/screenshots only on request (`make screenshots`), so that a test run
# never changes tracked files.
SHOTS = Path(
    os.environ.get("TUTOR_SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "ki-tutor-screenshots"
)
SHOTS.mkdir(parents=True, exist_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app(corpus_settings, data: Path, **extra_env: str) -> Iterator[str]:
    """Start app.py on a free port over a copy of the session index; yield its URL."""
    # its own copy: uploads in the browser test must not change the shared session index
    shutil.copytree(corpus_settings.corpus_dir, data / "corpus")
    shutil.copytree(corpus_settings.store_dir, data / "vectorstore")
    env = {
        "TUTOR_CORPUS_DIR": str(data / "corpus"),
        "TUTOR_STORE_DIR": str(data / "vectorstore"),
        "TUTOR_MODEL_CACHE_DIR": str(corpus_settings.model_cache_dir),
        **extra_env,
    }
    with app_process(env, data, free_port(), start_timeout_s=240) as url:
        yield url


@contextmanager
def app_process(
    env: dict[str, str], data: Path, port: int, start_timeout_s: float
) -> Iterator[str]:
    """app.py as a subprocess on ``port`` with ``data`` as TUTOR_DATA_DIR (log appended to
    ``data/server.log``); yields its URL once it answers, stops it afterwards."""
    data.mkdir(parents=True, exist_ok=True)
    full_env = {
        **os.environ,
        "TUTOR_DATA_DIR": str(data),
        "TUTOR_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
        **env,
    }
    with (data / "server.log").open("a") as log:
        proc = subprocess.Popen(
            [sys.executable, "app.py"], cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + start_timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError((data / "server.log").read_text())
            if time.time() > deadline:
                raise RuntimeError(f"Server startete nicht innerhalb von {start_timeout_s:.0f} s")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def server(corpus_settings, tmp_path_factory) -> Iterator[str]:
    """URL of a running tutor web app (stopped at the end of the session)."""
    with running_app(corpus_settings, tmp_path_factory.mktemp("app-data")) as url:
        yield url
