"""The operations snippets in deploy/ (shown verbatim in docs/BETRIEB.md), made runnable here.

Each function changes only what cannot exist on a test machine, and says so: the install
prefix /opt/ki-tutor, the Let's Encrypt certificate paths (a self-signed certificate), the
public ports and domain (free loopback ports, ``localhost``), the upstream port of the app.
Everything else – proxy headers, buffering, timeouts, body size, hardening – is used as
written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
DOCS = ROOT / "docs" / "BETRIEB.md"
PREFIX = "/opt/ki-tutor"
UPSTREAM = "127.0.0.1:7860"
DOMAIN = "kurs.example.de"
SYSTEMD_UNITS = [
    "ki-tutor.service",
    "ki-tutor-backup.service",
    "ki-tutor-backup.timer",
    "ki-tutor-chroma.service",
]


def self_signed(folder: Path) -> Path:
    """fullchain.pem and privkey.pem for localhost in ``folder`` (openssl)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-keyout", str(folder / "privkey.pem"),
         "-out", str(folder / "fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return folder


def systemd_units(tmp: Path) -> Path:
    """The units with /opt/ki-tutor pointing at a prefix whose programs exist (verify checks
    that every ExecStart is executable); returns the folder of the copied units."""
    prefix = tmp / "prefix"
    (prefix / ".venv" / "bin").mkdir(parents=True)
    (prefix / "deploy").mkdir()
    venv_bin = Path(sys.executable).parent
    for program in ("tutor", "chroma"):
        (prefix / ".venv" / "bin" / program).symlink_to(venv_bin / program)
    shutil.copy2(DEPLOY / "ki-tutor-backup.sh", prefix / "deploy")
    units = tmp / "units"
    units.mkdir()
    for name in SYSTEMD_UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8").replace(PREFIX, str(prefix))
        (units / name).write_text(text, encoding="utf-8")
    return units


def nginx_config(site: str, tmp: Path, certs: Path, ports: dict[str, int] | None = None) -> Path:
    """A complete nginx.conf around one site file of deploy/; with ``ports`` ready to run
    (``{"http": …, "https": …, "app": …}``), else for ``nginx -t`` only."""
    text = (DEPLOY / site).read_text(encoding="utf-8")
    text = text.replace(f"/etc/letsencrypt/live/{DOMAIN}/", f"{certs}/")
    if ports:
        text = text.replace("listen 80;", f"listen 127.0.0.1:{ports['http']};")
        text = text.replace(
            "listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;"
        )
        text = "\n".join(line for line in text.splitlines() if "listen [::]" not in line)
        text = text.replace(UPSTREAM, f"127.0.0.1:{ports['app']}")
    (tmp / "site.conf").write_text(text, encoding="utf-8")
    temp = tmp / "temp"
    temp.mkdir(exist_ok=True)
    # Debian runs the workers as www-data; here they stay the test's user, because the
    # pytest temp folders are not traversable for others (uploads are buffered to disk)
    worker = "user root;" if os.geteuid() == 0 else ""
    main = f"""
{worker}
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp}/site.conf;
}}
"""
    (tmp / "nginx.conf").write_text(main, encoding="utf-8")
    return tmp / "nginx.conf"


def caddy_config(name: str, tmp: Path, ports: dict[str, int] | None = None) -> Path:
    """The Caddyfile as written (for ``caddy validate``); with ``ports`` a runnable copy on
    https://localhost:<port> with Caddy's internal CA instead of Let's Encrypt."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    if ports:
        text = text.replace(
            f"{DOMAIN} {{", f"https://localhost:{ports['https']} {{\n\ttls internal", 1
        )
        text = text.replace(UPSTREAM, f"127.0.0.1:{ports['app']}")
        text = text.replace("/var/log/caddy/ki-tutor.log", str(tmp / "access.log"))
        options = [
            "admin off",
            "skip_install_trust",
            f"http_port {ports['http']}",
            f"https_port {ports['https']}",
            f"storage file_system {tmp / 'caddy-data'}",
        ]
        text = "{\n" + "".join(f"\t{o}\n" for o in options) + "}\n" + text
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def caddy_env(tmp: Path) -> dict[str, str]:
    """Caddy writes its state under HOME/XDG folders: keep them in the test folder."""
    return {
        **os.environ,
        "HOME": str(tmp),
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
    }
