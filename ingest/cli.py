"""Command line for ingest: ``tutor ingest`` and ``python -m ingest``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.index import StoreError
from ingest.pipeline import IngestSummary, run_ingest
from ingest.settings import IngestSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of the ingest command."""
    parser.add_argument(
        "paths", nargs="*", type=Path, help="Dateien oder Ordner (Standard: Korpus)"
    )
    parser.add_argument("--rebuild", action="store_true", help="Index komplett neu aufbauen")
    parser.add_argument("--json", action="store_true", help="Zusammenfassung als JSON ausgeben")


def run(args: argparse.Namespace, settings: IngestSettings) -> int:
    """Run an ingest and print the summary; return the exit code."""
    try:
        if args.json:
            summary = run_ingest(settings, args.paths or None, args.rebuild)
        else:
            summary = _run_with_progress(settings, args.paths or None, args.rebuild)
    except StoreError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
    else:
        _print_summary(summary)
    single_bad = len(args.paths) == 1 and bool(summary.errors)
    return 1 if (summary.files == 0 or single_bad) else 0


def _run_with_progress(
    settings: IngestSettings, paths: list[Path] | None, rebuild: bool
) -> IngestSummary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("Einbetten", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run_ingest(settings, paths, rebuild, progress=update)


def _print_summary(s: IngestSummary) -> None:
    print(
        f"Ingest fertig: {s.files} Dateien, {s.pages} Seiten, {s.chunks_added} Abschnitte neu, "
        f"{s.chunks_unchanged} unverändert, {s.chunks_removed} entfernt ({s.seconds:.1f} s)."
    )
    for error in s.errors:
        print(f"  ✗ {error.file}: {error.reason}")


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m ingest``."""
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Kursmaterial indexieren")
    add_arguments(parser)
    return run(parser.parse_args(argv), IngestSettings())
