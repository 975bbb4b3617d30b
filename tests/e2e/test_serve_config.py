"""A misconfigured LLM backend stops the web app at start-up with a German message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("bogus:x", "Unbekanntes Antwort-Backend"), ("openai:", "fehlt der Modellname")],
)
def test_bad_llm_setting_fails_fast(tmp_path, spec, expected):
    env = {
        **os.environ,
        "TUTOR_LLM": spec,
        "TUTOR_PORT": "7998",
        "TUTOR_DATA_DIR": str(tmp_path / "data"),
        "TUTOR_STORE_DIR": str(tmp_path / "vectorstore"),
    }
    done = subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
