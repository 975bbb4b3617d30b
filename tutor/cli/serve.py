"""``tutor serve``: start the web app."""

from __future__ import annotations

import argparse

from tutor.cli.common import Command
from tutor.settings import Settings


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", help="Adresse (Standard: 127.0.0.1)")
    p.add_argument("--port", type=int, help="Port (Standard: 7860)")


def serve_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Start the web app (blocking)."""
    from tutor.web.server import serve

    updates = {k: v for k, v in (("host", args.host), ("port", args.port)) if v}
    serve(settings.model_copy(update=updates))
    return 0


COMMAND = Command("serve", "Web-App starten", _args, serve_cmd)
