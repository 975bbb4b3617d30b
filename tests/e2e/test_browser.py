"""Click through the app in a real browser (Debian chromium + Playwright)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def open_app(context, server):
    """Load the app and wait until the question box is there (no 'networkidle': Gradio keeps
    connections open)."""
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector("#frage textarea", timeout=120_000)
    return page


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = open_app(context, server)
    yield page
    context.close()


def test_ask_a_question_and_see_a_citation(page):
    page.get_by_label("Ihre Frage").fill("Was versteht man unter Predictive Maintenance?")
    page.locator("#senden").click()
    page.wait_for_selector("#quellen :text('[1]')", timeout=60_000)
    assert "Predictive Maintenance" in page.locator("#chat").inner_text()
    assert "Modul" in page.locator("#quellen").inner_text()
    page.screenshot(path=str(SHOTS / "fragen.png"), full_page=True)


def test_phone_width_layout_still_works(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = open_app(context, server)
    page.get_by_label("Ihre Frage").fill("Was sind digitale Zwillinge?")
    page.locator("#senden").click()
    page.wait_for_selector("#quellen :text('[1]')", timeout=60_000)
    assert "Zwilling" in page.locator("#chat").inner_text()
    assert page.locator("#senden").is_visible()
    # nothing wider than the phone: no sideways scrolling to read the answer
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(SHOTS / "fragen-handy.png"), full_page=True)
    context.close()


def test_course_material_tab_lists_modules_and_uploads_a_pdf(page, tmp_path):
    from tests.pdfs import text_pdf

    page.get_by_role("tab", name="Kursmaterial").click()
    page.wait_for_selector("#uebersicht summary:has-text('11 Module')", timeout=30_000)
    pdf = text_pdf(
        tmp_path / "werkstatt-notizen.pdf",
        ["Die Werkstatt prüft Schweißnähte mit Kameras und spart Ausschuss."],
    )
    page.locator("#upload input[type=file]").set_input_files(str(pdf))
    page.locator("#einlesen").click()
    page.wait_for_selector("#ingest-ergebnis :text('Abschnitte neu')", timeout=120_000)
    assert "werkstatt-notizen.pdf" in page.locator("#uebersicht").inner_text()
    page.screenshot(path=str(SHOTS / "kursmaterial.png"), full_page=True)


def test_readiness_check_three_free_text_answers(page):
    page.get_by_role("tab", name="KI-Readiness-Check").click()
    page.wait_for_selector("#check-fortschritt :text('Frage 1 von 29')", timeout=30_000)
    for answer, expected in [
        ("jo, machen wir seit 2023", "Frage 2 von 29"),
        ("eher nicht", "Frage 3 von 29"),
        ("was heißt Ist-Analyse?", "Frage 3 von 29"),
    ]:
        page.locator("#check-antwort textarea").fill(answer)
        page.locator("#check-senden").click()
        # the first question back builds the definition finder (embeds the guide and course
        # sentences once): over a minute on a loaded 2-core machine
        page.wait_for_selector(f"#check-fortschritt :text('{expected}')", timeout=180_000)
    page.locator("#check-ja").click()
    page.wait_for_selector("#check-fortschritt :text('Frage 4 von 29')", timeout=60_000)
    chat = page.locator("#check-chat").inner_text()
    assert "Ist-Analyse" in chat
    page.screenshot(path=str(SHOTS / "readiness-check.png"), full_page=True)
