"""Follow-ups that ask a general aspect of the topic under discussion, on the real corpus
index (real e5, real Chroma): the learner gets the material's statement of that aspect."""

from __future__ import annotations

import pytest

from tutor.evaluation import span_in

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("previous", "question", "span"),
    [
        # the consequences of a breach: the AI Act's sanctions, not another high-risk passage
        (
            ["Was sind Hochrisiko-KI-Systeme?"],
            "Was passiert, wenn man sich nicht dran hält?",
            "Verstöße können jedoch empfindliche Strafen nach sich ziehen",
        ),
        # whether predictive maintenance is realistic for a small workshop: its limits
        (
            ["How can AI help keep machines from breaking down?"],
            "Is that realistic for a small workshop like mine?",
            "die Integration von Sensoren oder Datenplattformen ist mit Aufwand verbunden",
        ),
    ],
)
def test_a_general_aspect_of_the_topic_is_answered_from_its_passage(
    container, previous, question, span
):
    answer = container.answers.ask(question, previous)
    assert not answer.refused
    assert any(span_in(span, c.passage) for c in answer.citations)


@pytest.mark.parametrize(
    ("previous", "question", "span"),
    [
        # a widening follow-up gets the general statement, not the case under discussion
        (
            ["Wie hat das Ingenieurbüro aus Bayern seine KI-Roadmap aufgebaut?"],
            "Und generell: Wie steigt eine Firma am besten in KI ein?",
            "Der Einstieg in KI gelingt am besten über kleine, überschaubare Projekte.",
        ),
        # an ellipsis moves the earlier question to another field
        (
            ["Wie hilft KI bei der Wartung von Maschinen?"],
            "Und bei der Materialplanung?",
            "kann sie Materialbedarfe präzise vorhersagen und Engpässe vermeiden",
        ),
    ],
)
def test_a_follow_up_that_widens_or_replaces_a_phrase_is_answered_on_its_new_topic(
    container, previous, question, span
):
    answer = container.answers.ask(question, previous)
    assert not answer.refused
    assert any(span_in(span, c.passage) for c in answer.citations)
