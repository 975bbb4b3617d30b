"""Handlers of the "Für Trainer" tab (generate, edit, export a question set), called directly.

They run over the session's real corpus index (``container`` fixture).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from tutor.quiz import FORMATS, QuizScope, QuizSet, from_json
from tutor.quiz.exports import export_format
from tutor.web import trainer_export, trainer_set
from tutor.web.quiz_common import count_phrase, md

pytestmark = pytest.mark.integration


@pytest.fixture
def generated(container):
    view = trainer_set.generate(container, "3", 4, ["mc", "tf", "cloze"], 5)
    assert view.state is not None
    return view


def quiz_of(view) -> QuizSet:
    return QuizSet.model_validate(view.state)


def test_generate_shows_numbered_set_and_fills_the_form(container, generated):
    quiz = quiz_of(generated)
    assert len(quiz.items) == 4
    assert "Fragensatz: Modul 3 · 4 Fragen · Seed 5" in generated.listing
    for number in range(1, 5):
        assert f"**{number}. " in generated.listing
    assert generated.listing.count("Quelle: Modul 3 „Daten als Erfolgsfaktor“") == 4
    assert [n for _, n in generated.numbers] == [1, 2, 3, 4]
    assert generated.selected == 1
    assert generated.question == quiz.items[0].question
    assert generated.answer == quiz.items[0].answer
    assert generated.status.startswith("✔ 4 Fragen erzeugt (Seed 5; von der Prüfung verworfen:")
    again = trainer_set.generate(container, "3", 4, ["mc", "tf", "cloze"], 5)
    assert again.state == generated.state  # same seed, same set


def test_generate_needs_a_question_type(container, generated):
    view = trainer_set.generate(container, "3", 4, [], 5, generated.state)
    assert "Bitte wählen Sie mindestens einen Fragetyp aus." in view.status
    assert view.state == generated.state


def test_generate_from_the_guide(container):
    view = trainer_set.generate(container, "quelle:leitfaden-ki-integration-kmu.txt", 3, ["mc"], 1)
    assert "Fragensatz: Leitfaden zur Integration" in view.listing
    assert all(it.type == "mc" for it in quiz_of(view).items)


def mc_number(view) -> int:
    return next(n for n, it in enumerate(quiz_of(view).items, 1) if it.type == "mc")


def test_valid_edit_is_saved(container, generated):
    number = mc_number(generated)
    item = quiz_of(generated).items[number - 1]
    options = "\n".join(reversed(item.options))
    view = trainer_set.save(
        container,
        generated.state,
        number,
        "Welche Antwort ist laut Modul 3 richtig?",
        options,
        item.answer,
    )
    assert view.status == f"✔ Frage {number} wurde gespeichert."
    edited = quiz_of(view).items[number - 1]
    assert edited.question == "Welche Antwort ist laut Modul 3 richtig?"
    assert edited.options == list(reversed(item.options))
    assert "Welche Antwort ist laut Modul 3 richtig?" in view.listing


def test_invalid_edit_is_refused_in_german_and_the_set_stays(container, generated):
    number = mc_number(generated)
    item = quiz_of(generated).items[number - 1]
    view = trainer_set.save(
        container, generated.state, number, item.question, "\n".join(item.options), "Blumenkohl"
    )
    assert view.status.startswith("⚠ Die Änderung macht die Frage ungültig:")
    assert view.state == generated.state
    nothing = trainer_set.save(container, generated.state, None, "x", "", "y")
    assert "Bitte wählen Sie zuerst eine Frage aus" in nothing.status


def test_delete_removes_the_item_and_can_be_undone(generated):
    removed = quiz_of(generated).items[1]
    view = trainer_set.delete(generated.state, 2)
    assert view.status.startswith("✔ Frage 2 wurde gelöscht. Mit „Rückgängig“")
    assert len(quiz_of(view).items) == 3
    assert md(removed.question) not in view.listing
    assert view.selected == 2
    assert len(view.numbers) == 3
    assert view.undo is not None
    still = trainer_set.select(view.state, 3, view.undo)  # looking at another question
    assert still.undo == view.undo
    back = trainer_set.restore(view.state, view.undo)
    assert back.status == "✔ Frage 2 ist wieder im Fragensatz."
    assert back.state == generated.state
    assert back.selected == 2
    assert back.undo is None
    nothing = trainer_set.restore(generated.state, None)
    assert "nichts rückgängig" in nothing.status
    assert nothing.state == generated.state


def test_counts_are_singular_or_plural():
    assert count_phrase("kandidat", 1) == "1 Kandidat"
    assert count_phrase("kandidat", 3) == "3 Kandidaten"
    assert count_phrase("kandidat", 0) == "kein Kandidat"
    assert count_phrase("frage", 1) == "1 Frage"
    assert count_phrase("frage", 2) == "2 Fragen"


def test_regenerate_replaces_one_item(container, generated):
    before = quiz_of(generated).items
    view = trainer_set.regenerate(container, generated.state, 3)
    after = quiz_of(view).items
    assert view.status == "✔ Frage 3 wurde durch eine neue Frage ersetzt."
    assert len(after) == 4
    assert after[2].item_id != before[2].item_id
    assert [it.item_id for i, it in enumerate(after) if i != 2] == [
        it.item_id for i, it in enumerate(before) if i != 2
    ]


def test_export_writes_every_format(generated, tmp_path):
    quiz = quiz_of(generated)
    mc = sum(1 for it in quiz.items if it.type == "mc")
    for fmt in FORMATS:
        path, status = trainer_export.export_file(generated.state, fmt, tmp_path)
        assert path is not None, status
        file = tmp_path.joinpath(path)
        assert file.is_file()
        assert file.parent.parent == tmp_path
        assert file.name == f"quiz-modul-3{export_format(fmt).suffix}"
        assert status.startswith("✔ ")
        text = file.read_text(encoding="utf-8-sig")
        if fmt == "json":
            assert from_json(text) == quiz
            assert json.loads(text)["format"] == "ki-tutor-quiz"
        elif fmt == "gift":
            assert "$CATEGORY: $course$/KI-Tutor/Modul 3" in text
            for number in range(1, len(quiz.items) + 1):
                assert f"::Modul 3 – Frage {number}::" in text
        elif fmt == "moodle-xml":
            root = ET.fromstring(text)
            questions = [q for q in root.iter("question") if q.get("type") != "category"]
            assert root.tag == "quiz"
            assert len(questions) == len(quiz.items)
        elif fmt == "aiken":
            assert text.count("ANSWER: ") == mc
            assert "Wahr/Falsch" in status  # the skipped items are named
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(text), delimiter=";"))
            assert rows[0][0] == "id"
            assert len(rows) == len(quiz.items) + 1
        else:
            assert text.startswith("# Quiz: Modul 3")
            assert "## Lösungen" in text


def test_export_without_a_set_asks_for_one(tmp_path):
    path, status = trainer_export.export_file(None, "gift", tmp_path)
    assert path is None
    assert "Bitte erzeugen Sie zuerst einen Fragensatz." in status
    assert not any(tmp_path.iterdir())


def test_file_names_follow_the_scope():
    assert trainer_export.file_name(QuizScope(module=3), "gift") == "quiz-modul-3.gift"
    assert trainer_export.file_name(QuizScope(), "moodle-xml") == "quiz-gemischt.xml"
    guide = QuizScope(source="leitfaden-ki-integration-kmu.txt")
    assert trainer_export.file_name(guide, "csv") == "quiz-leitfaden-ki-integration-kmu.csv"
