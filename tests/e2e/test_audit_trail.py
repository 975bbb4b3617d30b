"""The audit trail of material changes on a running server: written for upload, ingest and
removal, visible to trainers in the Kursmaterial tab, refused to learners (gradio_client and
a real browser)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SHOTS, running_app
from tests.pdfs import text_pdf
from tutor.web.auth import add_user

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
UPLOAD = "lager-protokoll.pdf"
SEMINAR = "seminararbeit-ki-herausforderungen-kmu.txt"
NO_TAB = "(name) => ![...document.querySelectorAll('[role=tab]')].some(t => t.innerText === name)"


@pytest.fixture(scope="module")
def audited_server(corpus_settings, tmp_path_factory):
    data = tmp_path_factory.mktemp("audit-app")
    logins = data / "logins.toml"
    add_user(logins, "anna", "trainer", "trainer-pass-1")
    add_user(logins, "ben", "lernende", "lernen-pass-1")
    with running_app(corpus_settings, data, TUTOR_AUTH_FILE=str(logins)) as url:
        yield url, data


@pytest.fixture(scope="module")
def changes_made(audited_server, tmp_path_factory):
    """Anna uploads a PDF (ingested at once) and removes it again."""
    from gradio_client import Client, handle_file

    url, data = audited_server
    pdf = text_pdf(
        tmp_path_factory.mktemp("upload") / UPLOAD,
        ["Das Lager nutzt KI-Prognosen für den Einkauf von Ersatzteilen."],
    )
    trainer = Client(url, auth=("anna", "trainer-pass-1"), verbose=False)
    message, overview = trainer.predict([handle_file(str(pdf))], api_name="/einlesen")
    assert "Abschnitte neu" in message
    assert UPLOAD in overview
    removed, _, overview, log = trainer.predict(UPLOAD, api_name="/material_entfernen")
    assert f"{UPLOAD} ist entfernt" in removed
    assert UPLOAD not in overview
    assert not (data / "corpus" / UPLOAD).exists()
    return trainer


def test_trainer_sees_upload_ingest_and_delete(changes_made):
    table = changes_made.predict(api_name="/material_protokoll")
    rows = [line for line in table.splitlines() if UPLOAD in line]
    actions = [row.split("|")[3].strip() for row in rows]
    assert actions == ["Entfernen", "Einlesen", "Hochladen"]  # newest first
    assert all("| anna |" in row for row in rows)
    assert all("erfolgreich" in row for row in rows)


def test_learner_cannot_read_or_change_the_trail(audited_server, changes_made):
    from gradio_client import Client
    from gradio_client.exceptions import ValidationError

    url, _ = audited_server
    learner = Client(url, auth=("ben", "lernen-pass-1"), verbose=False)
    with pytest.raises(ValidationError, match="nur für Trainerinnen und Trainer"):
        learner.predict(api_name="/material_protokoll")
    with pytest.raises(ValidationError, match="nur für Trainerinnen und Trainer"):
        learner.predict(
            "seminararbeit-ki-herausforderungen-kmu.txt", api_name="/material_entfernen"
        )


def log_in(browser, url: str, user: str, password: str):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.locator("input[type=text]").first.fill(user)
    page.locator("input[type=password]").fill(password)
    page.keyboard.press("Enter")
    page.wait_for_selector("#frage textarea", timeout=120_000)
    return context, page


def test_trail_in_the_browser_for_trainers_only(audited_server, changes_made, browser):
    url, _ = audited_server
    context, page = log_in(browser, url, "anna", "trainer-pass-1")
    page.get_by_role("tab", name="Kursmaterial").click()
    page.get_by_text("Änderungsprotokoll", exact=True).click()
    page.wait_for_selector(f"#protokoll :text('{UPLOAD}')", timeout=60_000)
    assert "anna" in page.locator("#protokoll").inner_text()
    # removal in the browser asks first; cancelling keeps the document
    page.get_by_text("Dokument entfernen", exact=True).click()
    page.locator("#entfernen-dokument input").click()
    page.get_by_role("option", name=SEMINAR).click()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#entfernen-knopf").click()
    page.wait_for_selector("#entfernen-ergebnis :text('nichts wurde entfernt')")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#entfernen-knopf").click()
    page.wait_for_selector(f"#entfernen-ergebnis :text('{SEMINAR} ist entfernt')", timeout=120_000)
    page.wait_for_selector(f"#protokoll :text('{SEMINAR}')", timeout=60_000)
    assert SEMINAR not in page.locator("#uebersicht").inner_text()
    page.screenshot(path=str(SHOTS / "kursmaterial-protokoll.png"), full_page=True)
    context.close()

    context, page = log_in(browser, url, "ben", "lernen-pass-1")
    page.wait_for_function(NO_TAB, arg="Kursmaterial")
    assert "Kursmaterial" not in page.get_by_role("tab").all_inner_texts()
    assert page.locator("#protokoll").count() == 0
    context.close()
