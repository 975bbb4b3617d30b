"""The learner's quiz: questions in order, immediate feedback, score and sections to re-read."""

from __future__ import annotations

import pytest

from tests.unit.test_quiz_fixtures import generator
from tutor.quiz.grading import option_letters
from tutor.quiz.models import QuizError, QuizItem
from tutor.quiz.session import (
    QuizSession,
    parse_scope,
    start_quiz,
    submit_answer,
    summary,
    view,
)

pytestmark = pytest.mark.unit


def right_answer(item: QuizItem) -> str:
    if item.type == "mc":
        return option_letters(item.options)[item.correct_index]
    return item.answer


def wrong_answer(item: QuizItem) -> str:
    if item.type == "mc":
        wrong = next(i for i, o in enumerate(item.options) if o != item.answer)
        return option_letters(item.options)[wrong]
    if item.type == "tf":
        return "Falsch" if item.answer == "Wahr" else "Wahr"
    return "Blumenkohl"


@pytest.fixture
def session() -> QuizSession:
    # the guide gives a full set; module 3 gives fewer items than asked (and says so)
    return start_quiz(
        generator(), parse_scope(None, "leitfaden-ki-integration-kmu.txt"), count=4, seed=11
    )


def test_questions_come_one_after_another_without_answers(session):
    shown = view(session)
    assert shown is not None
    assert (shown.number, shown.total) == (1, 4)
    assert shown.letters == option_letters(shown.options)
    assert "answer" not in shown.model_dump()


RIGHT = {
    ("mc", "Wahr"): "Richtig!",
    ("tf", "Wahr"): "Richtig – die Aussage stimmt.",
    ("tf", "Falsch"): "Richtig – die Aussage stimmt nicht.",
}


def test_all_right_gives_full_score_and_nothing_to_reread(session):
    while (item := session.current()) is not None:
        session, feedback = submit_answer(session, right_answer(item), generator().grader)
        assert feedback.correct
        expected = RIGHT.get((item.type, item.answer), "Richtig!")
        assert feedback.message == expected
        assert (feedback.right_so_far, feedback.answered) == (session.position, session.position)
        assert feedback.quote
        assert feedback.location.startswith("Leitfaden zur Integration")
    result = summary(session)
    assert (result.correct, result.total, result.percent) == (4, 4, 100)
    assert result.review == []
    assert result.review_message == "Alles richtig – sehr gut!"


def test_wrong_answers_show_the_right_one_and_the_sections_to_reread(session):
    wrong_sections = []
    for number in range(len(session.items)):
        item = session.current()
        assert item is not None
        if number % 2 == 0:
            session, feedback = submit_answer(session, wrong_answer(item))
            assert not feedback.correct
            if item.type == "tf":  # never "Leider falsch. Richtig ist: Falsch"
                stimmt = "stimmt." if item.answer == "Wahr" else "stimmt nicht."
                assert feedback.message == f"Falsch – die Aussage {stimmt}"
            else:
                assert feedback.message == f"Leider falsch. Richtig ist: {item.answer}"
            assert feedback.correct_answer == item.answer
            assert feedback.explanation == item.explanation
            wrong_sections.append(item.source.location())
        else:
            session, feedback = submit_answer(session, right_answer(item))
    assert feedback.finished
    result = summary(session)
    assert (result.correct, result.percent) == (2, 50)
    assert result.message == "Sie haben 2 von 4 Fragen richtig beantwortet (50 %)."
    assert {r.location for r in result.review} == set(wrong_sections)
    assert sum(r.wrong for r in result.review) == 2
    assert all(r.section for r in result.review)  # every item to re-read names its section
    assert result.review_message.startswith("Lesen Sie diese Abschnitte")


def test_free_text_is_graded_tolerantly_in_the_flow():
    session = start_quiz(generator(), parse_scope(3), count=2, types=["cloze"], seed=2)
    item = session.current()
    assert item is not None
    assert item.type == "cloze"
    sloppy = item.answer.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    session, feedback = submit_answer(session, sloppy + "s", generator().grader)
    assert feedback.correct
    assert "wurde als gleichwertig" in feedback.note  # the learner is told why it counted


def test_running_score_after_each_answer(session):
    item = session.current()
    assert item is not None
    session, first = submit_answer(session, wrong_answer(item))
    item = session.current()
    assert item is not None
    session, second = submit_answer(session, right_answer(item))
    assert (first.right_so_far, first.answered, first.total) == (0, 1, 4)
    assert (second.right_so_far, second.answered) == (1, 2)


def test_a_module_intro_is_named_as_its_section():
    intro = next(c for c in generator().material.chunks if c.module == 3 and not c.section)
    from tutor.quiz.material import source_ref

    ref = source_ref(intro, intro.text.split(".")[0])
    assert ref.section_label() == "Einleitung"
    assert ref.location().endswith(", Einleitung")


def test_unreadable_input_is_not_counted(session):
    item = session.current()
    assert item is not None
    with pytest.raises(QuizError, match="Bitte geben Sie eine Antwort ein"):
        submit_answer(session, "   ")
    if item.type == "mc":
        last = "ABCD"[len(item.options) - 1]  # three or four options
        with pytest.raises(QuizError, match=f"A–{last}"):
            submit_answer(session, "E")
    if item.type == "tf":
        with pytest.raises(QuizError, match="Wahr"):
            submit_answer(session, "vielleicht")
    assert session.position == 0


def test_state_survives_a_json_round_trip(session):
    item = session.current()
    assert item is not None
    session, _ = submit_answer(session, right_answer(item))
    restored = QuizSession.model_validate_json(session.model_dump_json())
    assert restored == session
    assert restored.position == 1
    nxt = restored.current()
    assert nxt is not None
    restored, feedback = submit_answer(restored, right_answer(nxt))
    assert feedback.correct
    assert restored.position == 2


def test_finished_quiz_refuses_more_answers(session):
    while (item := session.current()) is not None:
        session, _ = submit_answer(session, right_answer(item))
    assert view(session) is None
    with pytest.raises(QuizError, match="bereits beendet"):
        submit_answer(session, "A")


def test_mixed_quiz_and_bad_module_choice():
    mixed = start_quiz(generator(), parse_scope("gemischt"), count=8, seed=4)
    assert len({i.module for i in mixed.items}) > 2
    with pytest.raises(QuizError, match="kein Modul"):
        parse_scope("Datenschutz")
    with pytest.raises(QuizError, match="Modul 42 gibt es nicht"):
        start_quiz(generator(), parse_scope("Modul 42"), count=3)
