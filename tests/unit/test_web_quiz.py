"""Handlers of the "Quiz" and "Für Trainer" tabs, called directly (no Gradio).

They run over the session's real corpus index (``container`` fixture), so this module is
marked ``integration`` although it lives next to the other web-handler tests.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from tutor.quiz import FORMATS, Feedback, QuizItem, QuizScope, QuizSet, from_json
from tutor.quiz.grading import option_letters
from tutor.quiz.session import session_for
from tutor.web import quiz_play, trainer_set
from tutor.web.quiz_common import md, module_choices, parse_scope_value, scope_choices
from tutor.web.quiz_play import QuizScreen, QuizTabState

pytestmark = pytest.mark.integration


def current_item(screen: QuizScreen) -> QuizItem:
    tab = QuizTabState.model_validate(screen.state)
    item = tab.session.current()
    assert item is not None
    return item


def answer_for(item: QuizItem, right: bool) -> tuple[str | None, str]:
    """(radio value, typed text) as the tab would send them."""
    if item.type == "cloze":
        return None, item.answer if right else "Blumenkohl"
    if item.type == "tf":
        wrong = "Falsch" if item.answer == "Wahr" else "Wahr"
        return (item.answer if right else wrong), ""
    letters = option_letters(item.options)
    index = item.correct_index if right else (item.correct_index + 1) % len(item.options)
    return letters[index], ""


def state_with(container, types: list[str]) -> dict:
    """A quiz state on module 3 with only the given question types."""
    result = container.quiz().generate(QuizScope(module=3), 3, types, seed=3)
    return QuizTabState(session=session_for(result.quiz)).model_dump(mode="json")


# --- quiz tab -------------------------------------------------------------------------------


def test_module_dropdown_lists_every_module_then_mixed(container):
    choices = module_choices(container)
    assert choices[0] == ("Modul 1: Grundlagen der Künstlichen Intelligenz", "1")
    assert ("Modul 11: EU AI Act", "11") in choices
    assert choices[-1] == ("Gemischt (alle Module)", "gemischt")
    labels = [label for label, _ in scope_choices(container)]
    assert any(label.startswith("Dokument: Leitfaden") for label in labels)


def test_scope_values_are_parsed():
    assert parse_scope_value("3") == QuizScope(module=3)
    assert parse_scope_value("Modul 3: Daten als Erfolgsfaktor") == QuizScope(module=3)
    assert parse_scope_value("gemischt") == parse_scope_value(None) == QuizScope()
    guide = "leitfaden-ki-integration-kmu.txt"
    assert parse_scope_value(f"quelle:{guide}") == QuizScope(source=guide)


def test_start_shows_the_first_question_without_its_answer(container):
    screen = quiz_play.start(container, "3", 5)
    assert screen.question.startswith("**Frage 1 von 5 · ")
    assert screen.can_check
    assert not screen.can_next
    item = current_item(screen)
    assert bool(screen.choices) == (item.type != "cloze")
    assert screen.text_input == (item.type == "cloze")
    assert item.answer not in screen.feedback


def test_right_then_wrong_answers_give_feedback_score_and_sections(container):
    screen = quiz_play.start(container, "3", 5)
    for number in range(1, 6):
        item = current_item(screen)
        choice, text = answer_for(item, right=number == 1)
        screen = quiz_play.check(screen.state, choice, text)
        if number == 1:
            assert screen.feedback.startswith("✔ **Richtig!**")
        else:
            assert screen.feedback.startswith("✘ **Leider falsch. Richtig ist:")
        assert "> — Quelle: Modul 3 „Daten als Erfolgsfaktor“" in screen.feedback
        assert screen.locked
        assert not screen.can_check
        if number < 5:
            assert screen.can_next
            assert not screen.summary
            screen = quiz_play.next_question(screen.state)
            assert screen.question.startswith(f"**Frage {number + 1} von 5")
    assert not screen.can_next
    assert "Ergebnis: 1 von 5 richtig, 20 %" in screen.summary
    assert "Lesen Sie diese Abschnitte noch einmal nach:" in screen.summary
    assert "- Modul 3 „Daten als Erfolgsfaktor“, Abschnitt" in screen.summary


def test_all_right_says_so(container):
    screen = quiz_play.start(container, "gemischt", 3)
    while screen.can_check or screen.can_next:
        if screen.can_next:
            screen = quiz_play.next_question(screen.state)
            continue
        screen = quiz_play.check(screen.state, *answer_for(current_item(screen), right=True))
    assert "Ergebnis: 3 von 3 richtig, 100 %" in screen.summary
    assert "Alles richtig – sehr gut!" in screen.summary


def test_no_option_chosen_gives_a_hint_and_keeps_the_session(container):
    state = state_with(container, ["mc"])
    screen = quiz_play.check(state, None, "")
    assert "Bitte wählen Sie eine der Antworten aus" in screen.feedback
    assert screen.state == state
    assert screen.can_check
    assert screen.keep_input
    assert not screen.locked
    assert screen.question.startswith("**Frage 1 von 3 · Multiple Choice**")


def test_empty_gap_gives_a_hint_and_keeps_the_session(container):
    state = state_with(container, ["cloze"])
    screen = quiz_play.check(state, None, "   ")
    assert screen.feedback == "⚠ Bitte geben Sie eine Antwort ein."
    assert screen.state == state


def test_checking_twice_or_without_a_quiz_changes_nothing(container):
    state = state_with(container, ["tf"])
    first = quiz_play.check(state, "Wahr", "")
    again = quiz_play.check(first.state, "Wahr", "")
    assert "schon geprüft" in again.feedback
    assert QuizTabState.model_validate(again.state).session.position == 1
    nothing = quiz_play.check(None, "A", "")
    assert nothing.state is None
    assert "Bitte starten Sie zuerst ein Quiz." in nothing.feedback


def test_unknown_module_keeps_the_running_quiz(container):
    running = quiz_play.start(container, "3", 3)
    screen = quiz_play.start(container, "99", 5, running.state)
    assert "Modul 99 gibt es nicht" in screen.feedback
    assert screen.state == running.state


def test_feedback_quotes_the_source_and_does_not_repeat_itself():
    quote = "Ein einfaches Dateninventar ist oft der erste große Fortschritt."
    feedback = Feedback(
        correct=False,
        message="Leider falsch. Richtig ist: Dateninventar",
        correct_answer="Dateninventar",
        explanation=f"Gesucht war „Dateninventar“. Laut Modul 3: „{quote}“",
        location="Modul 3",
        quote=quote,
        finished=False,
    )
    wrong = quiz_play.feedback_markdown(feedback)
    assert (
        wrong
        == f"✘ **Leider falsch. Richtig ist: Dateninventar**\n\n> {quote}\n>\n> — Quelle: Modul 3"
    )
    right = quiz_play.feedback_markdown(feedback.model_copy(update={"correct": True}))
    assert "Gesucht war „Dateninventar“." in right


def test_course_text_cannot_inject_html_or_markdown():
    assert (
        md("<img src=x onerror=alert(1)> *fett*") == "&lt;img src=x onerror=alert(1)&gt; \\*fett\\*"
    )


# --- trainer tab ----------------------------------------------------------------------------


@pytest.fixture
def generated(container):
    view = trainer_set.generate(container, "3", 6, ["mc", "tf", "cloze"], 5)
    assert view.state is not None
    return view


def quiz_of(view) -> QuizSet:
    return QuizSet.model_validate(view.state)


def test_generate_shows_numbered_set_and_fills_the_form(container, generated):
    quiz = quiz_of(generated)
    assert len(quiz.items) == 6
    assert "Fragensatz: Modul 3 · 6 Fragen · Seed 5" in generated.listing
    for number in range(1, 7):
        assert f"**{number}. " in generated.listing
    assert generated.listing.count("Quelle: Modul 3 „Daten als Erfolgsfaktor“") == 6
    assert [n for _, n in generated.numbers] == [1, 2, 3, 4, 5, 6]
    assert generated.selected == 1
    assert generated.question == quiz.items[0].question
    assert generated.answer == quiz.items[0].answer
    assert generated.status.startswith("✔ 6 Fragen erzeugt (Seed 5")
    again = trainer_set.generate(container, "3", 6, ["mc", "tf", "cloze"], 5)
    assert again.state == generated.state  # same seed, same set


def test_generate_needs_a_question_type(container, generated):
    view = trainer_set.generate(container, "3", 6, [], 5, generated.state)
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


def test_delete_removes_the_item(generated):
    removed = quiz_of(generated).items[1]
    view = trainer_set.delete(generated.state, 2)
    assert view.status == "✔ Frage 2 wurde gelöscht."
    assert len(quiz_of(view).items) == 5
    assert md(removed.question) not in view.listing
    assert view.selected == 2
    assert len(view.numbers) == 5


def test_regenerate_replaces_one_item(container, generated):
    before = quiz_of(generated).items
    view = trainer_set.regenerate(container, generated.state, 3)
    after = quiz_of(view).items
    assert view.status == "✔ Frage 3 wurde durch eine neue Frage ersetzt."
    assert len(after) == 6
    assert after[2].item_id != before[2].item_id
    assert [it.item_id for i, it in enumerate(after) if i != 2] == [
        it.item_id for i, it in enumerate(before) if i != 2
    ]


def test_export_writes_every_format(generated, tmp_path):
    quiz = quiz_of(generated)
    mc = sum(1 for it in quiz.items if it.type == "mc")
    for fmt in FORMATS:
        path, status = trainer_set.export_file(generated.state, fmt, tmp_path)
        assert path is not None, status
        file = tmp_path.joinpath(path)
        assert file.is_file()
        assert file.parent.parent == tmp_path
        assert file.name == f"quiz-modul-3.{trainer_set.EXTENSIONS[fmt]}"
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
    path, status = trainer_set.export_file(None, "gift", tmp_path)
    assert path is None
    assert "Bitte erzeugen Sie zuerst einen Fragensatz." in status
    assert not any(tmp_path.iterdir())


def test_file_names_follow_the_scope():
    assert trainer_set.file_name(QuizScope(module=3), "gift") == "quiz-modul-3.gift"
    assert trainer_set.file_name(QuizScope(), "moodle-xml") == "quiz-gemischt.xml"
    guide = QuizScope(source="leitfaden-ki-integration-kmu.txt")
    assert trainer_set.file_name(guide, "csv") == "quiz-leitfaden-ki-integration-kmu.csv"
