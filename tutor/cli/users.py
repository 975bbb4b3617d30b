"""``tutor benutzer``: logins of the web app in the file named by TUTOR_AUTH_FILE.

- ``anlegen NAME --rolle trainer|lernende``: add an account (or replace it, unlocked),
- ``liste``: every account with role and status,
- ``sperren NAME`` / ``entsperren NAME``: lock or unlock an account,
- ``zuruecksetzen NAME [--zufall]``: set a new password (or generate one and print it once).

A running app reads the file again when it changes: a locked account or a reset password ends
that account's sessions at their next request.
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys

from tutor.cli.common import Command
from tutor.prompts import render
from tutor.settings import Settings
from tutor.web.auth import AuthFileError, add_user, load_users, reset_password, set_disabled

ACTIONS = ["anlegen", "liste", "sperren", "entsperren", "zuruecksetzen"]
RANDOM_PASSWORD_BYTES = 12  # 16 URL-safe characters


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "aktion",
        choices=ACTIONS,
        help="anlegen: hinzufügen/ändern; liste: alle Konten; sperren/entsperren; "
        "zuruecksetzen: neues Passwort",
    )
    p.add_argument("name", nargs="?", help="Benutzername (nicht bei liste)")
    p.add_argument("--rolle", choices=["trainer", "lernende"], default="lernende")
    p.add_argument("--passwort-stdin", action="store_true", help="Passwort von stdin lesen")
    p.add_argument(
        "--zufall", action="store_true", help="zuruecksetzen: zufälliges Passwort erzeugen"
    )


def _t(key: str, **values: object) -> str:
    return render("zugang", f"benutzer.{key}", **values)


def _password(args: argparse.Namespace) -> str | None:
    """The new password from stdin or asked twice; None when the two entries differ."""
    if args.passwort_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Passwort: ")
    return password if password == getpass.getpass("Passwort wiederholen: ") else None


def user_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch the account actions; German errors and exit code 2 on failure."""
    path = settings.auth_file
    if path is None:
        print(f"Fehler: {_t('ohne_datei')}", file=sys.stderr)
        return 2
    if args.aktion != "liste" and not (args.name or "").strip():
        print(f"Fehler: {_t('name_fehlt')}", file=sys.stderr)
        return 2
    try:
        if args.aktion == "liste":
            print(_t("kopf"))
            for user in load_users(path).values():
                status = _t("status_gesperrt") if user.disabled else _t("aktiv")
                print(_t("zeile", konto=user.name, rolle=user.role, status=status))
        elif args.aktion in ("sperren", "entsperren"):
            set_disabled(path, args.name, args.aktion == "sperren")
            print(_t("gesperrt" if args.aktion == "sperren" else "entsperrt", konto=args.name))
        else:
            return _set_password(args, settings)
    except AuthFileError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    return 0


def _set_password(args: argparse.Namespace, settings: Settings) -> int:
    path = settings.auth_file
    assert path is not None
    generated = args.aktion == "zuruecksetzen" and args.zufall
    password = secrets.token_urlsafe(RANDOM_PASSWORD_BYTES) if generated else _password(args)
    if password is None:
        print(f"Fehler: {_t('ungleich')}", file=sys.stderr)
        return 2
    if args.aktion == "anlegen":
        add_user(path, args.name, args.rolle, password)
        print(_t("angelegt", konto=args.name, rolle=args.rolle, datei=path))
        return 0
    reset_password(path, args.name, password)
    if generated:
        print(_t("zufall", konto=args.name, passwort=password))
    print(_t("zurueckgesetzt", konto=args.name))
    return 0


COMMAND = Command("benutzer", "Logins für die Web-App verwalten (TUTOR_AUTH_FILE)", _args, user_cmd)
