"""Progress in a real browser across a server restart (Debian chromium + Playwright).

The anonymous learner id lives in the browser (gr.BrowserState, localStorage): after the app
is stopped and started again on the same address and database, the same browser sees its
quiz result in "Mein Fortschritt" and can continue its readiness check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.conftest import app_process, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@contextmanager
def app_on(corpus_settings, data: Path, port: int) -> Iterator[str]:
    """app.py on a fixed port over the session index, with ``data`` as TUTOR_DATA_DIR: a
    restart on the same port keeps the browser's localStorage (same origin)."""
    env = {
        "TUTOR_CORPUS_DIR": str(corpus_settings.corpus_dir),
        "TUTOR_STORE_DIR": str(corpus_settings.store_dir),
        "TUTOR_MODEL_CACHE_DIR": str(corpus_settings.model_cache_dir),
    }
    with app_process(env, data, port, start_timeout_s=600) as url:
        yield url


def finish_quiz(page) -> str:
    """Start the default quiz and answer every question; returns the result text."""
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Quiz", exact=True).click()
    page.locator("#quiz-start").click()
    result = page.locator("#quiz-ergebnis")
    # the default quiz asks for 5; a scope whose material passes fewer checks gives fewer
    expect(page.locator("#quiz-frage")).to_contain_text("Frage 1 von", timeout=30_000)
    found = re.search(r"Frage 1 von (\d+)", page.locator("#quiz-frage").inner_text())
    assert found is not None
    total = int(found.group(1))
    assert 1 <= total <= 5
    for number in range(1, total + 1):
        expect(page.locator("#quiz-frage")).to_contain_text(
            f"Frage {number} von {total}", timeout=30_000
        )
        radio = page.locator("#quiz-optionen")
        if radio.is_visible():
            radio.locator("label").first.click()
        else:
            page.locator("#quiz-eingabe textarea, #quiz-eingabe input").first.fill("Daten")
        page.locator("#quiz-pruefen").click()
        if number < total:
            expect(page.locator("#quiz-weiter")).to_be_visible(timeout=30_000)
            page.locator("#quiz-weiter").click()
    expect(result).to_contain_text("gespeichert", timeout=30_000)
    return result.inner_text()


def test_progress_and_saved_check_survive_a_restart(browser, corpus_settings, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    port, data = free_port(), tmp_path / "data"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    with app_on(corpus_settings, data, port) as url:
        page.goto(url, wait_until="load")
        summary = finish_quiz(page)
        assert "Ergebnis:" in summary
        page.get_by_role("tab", name="KI-Readiness-Check").click()
        for expected in ("Frage 2 von 29", "Frage 3 von 29"):
            page.locator("#check-ja").click()
            page.wait_for_selector(f"#check-fortschritt :text('{expected}')", timeout=60_000)
        page.goto("about:blank")  # leave before the stop, or Gradio's reconnect navigates later

    with app_on(corpus_settings, data, port) as url:
        page.goto(url, wait_until="load")
        page.get_by_role("tab", name="Mein Fortschritt").click()
        view = page.locator("#fortschritt")
        expect(view).to_contain_text("Grundlagen der Künstlichen Intelligenz", timeout=30_000)
        expect(view).to_contain_text("Ihre Kennung")
        expect(view).to_contain_text("anon-")
        expect(view).to_contain_text("begonnen (2 Fragen beantwortet")

        page.get_by_role("tab", name="KI-Readiness-Check").click()
        expect(page.locator("#check-angebot")).to_contain_text("2 von 29 Fragen beantwortet")
        page.locator("#check-fortsetzen").click()
        page.wait_for_selector("#check-fortschritt :text('Frage 3 von 29')", timeout=60_000)
        expect(page.locator("#check-fortsetzen")).to_be_hidden()
        page.locator("#check-nein").click()
        page.wait_for_selector("#check-fortschritt :text('Frage 4 von 29')", timeout=60_000)
        page.goto("about:blank")

    other = browser.new_context().new_page()  # a different browser: nothing of the first
    with app_on(corpus_settings, data, port) as url:
        other.goto(url, wait_until="load")
        other.get_by_role("tab", name="Mein Fortschritt").click()
        expect(other.locator("#fortschritt")).to_contain_text("noch kein Quiz abgeschlossen")
    context.close()


def test_login_quiz_via_api_shows_in_progress_and_trainer_view(
    browser,  # noqa: F811
    corpus_settings,
    tmp_path,
    monkeypatch,
):
    """A logged-in learner finishes a quiz through gradio_client; in the browser the same
    login sees it in "Mein Fortschritt", the trainer sees it in "Auswertung", and the
    learner does not get the "Auswertung" tab."""
    from gradio_client import Client
    from playwright.sync_api import expect

    from tutor.web.auth import add_user

    auth = tmp_path / "logins.toml"
    add_user(auth, "anna", "trainer", "trainer-pass-1")
    add_user(auth, "ben", "lernende", "lernen-pass-1")
    monkeypatch.setenv("TUTOR_AUTH_FILE", str(auth))
    with app_on(corpus_settings, tmp_path / "data", free_port()) as url:
        client = Client(url, auth=("ben", "lernen-pass-1"), verbose=False)
        _, radio, *_ = client.predict("3", 3, api_name="/quiz_start")
        result = ""
        for _ in range(3):
            choice, text = (radio["choices"][0][1], "") if radio.get("visible") else (None, "KI")
            _, _, _, _, result = client.predict(choice, text, api_name="/quiz_check")
            _, radio, *_ = client.predict(api_name="/quiz_next")
        assert "gespeichert" in result

        def login(name: str, password: str):
            page = browser.new_context(locale="de-DE").new_page()
            page.goto(url, wait_until="domcontentloaded", timeout=120_000)
            page.locator("input[type=text]").first.fill(name)
            page.locator("input[type=password]").fill(password)
            page.keyboard.press("Enter")
            page.wait_for_selector("#frage textarea", timeout=120_000)
            page.wait_for_timeout(2000)
            return page

        ben = login("ben", "lernen-pass-1")
        assert "Auswertung" not in ben.get_by_role("tab").all_inner_texts()
        ben.get_by_role("tab", name="Mein Fortschritt").click()
        view = ben.locator("#fortschritt")
        expect(view).to_contain_text("Ergebnisse je Modul", timeout=30_000)
        expect(view).not_to_contain_text("noch kein Quiz abgeschlossen")
        expect(view).to_contain_text("unter Ihrem Login gespeichert")

        anna = login("anna", "trainer-pass-1")
        anna.get_by_role("tab", name="Auswertung").click()
        expect(anna.locator("#auswertung")).to_contain_text("Modul 3", timeout=30_000)
        assert "ben" not in anna.locator("#auswertung").inner_text()
