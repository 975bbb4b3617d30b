"""100 simultaneous sessions against the running app: no errors, no reply mixed up."""

from __future__ import annotations

import pytest

from tests.bench_scripts import load_script

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_hundred_concurrent_questions_each_get_their_own_answer(server):
    load = load_script("bench_load")
    questions = load.load_questions(100)
    assert len(set(questions)) == 100
    figures = load.run_load(server, questions)
    print("load figures:", figures)  # recorded in docs/RELIABILITY.md via scripts/bench_load.py
    assert figures["errors"] == 0, figures["first_error"]
    assert figures["mismatches"] == 0
    assert figures["requests"] == 100
