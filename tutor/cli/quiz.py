"""``tutor quiz``: generate and export question sets (``generate``) or play one (``play``).

Thin by design: it checks the arguments (German messages, exit code 2 on bad input), reads the
chunks of the index and hands over to :mod:`tutor.quiz`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.index import StoreError
from tutor.cli.common import Command
from tutor.prompts import render
from tutor.quiz.exports import (
    FORMATS,
    check_format,
    encoding_for,
    export,
    format_for_suffix,
    write_atomic,
)
from tutor.quiz.generate import check_count, parse_types
from tutor.quiz.grading import option_letters
from tutor.quiz.models import QuizError, QuizScope
from tutor.quiz.session import start_quiz, submit_answer, summary, view
from tutor.settings import Settings

if TYPE_CHECKING:
    from tutor.quiz.generate import QuizGenerator


def _common(p: argparse.ArgumentParser, count: str) -> None:
    p.add_argument("--module", help="Modulnummer (ohne Angabe: gemischt, alle Module)")
    p.add_argument("--source", help="Dokument statt Kurs: sein Dateiname im Kursordner")
    p.add_argument("--count", default=count, help=f"Anzahl der Fragen (Standard {count})")
    p.add_argument("--types", default="mc,tf,cloze", help="Fragetypen: mc, tf, cloze")
    p.add_argument("--seed", help="Zufallsstartwert: gleicher Seed ergibt dasselbe Quiz")


def _quiz_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="quiz_command")
    gen = sub.add_parser("generate", help="Fragen erzeugen und exportieren")
    _common(gen, "10")
    gen.add_argument("--format", help=f"Exportformat: {', '.join(FORMATS)}")
    gen.add_argument("-o", "--output", help="Ausgabedatei")
    gen.add_argument("--stats", action="store_true", help="Zählwerte als JSON ausgeben")
    gen.add_argument(
        "--llm-entwuerfe",
        action="store_true",
        help="Fragen zusätzlich vom Sprachmodell entwerfen lassen (braucht TUTOR_LLM); "
        "jeder Entwurf wird wie die übrigen Fragen geprüft",
    )
    play = sub.add_parser("play", help="Ein Quiz im Terminal beantworten")
    _common(play, "5")


def _int(value: str | None, key: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise QuizError(render("quiz", key, wert=value)) from None


def _scope(args: argparse.Namespace) -> QuizScope:
    if args.module is not None and args.source:
        raise QuizError(render("quiz", "fehler.modul_oder_quelle"))
    if args.source:
        return QuizScope(source=args.source)
    if args.module is None:
        return QuizScope()
    module = _int(args.module, "fehler.modul_ungueltig")
    return QuizScope(module=module)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return check_format(args.format)
    suffix = Path(args.output).suffix if args.output else ""
    inferred = format_for_suffix(suffix)
    if inferred is None:  # nothing to check: ask for the format instead of naming "" unknown
        erlaubt = ", ".join(FORMATS)
        endung = suffix or "(keine)"
        raise QuizError(render("quiz", "fehler.format_fehlt", erlaubt=erlaubt, endung=endung))
    return inferred


def _output(args: argparse.Namespace) -> Path:
    if not args.output:
        raise QuizError(render("quiz", "fehler.ausgabe_fehlt"))
    path = Path(args.output)
    if not path.parent.is_dir():
        grund = f"Ordner {path.parent} existiert nicht"
        raise QuizError(render("quiz", "fehler.schreiben", pfad=path, grund=grund))
    return path


def quiz_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch ``tutor quiz generate|play``."""
    try:
        if args.quiz_command == "generate":
            return _generate(args, settings)
        if args.quiz_command == "play":
            return _play(args, settings)
        print("Bitte „tutor quiz generate …“ oder „tutor quiz play …“ angeben.", file=sys.stderr)
        return 2
    except (QuizError, StoreError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2


def _generator(settings: Settings) -> QuizGenerator:
    """The quiz generator over the active index (StoreError in German if there is none)."""
    from tutor.container import Container

    return Container(settings).quiz()


def _generate(args: argparse.Namespace, settings: Settings) -> int:
    """Generate, validate, export and write atomically; report counts."""
    scope = _scope(args)
    count = _int(args.count, "fehler.anzahl") or 0
    check_count(count)
    types = parse_types(args.types)
    seed = _int(args.seed, "fehler.seed")
    path = _output(args)  # first: without a file there is no ending to take the format from
    fmt = _format(args)
    if args.llm_entwuerfe:
        settings = settings.model_copy(update={"quiz_drafts": True})
    generator = _generator(settings)
    generator.material.check_scope(scope)
    result = generator.generate(scope, count, types, seed)
    for warning in result.warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    if not result.quiz.items:
        return 1
    exported = export(result.quiz, fmt)
    write_atomic(path, exported.text, encoding_for(fmt))
    for note in exported.notes:
        print(f"Hinweis: {note}", file=sys.stderr)
    stats = result.stats
    print(
        f"{exported.exported} Fragen ({scope.label()}, Seed {result.quiz.seed}) als {fmt} "
        f"nach {path} geschrieben. Geprüft: {stats.generated}, verworfen: "
        f"{stats.rejected_total} {dict(stats.rejected) or ''}".rstrip()
    )
    if args.stats:
        print(json.dumps(stats.model_dump(), ensure_ascii=False))
    return 0


def _play(args: argparse.Namespace, settings: Settings) -> int:
    """Answer a quiz in the terminal: question, answer, feedback; score at the end."""
    scope = _scope(args)
    count = _int(args.count, "fehler.anzahl") or 0
    generator = _generator(settings)
    session = start_quiz(
        generator, scope, count, parse_types(args.types), _int(args.seed, "fehler.seed")
    )
    while (shown := view(session)) is not None:
        print(f"\nFrage {shown.number}/{shown.total}: {shown.question}")
        for letter, option in zip(option_letters(shown.options), shown.options, strict=True):
            print(f"  {letter}) {option}")
        try:
            given = input("> ")
        except EOFError:
            break
        try:
            session, feedback = submit_answer(session, given, generator.grader)
        except QuizError as exc:
            print(exc)
            continue
        print(feedback.message)
        if feedback.note:
            print(feedback.note)
        print(feedback.explanation)
        print(
            render(
                "quiz",
                "rueckmeldung.stand",
                richtig=feedback.right_so_far,
                beantwortet=feedback.answered,
            )
        )
    result = summary(session)
    print(f"\n{result.message}\n{result.review_message}")
    for entry in result.review:
        print(f"  - {entry.location}")
    return 0


COMMAND = Command("quiz", "Quizfragen erzeugen, exportieren oder beantworten", _quiz_args, quiz_cmd)
