"""The operations snippets of docs/BETRIEB.md pass the real validators and really work.

- Every file in deploy/ appears verbatim in docs/BETRIEB.md (the guide cannot drift).
- systemd units: `systemd-analyze verify` without a single warning.
- Caddy: `caddy validate`; nginx: `nginx -t` (Debian packages, `make deploy-tools`).
- Each validator rejects a deliberately broken copy (so a pass means something).
- The backup script really backs up a SQLite and a PostgreSQL progress database, the key,
  the logins, the corpus and the index, and the copies restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.conftest import make_settings
from tests.deploy_configs import (
    DEPLOY,
    DOCS,
    SYSTEMD_UNITS,
    caddy_config,
    caddy_env,
    nginx_config,
    self_signed,
    systemd_units,
)
from tests.progress_pg import pg_bin, shared_server, skip_reason
from tutor.progress import ProgressStore
from tutor.progress.audit import recent_changes, record_change

pytestmark = pytest.mark.integration


def need(tool: str) -> str:
    path = shutil.which(tool) or (
        f"/usr/sbin/{tool}" if os.path.exists(f"/usr/sbin/{tool}") else None
    )
    if path is None:
        pytest.skip(f"{tool} fehlt (Debian-Paket; `make deploy-tools` installiert es)")
    return path


def test_guide_shows_every_deploy_file_verbatim():
    guide = DOCS.read_text(encoding="utf-8")
    files = sorted(p.name for p in DEPLOY.iterdir() if p.is_file())
    assert len(files) >= 9
    for name in files:
        assert (DEPLOY / name).read_text(encoding="utf-8").strip() in guide, name


def run(*cmd: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kwargs)


def test_systemd_units_verify_cleanly(tmp_path):
    analyze = need("systemd-analyze")
    units = systemd_units(tmp_path)
    done = run(analyze, "verify", *SYSTEMD_UNITS, cwd=units)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    broken = units / "ki-tutor.service"
    broken.write_text(broken.read_text().replace("ProtectHome=yes", "ProtectHome=jain"))
    done = run(analyze, "verify", "ki-tutor.service", cwd=units)
    assert "protect home value" in done.stderr  # a warning, which the clean run had none of


@pytest.mark.parametrize("name", ["Caddyfile", "Caddyfile.mehrere"])
def test_caddyfiles_validate(tmp_path, name):
    caddy = need("caddy")
    config = caddy_config(name, tmp_path)
    done = run(caddy, "validate", "--config", str(config), "--adapter", "caddyfile",
               env=caddy_env(tmp_path))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Valid configuration" in done.stdout + done.stderr
    config.write_text(config.read_text().replace("flush_interval -1", "flush_interval sofort"))
    done = run(caddy, "validate", "--config", str(config), "--adapter", "caddyfile",
               env=caddy_env(tmp_path))  # fmt: skip
    assert done.returncode != 0


@pytest.mark.parametrize("site", ["nginx-ki-tutor.conf", "nginx-mehrere.conf"])
def test_nginx_sites_pass_nginx_t(tmp_path, site):
    nginx = need("nginx")
    config = nginx_config(site, tmp_path, self_signed(tmp_path / "certs"))
    done = run(nginx, "-t", "-c", str(config), "-e", str(tmp_path / "error.log"))
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
    site_file = tmp_path / "site.conf"
    site_file.write_text(
        site_file.read_text().replace("proxy_buffering off;", "proxy_buffering aus;")
    )
    done = run(nginx, "-t", "-c", str(config), "-e", str(tmp_path / "error.log"))
    assert done.returncode != 0


def installed(tmp_path, database_url: str | None):
    """A 'server' in tmp: env file as in deploy/ki-tutor.env with its paths moved to tmp."""
    base = tmp_path / "var-lib"
    settings = make_settings(base / "corpus", base / "vectorstore")
    (base / "corpus").mkdir(parents=True)
    (base / "corpus" / "kurs.md").write_text("# Kurs\nKI im Betrieb.", encoding="utf-8")
    (base / "vectorstore" / "gen-1").mkdir(parents=True)
    (base / "vectorstore" / "CURRENT").write_text("gen-1", encoding="utf-8")
    logins = base / "logins.toml"
    logins.write_text('[benutzer."anna"]\nrolle = "trainer"\npasswort = "x"\n', encoding="utf-8")
    env_text = (DEPLOY / "ki-tutor.env").read_text(encoding="utf-8")
    env_text = env_text.replace("/var/lib/ki-tutor/data", str(settings.data_dir))
    env_text = env_text.replace("/var/lib/ki-tutor", str(base))
    if database_url:
        env_text += f"\nTUTOR_DATABASE_URL={database_url}\n"
    env_file = tmp_path / "ki-tutor.env"
    env_file.write_text(env_text, encoding="utf-8")
    url = database_url or f"sqlite:///{settings.data_dir}/db/fortschritt.sqlite"
    store = ProgressStore(url)
    record_change(store, "anna", "upload", ["kurs.md"], "ok")
    (settings.data_dir / "db").mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "db" / "pseudonym.key").write_bytes(b"k" * 32)
    return env_file


def backup(tmp_path, env_file, extra_path: str = "") -> Path:
    import sys

    env = {
        **os.environ,
        "KI_TUTOR_ENV": str(env_file),
        "KI_TUTOR_PYTHON": sys.executable,
        "PATH": f"{extra_path}:{os.environ['PATH']}" if extra_path else os.environ["PATH"],
    }
    done = run("bash", str(DEPLOY / "ki-tutor-backup.sh"), str(tmp_path / "backups"), env=env)
    assert done.returncode == 0, done.stderr
    [target] = list((tmp_path / "backups").iterdir())
    assert (target / "pseudonym.key").read_bytes() == b"k" * 32
    assert "anna" in (target / "logins.toml").read_text(encoding="utf-8")
    with tarfile.open(target / "korpus.tar.gz") as tar:
        assert "corpus/kurs.md" in tar.getnames()
    with tarfile.open(target / "index.tar.gz") as tar:
        assert "vectorstore/CURRENT" in tar.getnames()
    assert oct(target.stat().st_mode & 0o777) == "0o700"
    return target


def test_backup_script_with_sqlite(tmp_path):
    target = backup(tmp_path, installed(tmp_path, None))
    copy = target / "fortschritt.sqlite"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT actor FROM material_changes").fetchall() == [("anna",)]
    assert [e.actor for e in recent_changes(ProgressStore(f"sqlite:///{copy}"))] == ["anna"]


def test_backup_script_with_postgresql(tmp_path):
    server = shared_server()
    if server is None:
        pytest.skip(skip_reason())
    url, bindir = server.create_database(), pg_bin()
    assert bindir is not None
    target = backup(tmp_path, installed(tmp_path, url), extra_path=str(bindir))
    restored = server.create_database()
    libpq = restored.replace("+psycopg", "")
    done = run(str(bindir / "pg_restore"), "--no-owner", "-d", libpq,
               str(target / "fortschritt.pgdump"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [e.actor for e in recent_changes(ProgressStore(restored))] == ["anna"]
