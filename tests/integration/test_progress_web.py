"""Progress in the web app, through the tab handlers over the real index and model.

A finished quiz shows up in "Mein Fortschritt"; a readiness check is saved after each answer
and offered for "Fortsetzen" after a restart; trainers see anonymous aggregates; chat
transcripts are stored only when switched on.
"""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from tests.progress_helpers import right, wrong
from tutor.container import Container
from tutor.progress import new_browser_id
from tutor.web import chat, learner, quiz_play, readiness
from tutor.web.progress_tab import progress_markdown
from tutor.web.progress_trainer import trainer_overview
from tutor.web.quiz_play import QuizTabState

pytestmark = pytest.mark.integration


@pytest.fixture
def app_container(corpus_settings, embedder, tmp_path):
    """A container over the session index with its own data folder (own progress DB)."""

    def make(**extra):
        settings = corpus_settings.model_copy(update={"data_dir": tmp_path / "data", **extra})
        return Container(settings, embedder=embedder)

    return make


def play_quiz(container, who: str | None, module: str, right_answers: int) -> quiz_play.QuizScreen:
    """Start a 3-question quiz and answer it as the quiz tab does, recording at the end."""
    screen = quiz_play.start(container, module, 3)
    n = 0
    while screen.can_check:
        item = QuizTabState.model_validate(screen.state).session.current()
        assert item is not None
        given = right(item) if n < right_answers else wrong(item)
        choice, text = (None, given) if item.type == "cloze" else (given, None)
        screen = quiz_play.check(screen.state, choice, text, learner.quiz_recorder(container, who))
        n += 1
        if screen.can_next:
            screen = quiz_play.next_question(screen.state)
    return screen


def test_finished_quiz_shows_up_in_the_progress_view(app_container):
    container = app_container()
    browser, who = learner.identify(container, None, None)
    assert browser.startswith("anon-")
    before = progress_markdown(container, who, browser)
    assert "noch kein Quiz abgeschlossen" in before

    final = play_quiz(container, who, "3", right_answers=2)
    assert "Ergebnis: 2 von 3 richtig" in final.summary
    assert "Ihr Ergebnis wurde in „Mein Fortschritt“ gespeichert." in final.summary
    again = quiz_play.check(final.state, "A", None, learner.quiz_recorder(container, who))
    assert "schon geprüft" in again.feedback  # checking again does not store twice

    view = progress_markdown(container, who, browser)
    assert "| 3: Daten als Erfolgsfaktor | 1 | 67 % | 67 % |" in view
    assert "Wiederholen Sie **Modul 3: Daten als Erfolgsfaktor**" in view
    assert f"`{browser}`" in view
    assert "1 von " in view  # the section of the wrong answer is listed
    [attempt] = container.progress.attempts(who)
    assert attempt.duration_s is not None

    other_browser, other = learner.identify(container, new_browser_id(), None)
    assert "noch kein Quiz abgeschlossen" in progress_markdown(container, other, other_browser)


def test_same_login_is_the_same_learner_in_every_browser(app_container):
    container = app_container()
    _, first = learner.identify(container, None, "anna")
    _, second = learner.identify(container, new_browser_id(), "anna")
    assert first == second
    assert "anna" not in first
    play_quiz(container, first, "1", right_answers=3)
    assert "| 1: Grundlagen der Künstlichen Intelligenz | 1 | 100 % |" in progress_markdown(
        container, second
    )
    # an API caller without a page load is still recognised by its login
    assert learner.resolve(container, None, "anna") == first
    assert learner.resolve(container, None, None) is None


