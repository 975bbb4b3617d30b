"""Handlers of the "Kursmaterial" tab: what is indexed, and upload + re-ingest."""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable
from pathlib import Path

from ingest.index import StoreError
from ingest.load import SUPPORTED_SUFFIXES
from ingest.pipeline import run_ingest
from ingest.progress import ProgressMeter, duration_text, german_number
from tutor.container import Container
from tutor.prompts import render
from tutor.retrieval.corpus import IndexedChunk
from tutor.web import material_changes as changes
from tutor.web.chat import escape

Progress = Callable[[float, str], None]


def overview_html(container: Container) -> str:
    """One collapsed entry per document with its modules/chapters and sections in document
    order (text escaped); a German note when there is no index yet."""
    try:
        chunks = container.corpus.snapshot().chunks
    except StoreError as exc:
        return f"<p>{html.escape(str(exc))}</p>"
    documents: dict[str, list[IndexedChunk]] = {}
    for chunk in sorted(chunks, key=lambda c: (c.source, c.position)):
        documents.setdefault(chunk.source, []).append(chunk)
    parts = [f"<h3>{html.escape(render('ui', 'material.uebersicht'))}</h3>"]
    parts += [_document_html(source, doc) for source, doc in documents.items()]
    return "\n".join(parts)


def outline_of(chunks: list[IndexedChunk]) -> dict[str, list[str]]:
    """Top-level part ("Modul 3: Daten als Erfolgsfaktor" or a chapter) → its sections, both
    in document order."""
    parts: dict[str, list[str]] = {}
    for chunk in chunks:
        if chunk.module is not None:
            top = render(
                "ui", "material.modul", nummer=chunk.module, titel=chunk.module_title or ""
            )
        else:
            top = chunk.chapter or ""
        sections = parts.setdefault(top, [])
        if chunk.section and chunk.section not in sections:
            sections.append(chunk.section)
    return parts


def _document_html(source: str, chunks: list[IndexedChunk]) -> str:
    parts = outline_of(chunks)
    tops = [t for t in parts if t]
    modules = any(c.module is not None for c in chunks)
    n = len(chunks)
    pieces = (
        render("ui", "material.textteil")
        if n == 1
        else render("ui", "material.textteile", anzahl=n)
    )
    if tops:
        summary = render(
            "ui",
            "material.dokument_zeile",
            teile=len(tops),
            art=render("ui", "material.module" if modules else "material.kapitel"),
            abschnitte=sum(len(v) for v in parts.values()),
            textteile=pieces,
        )
    else:  # a document without headings
        summary = render("ui", "material.dokument_ohne_gliederung", textteile=pieces)
    items = []
    for top, sections in parts.items():
        inner = "".join(f"<li>{html.escape(s)}</li>" for s in sections)
        label = html.escape(top or render("ui", "material.ohne_kapitel"))
        items.append(f"<li>{label}" + (f"<ul>{inner}</ul>" if inner else "") + "</li>")
    return (
        '<details class="dokument"><summary>'
        f"<strong>{html.escape(chunks[0].title)}</strong> "
        f"<code>{html.escape(source)}</code> – {html.escape(summary)}</summary>"
        f"<ol>{''.join(items)}</ol></details>"
    )


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

    meter = ProgressMeter()

    def report(done: int, total: int) -> None:
        if progress and total:
            p = meter.update(done, total)
            text = render(
                "ui",
                "material.laeuft",
                fertig=german_number(p.done, 0),
                gesamt=german_number(p.total, 0),
                rate=german_number(p.rate) if p.rate else "–",
                rest=duration_text(p.eta_s),
            )
            progress(p.fraction, text)

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
