"""Command line for ingest: ``tutor ingest`` and ``python -m ingest``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.index import StoreError
from ingest.pipeline import IngestSummary, run_ingest
from ingest.progress import ProgressMeter, duration_text, german_number, progress_text
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
    """Ingest with a live rich bar (chunks done, chunks/s, time left) on a terminal, or a
    plain line every 30 s (and at the end) when stderr is a log file or pipe."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    meter = ProgressMeter()
    if not sys.stderr.isatty():
        last = [0.0]

        def log_line(done: int, total: int) -> None:
            p = meter.update(done, total)
            if total and (p.elapsed_s - last[0] >= 30 or done == total):
                last[0] = p.elapsed_s
                print(f"Einbetten: {progress_text(p)}", file=sys.stderr, flush=True)

        return run_ingest(settings, paths, rebuild, progress=log_line)

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} Abschnitte/s · noch etwa {task.fields[eta]}"),
        transient=True,
    ) as bar:
        task = bar.add_task("Einbetten", total=None, rate="–", eta="–")

        def update(done: int, total: int) -> None:
            p = meter.update(done, total)
            rate = german_number(p.rate) if p.rate else "–"
            bar.update(task, completed=done, total=total, rate=rate, eta=duration_text(p.eta_s))

        return run_ingest(settings, paths, rebuild, progress=update)


def _print_summary(s: IngestSummary) -> None:
    print(
        f"Ingest fertig: {s.files} Dateien, {s.pages} Seiten, {s.chunks_added} Abschnitte neu, "
        f"{s.chunks_unchanged} unverändert, {s.chunks_removed} entfernt ({s.seconds:.1f} s)."
    )
    if s.rebuilt_from_engine:
        print(
            f"Die Embedding-Engine wurde gewechselt ({s.rebuilt_from_engine} → {s.engine}): "
            "der ganze Index wurde neu berechnet."
        )
    for error in s.errors:
        print(f"  ✗ {error.file}: {error.reason}")


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m ingest``."""
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Kursmaterial indexieren")
    add_arguments(parser)
    return run(parser.parse_args(argv), IngestSettings())
