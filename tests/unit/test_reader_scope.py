"""Which units the reader may reorder (:func:`tutor.answer.reader.same_kind`): only those with
the best structural fit to the question, so it never puts a unit without the asked answer type
or form before one with it."""

from __future__ import annotations

import pytest

from tests.unit.test_answer_selection import cand
from tutor.answer.reader import same_kind

pytestmark = pytest.mark.unit


def texts(units):
    return [c.unit.text for c in same_kind(units)]


def test_plain_units_are_all_read():
    units = [cand("A.", 3.0), cand("B.", 2.0), cand("C.", 1.0)]
    assert texts(units) == ["A.", "B.", "C."]


def test_a_defining_sentence_is_not_weighed_against_sentences_that_do_not_define():
    units = [cand("Definition.", 3.0, form=1.0), cand("Ziele.", 2.9), cand("Zeitplan.", 2.0)]
    assert texts(units) == ["Definition."]  # nothing to compare it with: the rule decides


def test_units_with_the_asked_type_are_read_among_themselves_whatever_their_rank():
    units = [
        cand("Ohne Zahl.", 3.0, form=1.0),
        cand("Mit Zahl.", 2.5, type=1.0),
        cand("Auch mit Zahl.", 2.0, type=1.0, form=1.0),
        cand("Noch eine Zahl.", 1.0, type=1.0),
    ]
    assert texts(units) == ["Auch mit Zahl."]  # type before form, as in the composer's lead
    units[2] = cand("Auch mit Zahl.", 2.0, type=1.0)
    assert texts(units) == ["Mit Zahl.", "Auch mit Zahl.", "Noch eine Zahl."]


def test_no_units_no_reading():
    assert same_kind([]) == []
