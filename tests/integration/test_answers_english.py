"""English questions get German answers from the material as good as German questions do
(real corpus index, real e5)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_an_english_amount_question_quotes_the_figure(container):
    answer = container.answers.ask("How much time does Copilot save the managing director a day?")
    assert answer.coverage != "none"
    assert "30 Minuten" in answer.answer


def test_an_english_question_far_from_the_german_wording_is_answered_not_refused(container):
    # e5 places this English question below the German refusal floor
    answer = container.answers.ask(
        "What did product recommendations do for the online shop's sales?"
    )
    assert not answer.refused
    assert "18 Prozent" in answer.answer


def test_everyday_english_finds_the_passage_german_would_find(container):
    answer = container.answers.ask("Is there already an AI that thinks like a human?")
    assert not answer.refused
    assert "Starke KI" in answer.answer or "wie ein Mensch denkt" in answer.answer


def test_a_content_heavy_english_question_is_not_refused_for_its_english_words(container):
    # few English function words: before, it was read as German with unknown words
    answer = container.answers.ask(
        "Besides warnings before breakdowns, does the machine monitoring software cut any "
        "paperwork?"
    )
    assert not answer.refused
    assert "Wartungsprotokolle" in answer.answer


def test_an_english_follow_up_asking_what_it_brought_gets_the_outcome(container):
    answer = container.answers.ask(
        "And what did that bring them?",
        previous=["How did the painting firm in Bavaria plan its weekly schedule with AI?"],
    )
    assert not answer.refused
    assert "Auslastung" in answer.answer


def test_an_english_near_topic_question_is_still_not_answered_in_full(container):
    answer = container.answers.ask(
        "How much did the carpentry shop pay for its AI bookkeeping tool in euros?"
    )
    assert answer.coverage in ("none", "partial")
