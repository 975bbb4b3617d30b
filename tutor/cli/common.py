"""What every command module of :mod:`tutor.cli` shares: the command record and JSON I/O."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.settings import Settings

AddArguments = Callable[[argparse.ArgumentParser], None]
Handler = Callable[[argparse.Namespace, Settings], int]


@dataclass(frozen=True)
class Command:
    """One sub-command of ``tutor``: its name, German help line, arguments and handler.

    The handler parses nothing itself; it gets the parsed arguments and the settings and
    returns the exit code (0 ok, 1 nothing done, 2 bad input or a German error).
    """

    name: str
    help: str
    add_arguments: AddArguments
    run: Handler


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Lines of a JSONL file; a broken line stops with a German message naming it."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    raise SystemExit(
                        f"Fehler: Zeile {number} in {path} ist kein gültiges JSON."
                    ) from None


def emit(obj: dict[str, Any]) -> None:
    """Print one JSON object on one line."""
    print(json.dumps(obj, ensure_ascii=False), flush=True)
