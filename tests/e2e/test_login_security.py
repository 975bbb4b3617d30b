"""Logins that hold up on a network (real server, gradio_client, HTTP and a real browser).

- Repeated wrong passwords lock the account (even the right password is refused for a while,
  in German, with Retry-After); other accounts keep working; the log never holds a password.
- A session ends after the configured idle time: the next call gets a German message, a
  reload shows the login form again.
- `tutor benutzer sperren` ends a live session of that account at its next request.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import running_app
from tests.e2e.network_helpers import EXPIRED, login, server_log
from tutor.web.auth import add_user

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
IDLE_MINUTES = 0.2  # 12 s: long enough for a client to start, short enough to wait for
WRONG = ["falsch-eins-1", "falsch-zwei-2", "falsch-drei-3"]


def accounts(path):
    add_user(path, "anna", "trainer", "trainer-pass-1")
    add_user(path, "ben", "lernende", "lernen-pass-1")
    add_user(path, "carla", "lernende", "carla-pass-1")
    add_user(path, "dora", "lernende", "dora-pass-11")
    return path


@pytest.fixture(scope="module")
def strict_server(corpus_settings, tmp_path_factory):
    """Three failures lock an account; sessions idle for 12 s end."""
    data = tmp_path_factory.mktemp("login-security")
    logins = accounts(data / "logins.toml")
    env = {
        "TUTOR_AUTH_FILE": str(logins),
        "TUTOR_LOGIN_MAX_FAILURES": "3",
        "TUTOR_SESSION_IDLE_MINUTES": str(IDLE_MINUTES),
    }
    with running_app(corpus_settings, data, **env) as url:
        yield url, data, logins


def test_repeated_failures_lock_the_account_not_the_others(strict_server):
    from gradio_client import Client

    url, data, _ = strict_server
    for number, password in enumerate(WRONG):
        assert login(url, "ben", password).status_code == 400
        if number == 0:  # a form without password gets no verdict and resets nothing
            assert httpx.post(url + "login", data={"username": "ben"}).status_code == 422
    locked = login(url, "ben", "lernen-pass-1")
    assert locked.status_code == 400
    assert "Zu viele fehlgeschlagene Anmeldungen" in locked.json()["detail"]
    assert int(locked.headers["retry-after"]) > 0
    with pytest.raises(ValueError, match="(?i)login"):
        Client(url, auth=("ben", "lernen-pass-1"), verbose=False)
    assert login(url, "anna", "trainer-pass-1").status_code == 200
    log = server_log(data)
    assert "Anmeldung gesperrt für 60 s: Konto ben nach 3 Fehlversuchen" in log
    assert "Anmeldung abgewiesen" in log
    for secret in [*WRONG, "lernen-pass-1", "trainer-pass-1"]:
        assert secret not in log
    # a password typed into the name field is not logged either
    assert login(url, "geheimes-passwort-im-namen", "x").status_code == 400
    assert "geheimes-passwort-im-namen" not in server_log(data)


def test_browser_login_is_locked_after_repeated_failures(strict_server, browser):
    url, _, _ = strict_server
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector("input[type=password]", timeout=60_000)
    assert "Nach 3 falschen Versuchen" in page.locator("body").inner_text()
    for password in [*WRONG, "carla-pass-1"]:
        page.locator("input[type=text]").first.fill("carla")
        page.locator("input[type=password]").fill(password)
        with page.expect_response(lambda r: r.url.endswith("/login")) as answer:
            page.keyboard.press("Enter")
        assert answer.value.status == 400
    page.wait_for_timeout(1000)
    assert page.locator("input[type=password]").is_visible()  # still the login form
    assert page.locator("#frage").count() == 0
    context.close()


def test_idle_session_ends_for_gradio_client(strict_server):
    from gradio_client import Client
    from gradio_client.exceptions import ValidationError

    url, data, _ = strict_server
    client = Client(url, auth=("anna", "trainer-pass-1"), verbose=False)
    assert client.predict("Was sind digitale Zwillinge?", api_name="/ask")["citations"]
    time.sleep(IDLE_MINUTES * 60 + 3)
    with pytest.raises(ValidationError, match=EXPIRED):
        client.predict("Was sind digitale Zwillinge?", api_name="/ask")
    assert "Sitzung beendet" in server_log(data)


def test_idle_session_ends_in_the_browser(strict_server, browser):
    url, _, _ = strict_server
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.locator("input[type=text]").first.fill("anna")
    page.locator("input[type=password]").fill("trainer-pass-1")
    page.keyboard.press("Enter")
    page.wait_for_selector("#frage textarea", timeout=120_000)
    page.wait_for_timeout((IDLE_MINUTES * 60 + 3) * 1000)
    page.locator("#frage textarea").fill("Was sind digitale Zwillinge?")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text={EXPIRED}", timeout=60_000)
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("input[type=password]", timeout=60_000)
    context.close()


def test_locking_an_account_ends_its_live_session(strict_server):
    from gradio_client import Client
    from gradio_client.exceptions import ValidationError

    url, _, logins = strict_server
    client = Client(url, auth=("dora", "dora-pass-11"), verbose=False)
    assert client.predict("Was ist Predictive Maintenance?", api_name="/ask")["citations"]
    env = {**os.environ, "TUTOR_AUTH_FILE": str(logins)}
    done = subprocess.run(
        [sys.executable, "-m", "tutor.cli", "benutzer", "sperren", "dora"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with pytest.raises(ValidationError, match=EXPIRED):
        client.predict("Was ist Predictive Maintenance?", api_name="/ask")
    assert login(url, "dora", "dora-pass-11").status_code == 400
