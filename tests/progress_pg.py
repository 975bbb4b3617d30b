"""A real PostgreSQL server for the progress-store tests (Debian's `postgresql` package).

Started once per test session in a temp folder on a free loopback port (trust auth, fsync off)
and stopped at exit; each test gets its own fresh database. As root the server runs as the
``postgres`` user (initdb refuses root). When the binaries are missing or the server does not
start, :func:`shared_server` returns None and :func:`skip_reason` says why.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from functools import cache
from pathlib import Path

_reason: list[str] = []


def pg_bin() -> Path | None:
    """The newest installed PostgreSQL bin folder (e.g. /usr/lib/postgresql/15/bin)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One throw-away PostgreSQL cluster (start, stop, create databases)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = _free_port()
        self.data = Path(tempfile.mkdtemp(prefix="ki-tutor-pg-"))
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.data, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        """Start (or restart) the server; returns when it accepts connections."""
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w",
                  "-o", options, "start")  # fmt: skip

    def stop(self) -> None:
        """Stop the server now (open connections are cut)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        """Stop (if running) and delete the cluster."""
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop()
        shutil.rmtree(self.data, ignore_errors=True)


def new_server() -> PgServer | None:
    """A started server of its own (for tests that stop it), or None (see skip_reason)."""
    bindir = pg_bin()
    if bindir is None:
        _reason.append("PostgreSQL fehlt (Debian-Paket `postgresql`, `make postgresql`).")
        return None
    try:
        server = PgServer(bindir)
        server.start()
    except (subprocess.SubprocessError, OSError, KeyError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        _reason.append(f"PostgreSQL startet nicht: {exc} {detail.decode(errors='replace')[:300]}")
        return None
    atexit.register(server.remove)
    return server


@cache
def shared_server() -> PgServer | None:
    """The session's shared server (started on first use)."""
    return new_server()


def skip_reason() -> str:
    """Why no server is available."""
    return _reason[-1] if _reason else "PostgreSQL nicht verfügbar."
