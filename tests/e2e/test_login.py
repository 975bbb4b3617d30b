"""Optional login: only known users get in; trainer tabs and ingest are for trainers only."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import running_app
from tutor.web.auth import add_user

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def login_server(corpus_settings, tmp_path_factory):
    data = tmp_path_factory.mktemp("login-app")
    auth = data / "logins.toml"
    add_user(auth, "anna", "trainer", "trainer-pass-1")
    add_user(auth, "ben", "lernende", "lernen-pass-1")
    with running_app(corpus_settings, data, TUTOR_AUTH_FILE=str(auth)) as url:
        yield url


def test_wrong_password_is_refused(login_server):
    from gradio_client import Client

    with pytest.raises(ValueError, match="(?i)login"):
        Client(login_server, auth=("ben", "falsch"), verbose=False)


def test_learner_can_ask_but_not_ingest(login_server, tmp_path):
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import ValidationError

    client = Client(login_server, auth=("ben", "lernen-pass-1"), verbose=False)
    answer = client.predict("Was sind digitale Zwillinge?", api_name="/ask")
    assert answer["citations"]
    upload = tmp_path / "notiz.txt"
    upload.write_text("Eine Notiz über Lagerhaltung mit KI.", encoding="utf-8")
    with pytest.raises(ValidationError, match="nur für Trainerinnen und Trainer"):
        client.predict([handle_file(str(upload))], api_name="/einlesen")
    trainer = Client(login_server, auth=("anna", "trainer-pass-1"), verbose=False)
    trail = trainer.predict(api_name="/material_protokoll")  # refused before anything happened
    assert "notiz.txt" not in trail


def test_trainer_can_ingest(login_server, tmp_path):
    from gradio_client import Client, handle_file

    client = Client(login_server, auth=("anna", "trainer-pass-1"), verbose=False)
    upload = tmp_path / "lager-notiz.txt"
    upload.write_text(
        "Die Lagerhaltung im Betrieb nutzt KI-Prognosen für den Einkauf.", encoding="utf-8"
    )
    message, overview = client.predict([handle_file(str(upload))], api_name="/einlesen")
    assert "Abschnitte neu" in message
    assert "lager-notiz.txt" in overview


def test_learner_does_not_see_trainer_tabs(login_server, browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(login_server, wait_until="domcontentloaded", timeout=120_000)
    page.locator("input[type=text]").first.fill("ben")
    page.locator("input[type=password]").fill("lernen-pass-1")
    page.keyboard.press("Enter")
    page.wait_for_selector("#frage textarea", timeout=120_000)
    page.wait_for_timeout(2000)
    tabs = page.get_by_role("tab").all_inner_texts()
    assert "Fragen" in tabs
    assert "Für Trainer" not in tabs
    assert "Kursmaterial" not in tabs
    context.close()


def test_learner_cannot_use_trainer_endpoints(login_server):
    """Hiding the tab is not enough: the server refuses a learner's direct API calls."""
    from gradio_client import Client
    from gradio_client.exceptions import ValidationError

    client = Client(login_server, auth=("ben", "lernen-pass-1"), verbose=False)
    calls = {
        "/trainer_generate": ("3", 5, ["mc", "tf", "cloze"], "7"),
        "/trainer_save": (None, "Neue Frage?", "A\nB", "A"),
        "/trainer_delete": (None,),
        "/trainer_regenerate": (None,),
        "/trainer_export": ("gift",),
    }
    for api, args in calls.items():
        with pytest.raises(ValidationError, match="nur für Trainerinnen und Trainer"):
            client.predict(*args, api_name=api)


def test_trainer_can_generate_and_export(login_server):
    from gradio_client import Client

    client = Client(login_server, auth=("anna", "trainer-pass-1"), verbose=False)
    listing, numbers, *_ = client.predict(
        "3", 3, ["mc", "tf", "cloze"], "7", api_name="/trainer_generate"
    )
    assert "Fragensatz: Modul 3 · 3 Fragen" in listing
    path, note = client.predict("gift", api_name="/trainer_export")
    assert path.endswith(".gift")
    assert note.startswith("✔ 3 Fragen")


def test_logging_out_ends_only_this_browsers_session(login_server, browser):
    from gradio_client import Client

    url = login_server
    other = Client(url, auth=("anna", "trainer-pass-1"), verbose=False)  # anna elsewhere
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.locator("input[type=text]").first.fill("anna")
    page.locator("input[type=password]").fill("trainer-pass-1")
    page.keyboard.press("Enter")
    page.wait_for_selector("#frage textarea", timeout=120_000)
    page.locator("#abmelden").click()
    page.wait_for_selector("input[type=password]", timeout=60_000)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("input[type=password]", timeout=60_000)  # the cookie is gone
    assert other.predict("Was sind digitale Zwillinge?", api_name="/ask")["citations"]
    context.close()
