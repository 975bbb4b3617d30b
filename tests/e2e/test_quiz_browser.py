"""The "Quiz" and "Für Trainer" tabs in a real browser (Debian chromium + Playwright)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ANSWER_BOX = "#quiz-eingabe textarea, #quiz-eingabe input"
FEEDBACK_STARTS = ("✔ Richtig", "✘ Leider falsch. Richtig ist:", "✘ Falsch – die Aussage stimmt")


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(server, wait_until="load")
    yield page
    context.close()


def answer_current_question(page, number: int) -> str:
    """Choose the first option or type a guess, check it, return the feedback text."""
    from playwright.sync_api import expect

    # module 1 gives four or five items that pass every check (the seed is drawn at start)
    header = re.compile(rf"Frage {number} von [45]\b")
    expect(page.locator("#quiz-frage")).to_contain_text(header, timeout=30_000)
    feedback = page.locator("#quiz-rueckmeldung")
    expect(feedback).not_to_contain_text("Quelle:")
    radio = page.locator("#quiz-optionen")
    if radio.is_visible():
        assert page.locator("#quiz-optionen input:checked").count() == 0
        if number == 1:  # nothing chosen yet: a German hint, the question stays
            page.locator("#quiz-pruefen").click()
            expect(feedback).to_contain_text("Bitte wählen Sie eine der Antworten aus")
            expect(page.locator("#quiz-frage")).to_contain_text(header)
        radio.locator("label").first.click()
    else:
        page.locator(ANSWER_BOX).first.fill("Daten")
    page.locator("#quiz-pruefen").click()
    expect(feedback).to_contain_text("Quelle:", timeout=30_000)
    expect(page.locator("#quiz-weiter")).to_be_visible()
    return feedback.inner_text()


def test_answer_two_quiz_questions(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Quiz", exact=True).click()
    page.locator("#quiz-start").click()
    first = answer_current_question(page, 1)
    assert first.startswith(FEEDBACK_STARTS), first
    assert "Richtig ist: Falsch" not in first
    assert "Richtig ist: Wahr" not in first
    assert "Modul 1 „Grundlagen der Künstlichen Intelligenz“" in first
    assert "von 1 richtig" in first  # the running score
    page.locator("#quiz-weiter").click()
    expect(page.locator("#quiz-frage")).to_contain_text("von 1 richtig")
    second = answer_current_question(page, 2)
    assert second.startswith(FEEDBACK_STARTS), second
    assert "von 2 richtig" in second
    expect(page.locator("#quiz-pruefen")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "quiz.png"), full_page=True)


def test_trainer_generates_edits_and_exports_gift(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Für Trainer").click()
    page.locator("#trainer-seed input, #trainer-seed textarea").first.fill("7")
    page.locator("#trainer-erzeugen").click()
    listing = page.locator("#trainer-liste")
    expect(listing).to_contain_text("10 Fragen · Seed 7", timeout=30_000)
    expect(listing).to_contain_text("Quelle: Modul")
    status = page.locator("#trainer-status")

    question = page.locator("#trainer-frage textarea").first
    expect(question).not_to_have_value("")
    question.fill("")  # an empty question text is refused, the set stays as it was
    page.locator("#trainer-speichern").click()
    expect(status).to_contain_text("Die Änderung macht die Frage ungültig", timeout=30_000)

    page.locator("#trainer-neu").click()
    expect(status).to_contain_text("Frage 1 wurde durch eine neue Frage ersetzt", timeout=30_000)

    first_question = question.input_value()
    page.locator("#trainer-loeschen").click()  # deleting can be undone
    expect(status).to_contain_text("Frage 1 wurde gelöscht", timeout=30_000)
    expect(listing).to_contain_text("9 Fragen · Seed 7")
    page.locator("#trainer-undo").click()
    expect(status).to_contain_text("Frage 1 ist wieder im Fragensatz", timeout=30_000)
    expect(listing).to_contain_text("10 Fragen · Seed 7")
    expect(question).to_have_value(first_question)
    expect(page.locator("#trainer-undo")).to_be_hidden()

    page.locator("#trainer-exportieren").click()  # "Moodle GIFT" is preselected
    link = page.locator("#trainer-datei a[download]")
    expect(link).to_have_attribute("download", "quiz-gemischt.gift", timeout=30_000)
    expect(page.locator("#trainer-export-meldung")).to_contain_text("als Moodle GIFT (.gift)")
    with page.expect_download() as download:
        link.click()
    text = download.value.path().read_text(encoding="utf-8")
    assert "::Modul " in text
    assert "$CATEGORY: $course$/KI-Tutor/" in text
    page.screenshot(path=str(SHOTS / "trainer.png"), full_page=True)


def test_practice_question_under_an_answer(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Fragen", exact=True).click()
    box = page.locator("#frage textarea").first
    # a passage with a numbered procedure (module 3): list-only passages such as the pilot
    # criteria of module 10 no longer give a practice item (and the tab says so)
    box.fill("Aus welchen Schritten besteht eine einfache Datenstrategie für KMU?")
    page.locator("#senden").click()
    # wait for the source card itself: the placeholder before an answer also says "Quellen"
    expect(page.locator("#quellen details.quelle").first).to_be_visible(timeout=60_000)
    page.locator("#uebung-knopf").click()
    # the first practice item of a server builds the quiz generator (embeds every sentence of
    # the material once): over a minute on a loaded 2-core machine
    expect(page.locator("#uebung-frage")).to_contain_text("Übungsfrage zur Quelle", timeout=180_000)
    radio = page.locator("#uebung-optionen")
    if radio.is_visible():
        radio.locator("label").first.click()
    else:
        page.locator("#uebung-eingabe textarea, #uebung-eingabe input").first.fill("Daten")
    page.locator("#uebung-pruefen").click()
    feedback = page.locator("#uebung-rueckmeldung")
    expect(feedback).to_contain_text("Quelle:", timeout=30_000)
    assert feedback.inner_text().startswith(FEEDBACK_STARTS)
