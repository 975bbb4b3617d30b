"""``tutor privacy``: access (DSGVO Art. 15), erasure (Art. 17) and retention cleanup.

- ``tutor privacy export LERNENDE [-o DATEI]``: everything stored for a learner as JSON.
- ``tutor privacy delete LERNENDE [--ja]``: erase it (asks first unless ``--ja``).
- ``tutor privacy cleanup``: delete chat transcripts older than TUTOR_RETENTION_DAYS and
  audit-trail entries older than TUTOR_AUDIT_RETENTION_DAYS.

LERNENDE is a login name or the browser id shown in "Mein Fortschritt" (``anon-…``); both are
turned into the stored pseudonym with the same key as the web app. A login name also covers
the entries of the material audit trail that name it (export; delete makes them anonymous).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.textkit import write_atomic
from tutor.cli.common import Command
from tutor.container import Container
from tutor.progress import ProgressUnavailable, is_browser_id
from tutor.progress.audit import cleanup_changes
from tutor.progress.privacy import (
    cleanup_transcripts,
    count_learner_rows,
    delete_learner,
    export_learner,
)
from tutor.prompts import render
from tutor.settings import Settings


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "aktion",
        choices=["export", "delete", "cleanup"],
        help="export: Auskunft als JSON; delete: alles löschen; cleanup: alte Chats löschen",
    )
    p.add_argument("lernende", nargs="?", help="Login-Name oder Kennung anon-… (export/delete)")
    p.add_argument("-o", "--output", type=Path, help="export: JSON in diese Datei (sonst stdout)")
    p.add_argument("--ja", action="store_true", help="delete: ohne Rückfrage löschen")
    p.add_argument(
        "--tage", type=int, help="cleanup: Aufbewahrung in Tagen (Standard: Einstellung)"
    )


def _t(key: str, **values: object) -> str:
    return render("fortschritt", key, **values)


def _write_private(path: Path, text: str) -> None:
    """Write the export atomically with mode 600 (it holds personal data)."""
    write_atomic(path, text, mode=0o600)


def privacy_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch export / delete / cleanup; German errors and exit code 2 on failure."""
    container = Container(settings)
    if args.aktion != "cleanup" and not (args.lernende or "").strip():
        print("Fehler: Bitte Login-Namen oder Kennung (anon-…) angeben.", file=sys.stderr)
        return 2
    try:
        if args.aktion == "cleanup":
            days = args.tage if args.tage is not None else settings.retention_days
            if days < 1:
                print("Fehler: --tage muss mindestens 1 sein.", file=sys.stderr)
                return 2
            gone = cleanup_transcripts(container.progress, days)
            print(_t("privacy.bereinigt", anzahl=gone.transcripts, tage=days))
            audit_days = settings.audit_retention_days
            old = cleanup_changes(container.progress, audit_days)
            print(render("zugang", "protokoll.bereinigt", anzahl=old, tage=audit_days))
            return 0
        learner = container.pseudonyms.for_learner(args.lernende)
        login = None if is_browser_id(args.lernende) else args.lernende.strip()
        if args.aktion == "export":
            return _export(container, learner, login, args.output)
        return _delete(container, learner, login, args.ja)
    except ProgressUnavailable as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2


def _export(container: Container, learner: str, login: str | None, output: Path | None) -> int:
    exported = export_learner(container.progress, learner, login)
    data = json.dumps(exported, ensure_ascii=False, indent=2)
    if output is None:
        print(data)
        return 0
    _write_private(output, data + "\n")
    print(_t("privacy.export_ok", kennung=learner, datei=output))
    return 0


def _delete(container: Container, learner: str, login: str | None, confirmed: bool) -> int:
    found = count_learner_rows(container.progress, learner, login)
    if found.total == 0:
        print(_t("privacy.nichts", kennung=learner))
        return 0
    if not confirmed:
        answer = input(_t("privacy.rueckfrage", anzahl=found.total, kennung=learner))
        if answer.strip().lower() not in {"j", "ja", "y", "yes"}:
            print(_t("privacy.abgebrochen"))
            return 1
    gone = delete_learner(container.progress, learner, login)
    print(
        _t(
            "privacy.geloescht",
            kennung=learner,
            versuche=gone.quiz_attempts,
            antworten=gone.quiz_answers,
            checks=gone.checklist_sessions,
            chats=gone.transcripts,
        )
    )
    if gone.material_changes:
        print(render("zugang", "protokoll.anonymisiert", anzahl=gone.material_changes))
    return 0


COMMAND = Command(
    "privacy", "Datenschutz: Auskunft, Löschung, Aufbewahrungsfrist", _args, privacy_cmd
)
