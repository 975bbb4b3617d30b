"""The app with logins behind the real Caddy and nginx of docs/BETRIEB.md, with TLS.

Through each proxy: log in, ask a question (the answer arrives over the queue's Server-Sent
Events), upload a file larger than the proxies' default body limit, and download an export
by the public HTTPS address the app builds from the X-Forwarded headers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.deploy_configs import caddy_config, caddy_env, nginx_config, self_signed
from tests.e2e.conftest import free_port, running_app
from tutor.web.auth import add_user

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def app(corpus_settings, tmp_path_factory):
    data = tmp_path_factory.mktemp("proxied-app")
    logins = data / "logins.toml"
    add_user(logins, "anna", "trainer", "trainer-pass-1")
    with running_app(corpus_settings, data, TUTOR_AUTH_FILE=str(logins)) as url:
        yield int(url.rsplit(":", 1)[1].strip("/"))


@contextmanager
def serving(
    cmd: list[str], url: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run a proxy until it answers on ``url``; stop it afterwards (output in ``log``)."""
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace"))
            try:
                httpx.get(url, verify=False, timeout=2)
                break
            except httpx.HTTPError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()  # graceful: Caddy waits for open event streams, so not for long
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def ports(app_port: int) -> dict[str, int]:
    return {"http": free_port(), "https": free_port(), "app": app_port}


@pytest.fixture(params=["caddy", "nginx"])
def proxy(request, app, tmp_path) -> Iterator[str]:
    tool = shutil.which(request.param) or shutil.which(request.param, path="/usr/sbin")
    if tool is None:
        pytest.skip(f"{request.param} fehlt (Debian-Paket; `make deploy-tools`)")
    p = ports(app)
    url = f"https://localhost:{p['https']}/"
    if request.param == "caddy":
        config = caddy_config("Caddyfile", tmp_path, p)
        cmd = [tool, "run", "--config", str(config), "--adapter", "caddyfile"]
        with serving(cmd, url, tmp_path / "caddy.log", caddy_env(tmp_path)):
            yield url
    else:
        config = nginx_config("nginx-ki-tutor.conf", tmp_path, self_signed(tmp_path / "c"), p)
        cmd = [tool, "-c", str(config), "-e", str(tmp_path / "error.log")]
        with serving(cmd, url, tmp_path / "nginx.log"):
            yield url


def test_login_question_upload_and_download_through_the_proxy(proxy, tmp_path):
    from gradio_client import Client

    client = Client(proxy, auth=("anna", "trainer-pass-1"), verbose=False, ssl_verify=False)
    answer = client.predict("Was sind digitale Zwillinge?", api_name="/ask")
    assert answer["citations"]

    big = os.urandom(3 * 1024 * 1024)  # over nginx's 1 MB default
    upload = httpx.post(
        proxy + "gradio_api/upload",
        files={"files": ("gross.txt", big)},
        cookies=client.cookies,
        verify=False,
        timeout=120,
    )
    assert upload.status_code == 200, upload.text
    [stored] = upload.json()
    assert Path(stored).name == "gross.txt"

    listing, *_ = client.predict("3", 3, ["mc", "tf", "cloze"], "7", api_name="/trainer_generate")
    assert "Fragensatz" in listing
    path, note = client.predict("gift", api_name="/trainer_export")
    assert note.startswith("✔")
    assert Path(path).read_text(encoding="utf-8").count("::") >= 3  # downloaded over HTTPS

    refused = httpx.post(proxy + "login", data={"username": "anna", "password": "x"}, verify=False)
    assert refused.status_code == 400
