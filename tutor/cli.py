"""The ``tutor`` command line: ingest, retrieve, ask, eval, checklist, quiz, serve.

Thin by design: it parses arguments, asks the container for the engine and prints results.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ingest import cli as ingest_cli
from tutor.settings import Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    """The argument parser and the handler for each sub-command."""
    parser = argparse.ArgumentParser(prog="tutor", description="KI-Tutor für KMU")
    sub = parser.add_subparsers(dest="command", required=True)
    handlers: dict[str, Command] = {}

    ingest = sub.add_parser("ingest", help="Kursmaterial indexieren")
    ingest_cli.add_arguments(ingest)
    handlers["ingest"] = audited_ingest

    from tutor import commands

    for name, (help_text, add_args, handler) in commands.COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text)
        add_args(sub_parser)
        handlers[name] = handler
    return parser, handlers


def audited_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """``tutor ingest`` plus an entry in the material audit trail (who: the OS user)."""
    import getpass

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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tutor`` console script."""
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ValueError as exc:
        print(f"Fehler in den Einstellungen (TUTOR_…): {exc}", file=sys.stderr)
        return 2
    return handlers[args.command](args, settings)


if __name__ == "__main__":
    sys.exit(main())
