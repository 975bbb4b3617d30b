"""The issue-21 figures of ``tutor eval``: what counts as on point, facts, coverage."""

from __future__ import annotations

import pytest

from tutor.evaluation import Outcome, Question, candidate_units, evaluate, unit_on_point

pytestmark = pytest.mark.unit

SPAN = "Ohne aussagekräftige, strukturierte und verlässliche Daten kann keine KI sinnvolle"
Q = Question("d1", "factual", "Warum brauchen KI-Projekte gute Daten?", [SPAN], ["Daten", "KI"])


def test_a_unit_is_on_point_when_it_overlaps_a_gold_span_or_holds_the_key_words():
    assert unit_on_point(Q, f"{SPAN} Ergebnisse liefern.")
    assert unit_on_point(Q, "… verlässliche Daten kann keine KI sinnvolle Ergebnisse …")
    assert unit_on_point(Q, "Gute Daten sind wichtig.")  # half of the key words: "Daten"
    assert not unit_on_point(Q, "Ein Chatbot beantwortet Fragen.")
    assert not unit_on_point(Q, "")


def outcome(answer: str, lead: str, coverage: str, cited: list[str]) -> Outcome:
    return Outcome([SPAN], coverage == "none", answer, 0.01, 0.005, lead, coverage, cited)


def test_the_report_has_every_figure_of_the_issue():
    unanswerable = Question("u1", "unanswerable", "Was kostet ChatGPT?", [])
    follow = Question("f1", "followup", "Und warum?", [SPAN], ["Daten"], ["Was ist KI?"])
    answers = {
        "d1": outcome(f"{SPAN} Ergebnisse [1]", SPAN, "full", [SPAN]),
        "u1": outcome("Einen Preis nennt das Kursmaterial nicht …", "x", "partial", []),
        "f1": outcome("Dazu steht nichts.", "", "none", []),
    }
    report = evaluate([Q, unanswerable, follow], lambda q: answers[q.id])
    answerable = report["answerable"]
    assert answerable["facts"] == 0.5  # d1 has "Daten" and "KI"; f1 is refused
    assert answerable["lead"] == 0.5
    # the gold span is in the best passage of both answerable questions: a composer could
    # have led with it even where the tutor refused
    assert answerable["lead_top2"] == 1.0
    assert answerable["refused"] == 0.5
    assert report["unanswerable_not_full"] == 1.0  # partial counts as honest
    assert report["followup_resolved"] == 0.0
    assert report["latency_ms"]["p95"] == 10.0


def test_the_lead_ceiling_looks_at_paragraphs_lines_and_sentences():
    passage = "Einleitung ohne Bezug. Zweiter Satz.\n\nVorteile:\n- Daten sind wichtig.\n- Tempo"
    units = candidate_units([passage])
    assert "Zweiter Satz." in units  # a sentence
    assert "- Daten sind wichtig." in units  # a list line
    assert "Vorteile:\n- Daten sind wichtig.\n- Tempo" in units  # a list with its lead-in
    assert "" not in units
