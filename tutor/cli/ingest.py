"""``tutor ingest``: ingest's own command (:mod:`ingest.cli`) plus an audit-trail entry."""

from __future__ import annotations

import argparse
import getpass

from ingest import cli as ingest_cli
from tutor.cli.common import Command
from tutor.settings import Settings


def audited_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """``tutor ingest`` plus an entry in the material audit trail (who: the OS user)."""
    from tutor.container import Container
    from tutor.prompts import render
    from tutor.web.material_changes import record

    code = ingest_cli.run(args, settings)
    files = [str(p) for p in args.paths] or [render("zugang", "protokoll.korpus")]
    options = " --rebuild" if args.rebuild else ""
    record(
        Container(settings),
        render("zugang", "protokoll.kommandozeile", benutzer=getpass.getuser()),
        "ingest",
        files,
        "ok" if code == 0 else "fehler",
        render("zugang", "protokoll.cli_detail", optionen=options, code=code),
    )
    return code


COMMAND = Command("ingest", "Kursmaterial indexieren", ingest_cli.add_arguments, audited_ingest)
