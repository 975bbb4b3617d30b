"""Handlers of the "Quiz" tab, called directly (no Gradio).

They run over the session's real corpus index (``container`` fixture).
The "Für Trainer" tab is tested in test_web_trainer.py.
"""

from __future__ import annotations

import pytest

from tutor.prompts import render
from tutor.quiz import Feedback, QuizItem, QuizScope
from tutor.quiz.grading import option_letters
from tutor.quiz.session import session_for
from tutor.web import quiz_play
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
    screen = quiz_play.start(container, "3", 4)  # module 3 gives 4 items
    assert screen.question.startswith("**Frage 1 von 4 · ")
    assert screen.can_check
    assert not screen.can_next
    item = current_item(screen)
    assert bool(screen.choices) == (item.type != "cloze")
    assert screen.text_input == (item.type == "cloze")
    assert item.answer not in screen.feedback


def test_right_then_wrong_answers_give_feedback_score_and_sections(container):
    screen = quiz_play.start(container, "3", 4)  # module 3 gives 4 items
    for number in range(1, 5):
        item = current_item(screen)
        choice, text = answer_for(item, right=number == 1)
        screen = quiz_play.check(screen.state, choice, text)
        if number == 1:
            assert screen.feedback.startswith("✔ **Richtig")
        elif item.type == "tf":  # a true/false item never says "Richtig ist: Falsch"
            assert screen.feedback.startswith("✘ **Falsch – die Aussage stimmt")
        else:
            assert screen.feedback.startswith("✘ **Leider falsch. Richtig ist:")
        assert f"**Stand: 1 von {number} richtig**" in screen.feedback  # running score
        assert "> — Quelle: Modul 3 „Daten als Erfolgsfaktor“" in screen.feedback
        assert screen.locked
        assert not screen.can_check
        if number < 4:
            assert screen.can_next
            assert not screen.summary
            screen = quiz_play.next_question(screen.state)
            assert screen.question.startswith(f"**Frage {number + 1} von 4")
            assert f"Stand: 1 von {number} richtig" in screen.question
    assert not screen.can_next
    assert "Ergebnis: 1 von 4 richtig, 25 %" in screen.summary
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
    total = len(state["session"]["items"])  # module 3 has few multiple-choice structures
    assert screen.question.startswith(f"**Frage 1 von {total} · Multiple Choice**")


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
    wrong = quiz_play.feedback_markdown(
        feedback.model_copy(update={"right_so_far": 2, "answered": 3})
    )
    assert wrong == (
        f"✘ **Leider falsch. Richtig ist: Dateninventar**\n\n> {quote}\n>\n> — Quelle: Modul 3"
        "\n\n**Stand: 2 von 3 richtig**"
    )
    right = quiz_play.feedback_markdown(feedback.model_copy(update={"correct": True}))
    assert "Gesucht war „Dateninventar“." in right


def test_free_text_synonym_counts_and_the_feedback_says_so(container):
    state = state_with(container, ["cloze"])
    item = QuizTabState.model_validate(state).session.current()
    assert item is not None
    typed = item.answer.lower() + "s"  # another inflection of the key
    screen = quiz_play.check(state, None, typed, grader=quiz_play.grader_of(container))
    assert screen.feedback.startswith("✔ **Richtig!**")
    assert "wurde als gleichwertig zu" in screen.feedback


def test_practice_question_from_the_cited_passage(container):
    from tutor.answer.models import Answer, Citation
    from tutor.web import practice
    from tutor.web.chat import sources_html

    chunk = next(
        c
        for c in container.quiz().material.chunks
        if c.module == 3 and (c.section or "").startswith("5.")
    )
    cited = Citation.of(1, chunk, "Ein einfacher Leitfaden kann aus fünf Schritten bestehen:")
    sources = sources_html(
        Answer(question="q", resolved_question="q", answer="a", citations=[cited])
    )
    screen = practice.build(container, sources)
    assert screen.question.startswith("**Übungsfrage zur Quelle**")
    assert screen.can_check
    session = practice.QuizSession.model_validate(screen.state)
    item = session.current()
    assert item is not None
    assert item.source.chunk_id == chunk.chunk_id
    choice, text = answer_for(item, right=True)
    graded = practice.check(container, screen.state, choice, text)
    assert graded.feedback.startswith("✔ **Richtig")
    assert "Quelle: Modul 3" in graded.feedback
    nothing = practice.build(container, "")
    assert "Stellen Sie zuerst eine Frage" in nothing.feedback
    # before any answer the sources column shows its placeholder: same hint, no false "no item"
    waiting = f'<p class="quellen-hinweis">{render("ui", "fragen.quellen_hinweis")}</p>'
    placeholder = practice.build(container, waiting)
    assert "Stellen Sie zuerst eine Frage" in placeholder.feedback
    assert placeholder.state is None


def test_course_text_cannot_inject_html_or_markdown():
    assert (
        md("<img src=x onerror=alert(1)> *fett*") == "&lt;img src=x onerror=alert(1)&gt; \\*fett\\*"
    )