def test_readiness_check_resumes_after_a_restart(app_container):
    container = app_container()
    _, who = learner.identify(container, new_browser_id(), "chefin")
    conv = container.checklist
    reports = container.settings.data_dir / "reports"
    history, state, _ = readiness.start(conv)
    for text in ("ja", "nein", "ja"):
        history, state, progress, *_ = readiness.reply(conv, reports, text, history, state)
        assert learner.save_check(container, conv, who, state) == ""
    assert "Frage 4 von 29" in progress

    restarted = app_container()  # new container, new store object, same database file
    conv2 = restarted.checklist
    offer, can_resume = learner.resume_offer(restarted, conv2, who)
    assert can_resume
    assert "3 von 29 Fragen beantwortet" in offer
    found = learner.resume(restarted, conv2, who)
    assert not isinstance(found, str)
    history2, state2, progress2 = found
    assert "Frage 4 von 29" in progress2
    history2, state2, progress2, *_ = readiness.reply(conv2, reports, "nein", history2, state2)
    assert "Frage 5 von 29" in progress2
    assert state2["answers"]["1"]["label"] == "ja"
    assert state2["answers"]["2"]["label"] == "nein"
    # another learner has nothing to continue
    _, stranger = learner.identify(restarted, new_browser_id(), None)
    assert learner.resume_offer(restarted, conv2, stranger) == ("", False)
    assert learner.resume(restarted, conv2, stranger) == (
        "Es gibt keinen gespeicherten Check, der fortgesetzt werden kann."
    )


def test_trainer_view_shows_anonymous_aggregates(app_container):
    container = app_container()
    empty = trainer_overview(container)
    assert empty.startswith("Noch keine Quiz-Durchgänge gespeichert.")
    assert "Noch kein KI-Readiness-Check abgeschlossen." in empty
    ids = []
    for name, good in (("anna", 3), ("bert", 1), ("cora", 2)):
        _, who = learner.identify(container, None, name)
        play_quiz(container, who, "3", right_answers=good)
        ids.append(who)
    view = trainer_overview(container)
    assert "| Modul 3: Daten als Erfolgsfaktor | 3 | 66,7 % |" in view
    assert not any(name in view for name in ("anna", "bert", "cora", *ids))


def test_trainer_view_counts_readiness_checks_by_band_and_common_no(app_container):
    container = app_container()
    conv = container.checklist
    reports = container.settings.data_dir / "reports"
    runs = {"anna": ["ja"] * 29, "bert": ["nein"] * 29, "cora": ["ja"] * 4 + ["nein"] * 25}
    for name, answers in runs.items():
        _, who = learner.identify(container, None, name)
        history, state, _ = readiness.start(conv)
        for text in answers:
            history, state, *_ = readiness.reply(conv, reports, text, history, state)
        assert learner.save_check(container, conv, who, state) == ""
    view = trainer_overview(container)
    assert "Abgeschlossene Checks: **3**" in view
    assert "| 0–4 Ja: Ihr Unternehmen ist derzeit nicht bereit" in view
    assert view.count("| 2 |") == 1  # two checks in the lowest band
    assert (
        "| 25–29 Ja: Ihr Unternehmen ist sehr gut auf die Integration von KI vorbereitet. | 1 |"
        in view
    )
    assert (
        "- Frage 5: Ist die Verfügbarkeit der benötigten Daten überprüft worden? – in 2 von 3"
        in view
    )
    assert not any(name in view for name in runs)


def test_chat_transcripts_only_when_switched_on(app_container):
    question = "Was versteht man unter Predictive Maintenance?"
    off = app_container(pseudonym_secret=SecretStr("x" * 32))
    _, who = learner.identify(off, new_browser_id(), None)
    list(learner.transcribed(off, who, chat.ask_stream(off.answers, question, [], None)))
    assert off.progress.transcripts(who) == []

    on = app_container(store_transcripts=True, pseudonym_secret=SecretStr("x" * 32))
    steps = list(learner.transcribed(on, who, chat.ask_stream(on.answers, question, [], None)))
    assert steps == list(chat.ask_stream(on.answers, question, [], None))  # passed through
    [stored] = on.progress.transcripts(who)
    assert stored.question == question
    assert "Predictive Maintenance" in stored.answer
