"""Everyday questions on the real corpus index (real e5, real Chroma): the frame of a question
does not decide what is found, and the checklist's own questions do not crowd out answers."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def _top(container, question: str, k: int = 2) -> list[str]:
    _, retrieval = container.answers.retrieve(question, None, k=k)
    return [h.chunk.text for h in retrieval.hits]


def test_the_light_verb_frame_does_not_pull_in_another_topic(container):
    top = _top(container, "Welche Rolle spielt die Cloud bei KI?")
    assert any("Cloud" in text or "cloud" in text for text in top)
    assert not any("spielt Ethik eine immer wichtigere Rolle" in text for text in top)


def test_a_checklist_question_does_not_crowd_out_the_passage_that_answers(container):
    top = _top(container, "Muss man die KI-Systeme laufend überwachen?")
    assert "kontinuierlichen Überwachung der KI-Systeme" in top[0]
    assert not any("[ ] Ja" in text for text in top)


def test_a_question_about_the_checklist_still_finds_its_items(container):
    top = _top(container, "Was fragt die Checkliste zur Schulung der Mitarbeiter?", k=3)
    assert "[ ] Ja" in top[0]


def test_a_glossary_term_for_a_word_the_corpus_has_does_not_outweigh_the_topic(container):
    # "Computer" is a corpus word; the glossary's "Rechenleistung" for it used to pull the
    # guide's hardware list into the top 3 of a question about staff fearing for their jobs
    top = _top(
        container,
        "Meine Leute haben Angst, dass der Computer ihnen die Arbeit "
        "wegnimmt. Wie bekomme ich sie ins Boot?",
        k=3,
    )
    assert not any("Anforderungen an Server und Computer" in text for text in top)
    assert any("Ängste abzubauen" in text or "Bedrohung" in text for text in top)
