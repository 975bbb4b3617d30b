"""Progress computation: best/last score per module, weak sections, the suggested module."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tutor.progress.compute import build_report, module_progress, suggest, weak_sections
from tutor.progress.models import AnswerRecord, AttemptRecord
from tutor.web.progress_tab import report_markdown

pytestmark = pytest.mark.unit

MODULES = {1: "Grundlagen", 2: "Anwendungen", 3: "Daten", 4: "Strategie"}
START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
_ids = iter(range(1, 1000))


def attempt(module: int | None, results: list[tuple[str, bool]], day: int) -> AttemptRecord:
    """An attempt; ``results`` are (section location, answered right?) per question."""
    right = sum(ok for _, ok in results)
    return AttemptRecord(
        id=next(_ids),
        scope=f"Modul {module}" if module else "Gemischt",
        module=module,
        source=None,
        total=len(results),
        correct=right,
        percent=round(100 * right / len(results)),
        finished_at=START + timedelta(days=day),
        answers=[
            AnswerRecord(
                item_id=f"i{n}",
                question="?",
                module=module or 1,
                section=where,
                location=where,
                given="A",
                correct=ok,
            )
            for n, (where, ok) in enumerate(results)
        ],
    )


def test_best_and_last_score_per_module_in_course_order():
    attempts = [
        attempt(2, [("M2 A", True), ("M2 A", False)], day=0),  # 50
        attempt(2, [("M2 A", True), ("M2 A", True)], day=2),  # 100 (best, last)
        attempt(1, [("M1 A", True), ("M1 B", True), ("M1 B", False), ("M1 B", False)], day=1),
        attempt(1, [("M1 A", False), ("M1 B", False), ("M1 B", False), ("M1 B", True)], day=3),
    ]
    rows = module_progress(attempts, MODULES)
    assert [r.module for r in rows] == [1, 2, 3, 4]
    assert (rows[0].attempts, rows[0].best_percent, rows[0].last_percent) == (2, 50, 25)
    assert (rows[1].best_percent, rows[1].last_percent) == (100, 100)
    assert rows[1].last_at == START + timedelta(days=2)
    assert not rows[2].started
    assert rows[2].best_percent is None


def test_sections_answered_wrong_most_often_come_first():
    attempts = [
        attempt(1, [("M1 B", False), ("M1 B", False), ("M1 A", False), ("M1 C", True)], day=0),
        attempt(None, [("M1 B", False), ("M1 A", True), ("M1 D", False)], day=1),
    ]
    weak = weak_sections(attempts)
    assert [(w.location, w.wrong, w.answered) for w in weak] == [
        ("M1 B", 3, 3),
        ("M1 D", 1, 1),  # same count as "M1 A", but every answer there was wrong
        ("M1 A", 1, 2),
    ]
    assert "M1 C" not in [w.location for w in weak]


def test_suggests_the_weakest_started_module_first():
    attempts = [
        attempt(1, [("a", True), ("a", False)], day=0),  # 50
        attempt(3, [("c", False), ("c", False), ("c", True)], day=0),  # 33
    ]
    suggestion = suggest(module_progress(attempts, MODULES))
    assert suggestion is not None
    assert (suggestion.module, suggestion.reason, suggestion.percent) == (3, "schwach", 33)


def test_suggests_the_next_module_not_started_when_all_started_ones_are_good():
    attempts = [attempt(1, [("a", True)], day=0), attempt(3, [("c", True)], day=0)]
    suggestion = suggest(module_progress(attempts, MODULES))
    assert suggestion is not None
    assert (suggestion.module, suggestion.reason) == (2, "neu")


def test_a_weak_module_that_improved_is_no_longer_suggested():
    attempts = [attempt(1, [("a", False)], day=0), attempt(1, [("a", True)], day=1)]
    suggestion = suggest(module_progress(attempts, MODULES))
    assert suggestion is not None
    assert (suggestion.module, suggestion.reason) == (2, "neu")


def test_everything_done_well_suggests_revising_the_weakest():
    attempts = [attempt(m, [("x", True)] * 3 + [("x", m != 2)], day=0) for m in MODULES]
    suggestion = suggest(module_progress(attempts, MODULES))
    assert suggestion is not None
    assert (suggestion.module, suggestion.reason, suggestion.percent) == (2, "wiederholen", 75)


def test_new_learner_gets_module_one_and_a_friendly_empty_view():
    report = build_report([], MODULES)
    assert report.suggestion is not None
    assert report.suggestion.module == 1
    text = report_markdown(report)
    assert "Als Nächstes: **Modul 1: Grundlagen**" in text
    assert "noch kein Quiz abgeschlossen" in text


def test_view_shows_scores_weak_sections_and_suggestion():
    attempts = [
        attempt(1, [("Modul 1, Abschnitt „Was ist KI?“", False), ("Modul 1, X", True)], day=0),
        attempt(None, [("Modul 1, X", True)], day=1),
    ]
    text = report_markdown(build_report(attempts, MODULES))
    assert "| 1: Grundlagen | 1 | 50 % | 50 % |" in text
    assert "| 2: Anwendungen | 0 | – | – | – |" in text
    assert "1 gemischte(s) Quiz" in text
    assert "Modul 1, Abschnitt „Was ist KI?“: 1 von 1 Antworten falsch" in text
    assert "Wiederholen Sie **Modul 1: Grundlagen** – Ihr letztes Ergebnis dort war 50 %." in text
