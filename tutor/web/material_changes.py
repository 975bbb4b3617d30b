"""Changes to the course material with an audit trail: who uploaded, ingested or removed what.

The upload handler (:func:`tutor.web.material.upload_and_ingest`) and :func:`remove_document`
record one entry per step in the progress database (:mod:`tutor.progress.audit`). When the
database is down the change itself still happens (the material is what learners need) and
the entry goes to the log as an error instead, so nothing happens unrecorded.
"""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path

from ingest.index import StoreError
from ingest.pipeline import IngestSummary, run_ingest
from tutor.container import Container
from tutor.progress import ProgressUnavailable
from tutor.progress.audit import record_change
from tutor.progress.models import ChangeAction, ChangeOutcome
from tutor.prompts import render
from tutor.web.chat import escape

log = logging.getLogger(__name__)


def _t(key: str, **values: object) -> str:
    return render("zugang", key, **values)


def actor_of(username: str | None) -> str:
    """The name the trail shows: the login, or a fixed label without login."""
    return username or _t("protokoll.lokal")


def record(
    container: Container,
    actor: str,
    action: ChangeAction,
    files: list[str],
    outcome: ChangeOutcome,
    detail: str = "",
) -> None:
    """Store one entry; if the database fails, log the entry as an error instead."""
    try:
        record_change(container.progress, actor, action, files, outcome, detail)
    except ProgressUnavailable as exc:
        log.error(
            _t(
                "protokoll.nicht_gespeichert",
                aktion=action,
                dateien=", ".join(files),
                wer=actor,
                ergebnis=outcome,
                grund=str(exc),
            )
        )


def record_upload(container: Container, actor: str, saved: list[str], refused: list[str]) -> None:
    """The upload step: which files were taken into the corpus folder, which refused."""
    outcome: ChangeOutcome = "ok" if not refused else ("teilweise" if saved else "fehler")
    detail = _t("protokoll.abgelehnt", dateien=", ".join(refused)) if refused else ""
    record(container, actor, "upload", saved + refused, outcome, detail)


def record_ingest(
    container: Container, actor: str, files: list[str], result: IngestSummary | StoreError
) -> None:
    """The ingest step: its summary, or the error that stopped it."""
    if isinstance(result, StoreError):
        record(container, actor, "ingest", files, "fehler", str(result))
        return
    failed = {e.file for e in result.errors}
    outcome: ChangeOutcome = (
        "ok" if not failed else ("teilweise" if len(failed) < len(files) else "fehler")
    )
    detail = render(
        "ui",
        "material.ergebnis",
        dateien=result.files,
        neu=result.chunks_added,
        gleich=result.chunks_unchanged,
        entfernt=result.chunks_removed,
        sekunden=f"{result.seconds:.1f}",
    )
    detail += "".join(f" {e.file}: {e.reason}" for e in result.errors)
    record(container, actor, "ingest", files, outcome, detail)


def indexed_documents(container: Container) -> list[str]:
    """The source names in the active index (choices for removal)."""
    try:
        return sorted({c.source for c in container.corpus.snapshot().chunks})
    except StoreError:
        return []


def remove_document(container: Container, source: str | None, actor: str) -> str:
    """Take one document out of the corpus and the index; a copy of the file is kept in
    data_dir/entfernt. Returns the German result message."""
    if not source:
        return _t("entfernen.keine_auswahl")
    if source not in indexed_documents(container):
        return _t("entfernen.unbekannt", datei=escape(source))
    settings = container.settings
    corpus = settings.corpus_dir.resolve()
    target = (corpus / source).resolve()
    kept: Path | None = None
    if target.is_relative_to(corpus) and target.is_file():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = settings.data_dir / "entfernt" / f"{stamp}_{target.name}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(target, kept)
    try:
        summary = run_ingest(settings, None, embedder=container.embedder)
    except StoreError as exc:
        if kept is not None:
            shutil.move(kept, target)  # nothing changed: the file goes back
        record(container, actor, "delete", [source], "fehler", str(exc))
        return _t("entfernen.fehler", datei=escape(source), grund=escape(str(exc)))
    removed = summary.chunks_removed
    if kept is None:
        message = _t("entfernen.ok_ohne_datei", datei=source, entfernt=removed)
        record(container, actor, "delete", [source], "ok", message)
        return escape(message)
    copy = kept.relative_to(settings.data_dir).as_posix()
    record(container, actor, "delete", [source], "ok",
           _t("entfernen.detail", entfernt=removed, kopie=copy))  # fmt: skip
    return escape(_t("entfernen.ok", datei=source, entfernt=removed, kopie=copy))
