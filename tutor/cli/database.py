"""``tutor datenbank status|migrieren``: the schema of the progress database, for updates.

The app migrates on first use anyway (locked, so several instances may start at once); this
command lets an operator see and run the step before the service starts after an update.
"""

from __future__ import annotations

import argparse
import sys

from alembic.util.exc import CommandError
from sqlalchemy.exc import DBAPIError

from tutor.cli.common import Command
from tutor.progress import ProgressStore
from tutor.progress.db import current_revision, head_revision, migrate
from tutor.prompts import render
from tutor.settings import Settings


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "aktion",
        choices=["status", "migrieren"],
        help="status: Schema-Stand zeigen; migrieren: auf den neuesten Stand bringen",
    )


def _t(key: str, **values: object) -> str:
    return render("zugang", f"datenbank.{key}", **values)


def database_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Print the schema revision, or migrate to head; exit 2 with a German error."""
    store = ProgressStore.from_settings(settings)
    try:
        before = current_revision(store.engine) or "leer"
        if args.aktion == "migrieren":
            migrate(store.engine)
        now = current_revision(store.engine) or "leer"
    except (DBAPIError, CommandError) as exc:
        print(_t("fehler", grund=str(exc).splitlines()[0]), file=sys.stderr)
        return 2
    finally:
        store.close()
    head = head_revision()
    if args.aktion == "migrieren":
        print(_t("migriert", vorher=before, jetzt=now, backend=store.backend))
    else:
        if now == head:
            print(_t("aktuell", backend=store.backend, stand=now))
        else:
            print(_t("veraltet", backend=store.backend, stand=now, neu=head))
    return 0


COMMAND = Command(
    "datenbank", "Fortschritts-Datenbank: Schema-Stand und Migration", _args, database_cmd
)
