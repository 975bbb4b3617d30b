"""Question words the corpus knows only in another inflection are not "unknown"."""

from __future__ import annotations

import pytest

from tutor.retrieval.vocabulary import corpus_variant, unknown_terms

pytestmark = pytest.mark.unit


def test_an_inflected_question_word_maps_to_the_course_stem():
    assert corpus_variant("lohnt", {"lohn": 3}) == "lohn"
    assert corpus_variant("festgelegt", {"festleg": 1}) == "festleg"


def test_a_bare_verb_stem_is_known_when_the_course_has_it_only_inflected():
    # "Wie gehe ich mit … um?" — the course says "geht", never "gehe"/"gehen"
    assert corpus_variant("geh", {"geht": 2}) == "geht"
    assert unknown_terms(["geh", "widerstand"], {"geht": 2, "widerstand": 1}, set()) == frozenset()


def test_words_the_course_does_not_have_in_any_form_stay_unknown():
    assert unknown_terms(["geh", "stundensatz"], {"geht": 2}, set()) == {"stundensatz"}
    assert corpus_variant("ab", {"abt": 1}) is None  # two letters are no verb stem
