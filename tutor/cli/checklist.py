"""``tutor checklist``: the KI-Readiness check in the terminal, plus two machine interfaces.

- ``tutor checklist`` runs the conversation (input()/print, works with piped stdin);
  ``--report-md``/``--report-pdf`` save the report at the end.
- ``tutor checklist items --json`` prints the parsed questions and score bands.
- ``tutor checklist classify --batch FILE.jsonl`` labels ``{"question_no", "answer"}`` lines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tutor.checklist.guide import load_checklist
from tutor.checklist.interpret import AnswerInterpreter
from tutor.checklist.models import Checklist, ChecklistParseError
from tutor.checklist.pdf import write_pdf
from tutor.checklist.report import write_markdown
from tutor.checklist.result import ChecklistResult
from tutor.checklist.turns import Turn
from tutor.cli.common import Command, emit, read_jsonl
from tutor.container import Container
from tutor.prompts import render
from tutor.settings import Settings


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "action",
        nargs="?",
        choices=["items", "classify"],
        help="items: Fragen und Auswertung ausgeben; classify: Antworten einordnen",
    )
    p.add_argument("--json", action="store_true", help="items als JSON ausgeben")
    p.add_argument("--batch", type=Path, help="classify: JSONL mit {question_no, answer}")
    p.add_argument("--report-md", type=Path, help="Bericht am Ende als Markdown speichern")
    p.add_argument("--report-pdf", type=Path, help="Bericht am Ende als PDF speichern")


def _t(key: str, **values: object) -> str:
    return render("checklist", key, **values)


def items_json(checklist: Checklist) -> dict[str, Any]:
    """The documented shape of ``tutor checklist items --json``."""
    return {
        "items": [{"no": i.no, "section": i.section, "text": i.text} for i in checklist.items],
        "bands": [{"min": b.min, "max": b.max, "verdict": b.verdict} for b in checklist.bands],
    }


def checklist_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch to the interactive run, ``items`` or ``classify``."""
    try:
        checklist = load_checklist(settings)
    except ChecklistParseError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    if args.action == "items":
        return _items(checklist, args.json)
    if args.action == "classify":
        return _classify(checklist, args.batch, settings)
    return _interactive(settings, args.report_md, args.report_pdf)


def _items(checklist: Checklist, as_json: bool) -> int:
    if as_json:
        emit(items_json(checklist))
        return 0
    section = ""
    for item in checklist.items:
        if item.section != section:
            section = item.section
            print(f"\n{section}")
        print(f"  {item.no}. {item.text}")
    print()
    for band in checklist.bands:
        print(f"{band.min}–{band.max}: {band.verdict}")
    return 0


def _classify(checklist: Checklist, batch: Path | None, settings: Settings) -> int:
    if batch is None:
        print(_t("cli.batch_fehlt"), file=sys.stderr)
        return 2
    if not batch.exists():
        print(_t("cli.datei_fehlt", pfad=batch), file=sys.stderr)
        return 2
    embedder = Container(settings).embedder
    interpreter = AnswerInterpreter(embed=lambda texts: embedder.embed_queries(texts))
    questions = {item.no: item.text for item in checklist.items}
    for row in read_jsonl(batch):
        number = row.get("question_no")
        question = questions.get(number, "") if isinstance(number, int) else ""
        meaning = interpreter.interpret(str(row.get("answer", "")), question)
        out: dict[str, Any] = {"label": meaning.label}
        if meaning.command:
            out["command"] = meaning.command
        emit(out)
    return 0


def _show(turn: Turn, rich_console: Any) -> None:
    for message in turn.messages:
        if rich_console is not None:
            from rich.markdown import Markdown

            rich_console.print(Markdown(message))
        else:
            print(message)
        print()


def _interactive(settings: Settings, report_md: Path | None, report_pdf: Path | None) -> int:
    console = None
    if sys.stdout.isatty():
        from rich.console import Console

        console = Console()
    conversation = Container(settings).checklist
    turn = conversation.start()
    _show(turn, console)
    while not turn.finished:
        try:
            text = input(_t("cli.eingabe"))
        except (EOFError, KeyboardInterrupt):
            print("\n" + _t("cli.abbruch"), file=sys.stderr)
            return 1
        if not sys.stdin.isatty():
            print(text)  # echo piped input so the transcript reads like a dialogue
        print()
        turn = conversation.reply(turn.state, text)
        _show(turn, console)
    assert turn.result is not None
    return _save_reports(turn.result, report_md, report_pdf)


def _save_reports(result: ChecklistResult, md: Path | None, pdf: Path | None) -> int:
    status = 0
    for path, writer in ((md, write_markdown), (pdf, write_pdf)):
        if path is None:
            continue
        try:
            writer(path, result)
        except OSError as exc:
            print(_t("cli.speichern_fehler", pfad=path, grund=exc.strerror or exc), file=sys.stderr)
            status = 1
            continue
        print(_t("cli.gespeichert", pfad=path))
    return status


COMMAND = Command("checklist", "KI-Readiness-Check im Dialog ausfüllen", _args, checklist_cmd)
