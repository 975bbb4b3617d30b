"""Definition ↔ term across the course: a term the running text defines ("die Conversion-Rate –
also der Anteil der Besucher, die tatsächlich kaufen") is asked with other *defined* terms of
the course as wrong options when its own module defines no others. Each wrong term is another
concept by the text's own definitions, never a list label, never a paraphrase. On the real
course text with the real e5 model."""

from __future__ import annotations

import pytest

from tests.unit.test_quiz_fixtures import generator
from tests.unit.test_quiz_generate import built
from tutor.quiz.defined_terms import other_concept
from tutor.quiz.distractors import Option
from tutor.quiz.models import QuizScope, RejectReason

pytestmark = pytest.mark.unit


def _term_items(module: int) -> list:
    return [i for i in built(QuizScope(module=module)) if i.form == "begriff" and i.type == "mc"]


def test_a_module_with_one_defined_term_asks_it_against_the_courses_other_terms():
    # module 7 defines only "Conversion-Rate": before, no multiple-choice term item was possible
    items = [i for i in _term_items(7) if i.answer == "Conversion-Rate"]
    assert items, "no term item for Conversion-Rate"
    defined = {o.text for o in generator()._terms.defined_terms}
    item = items[0]
    assert len(item.options) == 4
    assert set(item.options) <= defined  # only terms the course defines, no list labels
    assert generator().validator.problems(item) == []


def test_wrong_defined_terms_are_other_concepts_by_their_own_definitions():
    gen = generator()
    meanings = {o.text: o.origin for o in gen._terms.defined_terms}
    for module in range(1, 12):
        for item in _term_items(module):
            if not set(item.options) <= set(meanings):
                continue
            for option in item.options:
                if option != item.answer:
                    own = meanings[option]
                    assert not gen.truth.overlaps(own, item.subject), item.question
                    assert not gen.truth.overlaps(own.rstrip("."), item.subject.rstrip("."))


def test_a_term_worded_like_the_key_or_named_in_its_definition_is_refused():
    terms = generator()._terms
    fact = next(f for f in terms.facts if f.term == "Dateninventar")
    other = next(o for o in terms.defined_terms if o.text == "Predictive Maintenance")
    assert other_concept(terms.ctx.truth, other, fact) is None
    alike = Option("Daten-Inventar", other.chunk_id, "term", "x", other.origin)
    assert other_concept(terms.ctx.truth, alike, fact) == RejectReason.DISTRACTOR_PARAPHRASE
    named = Option("Datenkatalog", other.chunk_id, "term", "y", "eine Übersicht über alle Daten")
    assert other_concept(terms.ctx.truth, named, fact) == RejectReason.DISTRACTOR_PARAPHRASE


def test_a_meaning_from_the_sentence_after_the_term_is_asked_as_a_quote_not_a_noun_phrase():
    # "sogenannte „KI-Botschafter“ … Diese Mitarbeiter fungieren als Ansprechpartner …": once
    # the term had wrong options, "Wie nennt man laut Modul 8 Mitarbeiter fungieren als …?"
    items = [i for i in _term_items(8) if i.answer == "KI-Botschafter"]
    assert items
    for item in items:
        assert not item.question.startswith("Wie nennt man"), item.question
        assert "„Mitarbeiter fungieren als Ansprechpartner" in item.question
