"""100 simultaneous sessions against the running app: no errors, no reply mixed up."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def bench_load():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "scripts/bench_load.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hundred_concurrent_questions_each_get_their_own_answer(server):
    load = bench_load()
    questions = load.load_questions(100)
    assert len(set(questions)) == 100
    figures = load.run_load(server, questions)
    print("load figures:", figures)  # recorded in docs/RELIABILITY.md via scripts/bench_load.py
    assert figures["errors"] == 0, figures["first_error"]
    assert figures["mismatches"] == 0
    assert figures["requests"] == 100
