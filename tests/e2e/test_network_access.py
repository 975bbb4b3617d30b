"""Start-up rules on a network, and open access without logins (real server, real browser).

- A network address without logins refuses to start (exit code 2, German instructions).
- With TUTOR_OPEN_ACCESS=true learners get their four tabs; every trainer function (named or
  not, through gradio_client, the REST routes, the queue or the browser) and every upload is
  refused on the server, and a German warning is in the log and the page footer.
"""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import running_app
from tests.e2e.network_helpers import REFUSED_OPEN, join, server_log, trainer_functions

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
LEARNER_TABS = ["Fragen", "Quiz", "KI-Readiness-Check", "Mein Fortschritt"]
NO_TAB = "(name) => ![...document.querySelectorAll('[role=tab]')].some(t => t.innerText === name)"


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "app.py"],
        [sys.executable, "-m", "tutor.cli", "serve", "--host", "0.0.0.0", "--port", "7997"],
    ],
)
def test_network_host_without_logins_refuses_to_start(tmp_path, command):
    env = {
        **os.environ,
        "TUTOR_HOST": "0.0.0.0",
        "TUTOR_PORT": "7997",
        "TUTOR_DATA_DIR": str(tmp_path / "data"),
        "TUTOR_STORE_DIR": str(tmp_path / "vectorstore"),
    }
    for key in ("TUTOR_AUTH_FILE", "TUTOR_OPEN_ACCESS"):
        env.pop(key, None)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "tutor benutzer anlegen" in done.stderr
    assert "TUTOR_AUTH_FILE" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_login_file_refuses_to_start(tmp_path):
    env = {
        **os.environ,
        "TUTOR_HOST": "0.0.0.0",
        "TUTOR_AUTH_FILE": str(tmp_path / "gibt-es-nicht.toml"),
        "TUTOR_DATA_DIR": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "Login-Datei" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def open_server(corpus_settings, tmp_path_factory):
    data = tmp_path_factory.mktemp("open-app")
    with running_app(corpus_settings, data, TUTOR_OPEN_ACCESS="true") as url:
        yield url, data


def test_open_access_warns_in_the_log(open_server):
    _, data = open_server
    assert "WARNUNG: Offener Zugang ohne Anmeldung" in server_log(data)


def test_every_trainer_function_is_refused_through_the_queue(open_server):
    url, data = open_server
    functions = trainer_functions(url)
    named = {name for name in functions.values() if name}
    assert {"trainer_generate", "trainer_export", "einlesen", "material_protokoll"} <= named
    assert len(functions) >= 12
    for fn_index, name in functions.items():
        response = join(url, fn_index)
        assert response.status_code == 422, (fn_index, name, response.text)
        assert REFUSED_OPEN in response.json()["detail"][0]["message"], name
        # Gradio reads "35" and 35.0 as index 35 as well
        for disguised in (str(fn_index), float(fn_index)):
            assert REFUSED_OPEN in join(url, disguised).text, (name, disguised)
    assert "Trainerfunktion abgewiesen: /trainer_generate" in server_log(data)


def test_named_trainer_endpoints_are_refused_through_gradio_client(open_server, tmp_path):
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import ValidationError

    url, data = open_server
    client = Client(url, verbose=False)
    endpoints = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    trainer = {f"/{name}" for name in trainer_functions(url).values() if name} & set(endpoints)
    assert "/trainer_generate" in trainer
    for api in sorted(trainer - {"/einlesen"}):
        arguments = [None] * len(endpoints[api]["parameters"])
        with pytest.raises(ValidationError, match=REFUSED_OPEN):
            client.predict(*arguments, api_name=api)
    for route in ("call", "run"):  # the REST routes without the queue client
        response = httpx.post(f"{url}gradio_api/{route}/trainer_generate", json={"data": []})
        assert response.status_code == 422, route
    upload = tmp_path / "gift.txt"
    upload.write_text("Vergiftetes Kursmaterial.", encoding="utf-8")
    with pytest.raises(Exception, match="(?i)403|hochgeladen|upload"):
        client.predict([handle_file(str(upload))], api_name="/einlesen")
    assert not (data / "corpus" / "gift.txt").exists()
    assert (
        httpx.post(url + "gradio_api/upload", files={"files": ("x.txt", b"x")}).status_code == 403
    )


def test_learners_keep_their_tabs(open_server):
    from gradio_client import Client

    url, _ = open_server
    client = Client(url, verbose=False)
    assert client.predict("Was sind digitale Zwillinge?", api_name="/ask")["citations"]
    first = client.predict("3", 3, None, api_name="/quiz_start")
    assert "Frage 1 von 3" in str(first)


def test_browser_shows_learner_tabs_and_warning_and_server_refuses(open_server, browser):
    url, _ = open_server
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector("#frage textarea", timeout=120_000)
    page.wait_for_function(NO_TAB, arg="Für Trainer", timeout=60_000)
    assert page.get_by_role("tab").all_inner_texts() == LEARNER_TABS
    assert "Offener Zugang ohne Anmeldung" in page.locator("#zugang-hinweis").inner_text()
    # what a curious learner could try from the browser's console
    refused = page.evaluate(
        """async () => {
            const dep = window.gradio_config.dependencies.find(d => d.api_name === "einlesen");
            const join = await fetch("gradio_api/queue/join", {method: "POST",
                headers: {"content-type": "application/json"},
                body: JSON.stringify({data: [null], fn_index: dep.id, session_hash: "neugier1",
                                      event_data: null, trigger_id: null})});
            const form = new FormData();
            form.append("files", new Blob(["x"]), "gift.txt");
            const upload = await fetch("gradio_api/upload", {method: "POST", body: form});
            return [join.status, (await join.json()).detail[0].message, upload.status];
        }"""
    )
    assert refused[0] == 422
    assert REFUSED_OPEN in refused[1]
    assert refused[2] == 403
    context.close()
