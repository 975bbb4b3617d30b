"""Handlers of the "Kursmaterial" tab: what is indexed, and upload + re-ingest."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ingest.index import StoreError
from ingest.load import SUPPORTED_SUFFIXES
from ingest.pipeline import run_ingest
from tutor.container import Container
from tutor.prompts import render
from tutor.web import material_changes as changes
from tutor.web.chat import escape

Progress = Callable[[float, str], None]


def overview_markdown(container: Container) -> str:
    """Documents, modules/chapters and sections with their chunk counts."""
    try:
        chunks = container.corpus.snapshot().chunks
    except StoreError as exc:
        return escape(str(exc))
    per_doc = Counter((c.source, c.title) for c in chunks)
    lines = [
        f"### {render('ui', 'material.uebersicht')}",
        "",
        "| Dokument | Datei | Abschnitte |",
        "|---|---|---|",
    ]
    lines += [f"| {escape(t)} | `{escape(s)}` | {n} |" for (s, t), n in sorted(per_doc.items())]
    per_section = Counter(
        (c.source, c.module or 0, c.module_title or c.chapter or "", c.section or "")
        for c in chunks
    )
    lines += ["", "| Dokument | Modul / Kapitel | Abschnitt | Textteile |", "|---|---|---|---|"]
    for (source, module, title, section), n in sorted(per_section.items()):
        place = f"Modul {module}: {title}" if module else title
        lines.append(f"| `{escape(source)}` | {escape(place)} | {escape(section)} | {n} |")
    return "\n".join(lines)


def _backup(target: Path) -> Path:
    return target.with_name(target.name + ".vorher")


def _settle(targets: list[Path], failed: set[str]) -> None:
    """Unreadable uploads leave the corpus; a replaced file comes back in their place."""
    for target in targets:
        backup = _backup(target)
        if target.name in failed:
            if backup.exists():
                backup.replace(target)
            else:
                target.unlink(missing_ok=True)
        else:
            backup.unlink(missing_ok=True)


def upload_and_ingest(
    container: Container,
    files: list[str] | None,
    progress: Progress | None = None,
    actor: str | None = None,
) -> str:
    """Copy uploaded files into the corpus folder and ingest them; report per file. Both
    steps go to the audit trail under ``actor`` (the login; None: no login)."""
    if not files:
        return render("ui", "material.keine_datei")
    corpus = container.settings.corpus_dir
    corpus.mkdir(parents=True, exist_ok=True)
    messages: list[str] = []
    targets: list[Path] = []
    refused: list[str] = []
    for upload in files:
        source = Path(upload)
        name = Path(source.name).name  # never trust a client-supplied path
        if source.suffix.lower() not in SUPPORTED_SUFFIXES:
            messages.append(render("ui", "material.falscher_typ", datei=escape(name)))
            refused.append(name)
            continue
        target = corpus / name
        if target.exists():  # keep the old version until the new one is known to be good
            shutil.copyfile(target, _backup(target))
        shutil.copyfile(source, target)
        targets.append(target)
    who, names = changes.actor_of(actor), [t.name for t in targets]
    changes.record_upload(container, who, names, refused)
    if not targets:
        return "\n\n".join(messages)

    def report(done: int, total: int) -> None:
        if progress and total:
            progress(done / total, render("ui", "material.laeuft"))

    try:
        summary = run_ingest(
            container.settings, targets, progress=report, embedder=container.embedder
        )
    except StoreError as exc:
        _settle(targets, failed=set(t.name for t in targets))
        changes.record_ingest(container, who, names, exc)
        return escape(str(exc))
    _settle(targets, failed={e.file for e in summary.errors})
    changes.record_ingest(container, who, names, summary)
    messages.insert(
        0,
        render(
            "ui",
            "material.ergebnis",
            dateien=summary.files,
            neu=summary.chunks_added,
            gleich=summary.chunks_unchanged,
            entfernt=summary.chunks_removed,
            sekunden=f"{summary.seconds:.1f}",
        ),
    )
    messages += [
        render("ui", "material.dateifehler", datei=escape(e.file), grund=escape(e.reason))
        for e in summary.errors
    ]
    return "\n\n".join(messages)
