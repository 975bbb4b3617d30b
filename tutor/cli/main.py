"""The root of the ``tutor`` command line: the command table and the entry point.

Thin by design: each command group lives in its own module and only parses arguments, asks
the container for the engine and prints results. :data:`COMMANDS` lists them all.
"""

from __future__ import annotations

import argparse
import sys

from tutor.cli import ask, checklist, database, evaluate, ingest, privacy, quiz, serve, users
from tutor.cli.common import Command
from tutor.settings import load_settings

COMMANDS: tuple[Command, ...] = (
    ingest.COMMAND,
    ask.RETRIEVE,
    ask.ASK,
    serve.COMMAND,
    checklist.COMMAND,
    database.COMMAND,
    evaluate.COMMAND,
    privacy.COMMAND,
    quiz.COMMAND,
    users.COMMAND,
)
"""Every sub-command, in the order ``tutor --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each sub-parser knows its command (``args.command``)."""
    parser = argparse.ArgumentParser(prog="tutor", description="KI-Tutor für KMU")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_arguments(sub.add_parser(command.name, help=command.help))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tutor`` console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ValueError as exc:
        print(f"Fehler in den Einstellungen (TUTOR_…): {exc}", file=sys.stderr)
        return 2
    handlers = {command.name: command.run for command in COMMANDS}
    return handlers[args.command](args, settings)


if __name__ == "__main__":
    sys.exit(main())
