"""A numeral reference asks for several cases only when the counted noun names cases."""

from __future__ import annotations

import pytest

from tutor.answer.multipart import CASES, case_count, question_parts

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    [
        "Was sind die vier Risikokategorien?",
        "Welche sind die drei Formen von KI?",
        "Was haben beide Verfahren gemeinsam?",
    ],
)
def test_a_numeral_that_counts_no_cases_asks_for_no_cases(question):
    # the counted noun names what is asked for (categories, forms), not firms or examples
    assert case_count(question) == 0
    split = question_parts(question)
    assert split is None or split.category != CASES
