"""Round 6 of issue #19: no item whose right option repeats a word part of the question that
no wrong option repeats ("Planungssoftware" → "Materialplanung"), and no true/false
"„X“ bedeutet: …" (a copied gloss tests recognition only). All on the real course text."""

from __future__ import annotations

import pytest

from tests.unit.test_quiz_fixtures import GUIDE, generator
from tests.unit.test_quiz_generate import built
from tutor.quiz.giveaway import key_echo
from tutor.quiz.models import QuizScope, RejectReason

pytestmark = pytest.mark.unit


def _toolsense():
    items = built(QuizScope(module=5))
    return next(i for i in items if i.form == "zuordnung" and "ToolSense" in i.question)


def test_a_key_linked_to_the_stem_by_a_word_part_is_refused():
    gen = generator()
    item = _toolsense()
    assert not key_echo(item, gen.truth)  # "überwachen", "Sensordaten": no word of the key
    assert gen.validator.problems(item) == []
    # "Wartungen" in the stem next to "… vorausschauende Wartung …": matched by word alone
    leak = item.model_copy(
        update={
            "question": item.question.replace("überwachen", "überwachen und Wartungen zu planen")
        }
    )
    assert "<wartun" in key_echo(leak, gen.truth)
    assert RejectReason.ANSWER_IN_STEM in gen.validator.problems(leak)


def test_no_case_stem_names_its_topic_by_a_word_part():
    # the painter's "Planungssoftware" under "Ressourcen- und Materialplanung": not asked
    # for its topic (it is asked for its outcome instead)
    for item in built(QuizScope(module=5)):
        if item.form == "zuordnung" and item.kind == "case":
            assert "Planungssoftware" not in item.question, item.question


@pytest.mark.parametrize("scope", [QuizScope(source=GUIDE), QuizScope(module=5)])
def test_no_true_false_item_asks_what_a_term_means(scope):
    items = built(scope)
    assert items
    assert not [i.question for i in items if i.type == "tf" and i.kind == "definition"]
