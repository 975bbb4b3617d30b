"""The guide as the readiness check needs it: its checklist, heading outline and title.

They come from the active index generation (the text and blocks the ingest stored for the
guide), so the check sees the guide the tutor answers from; an index built before documents
were stored falls back to the file in the corpus folder, with a German notice in the log.

The composition root (:class:`tutor.container.Container`) builds the checklist conversation
from a :class:`Guide` and the shared parts (embedder, index, answer service).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ingest.documents import StoredDocument, load_document
from ingest.index import StoreError, current_generation
from ingest.load import SUPPORTED_SUFFIXES, LoadFailure, load_file
from ingest.prepare import structure_raw
from tutor.checklist.models import Checklist, ChecklistParseError
from tutor.checklist.outline import GuideOutline, build_outline
from tutor.checklist.parse import CHECKLIST_HEADING, parse_checklist
from tutor.corpus_roles import CorpusRolesError, document_roles
from tutor.prompts import render
from tutor.settings import Settings

log = logging.getLogger(__name__)


def guide_path(settings: Settings) -> Path:
    """The guide in the corpus folder: the file ``rollen.toml`` names (or a .pdf/.md of the
    same name a trainer put in its place), else the text document with the checklist heading.
    A path that does not exist when there is none (the caller says so in German)."""
    corpus = Path(settings.corpus_dir)
    try:
        named = document_roles(corpus).leitfaden
    except CorpusRolesError as exc:
        raise ChecklistParseError(str(exc)) from None
    if named:
        base = corpus / named
        candidates = [base, *(base.with_suffix(s) for s in SUPPORTED_SUFFIXES)]
        return next((p for p in candidates if p.exists()), base)
    for path in sorted(corpus.glob("*")):
        if path.suffix in (".txt", ".md") and path.is_file() and _has_checklist(path):
            return path
    return corpus / "leitfaden"


def _has_checklist(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(
        len(line) <= 120 and CHECKLIST_HEADING.search(line.strip()) for line in text.splitlines()
    )


@dataclass(frozen=True)
class Guide:
    """The guide as the readiness check needs it: checklist, heading outline and title."""

    checklist: Checklist
    outline: GuideOutline
    title: str
    source: str  # its file name, as the index cites it


def _read_guide(settings: Settings) -> StoredDocument:
    path = guide_path(settings)
    indexed = _indexed(settings, path.name)
    if indexed is not None:
        return indexed
    if not path.exists():
        raise ChecklistParseError(render("checklist", "fehler.leitfaden_fehlt", pfad=path))
    log.warning(render("checklist", "fehler.leitfaden_nicht_im_index", pfad=path))
    try:
        raw = load_file(path, path.name, int(settings.max_file_mb * 1e6), settings.pdf_timeout_s)
    except LoadFailure as exc:
        raise ChecklistParseError(
            render("checklist", "fehler.leitfaden_unlesbar", pfad=path, grund=exc.reason)
        ) from None
    document = structure_raw(raw)
    blocks = [(b.text, b.kind) for b in document.blocks]
    return StoredDocument(raw.source, document.title, raw.pages, blocks)


def _indexed(settings: Settings, source: str) -> StoredDocument | None:
    """The guide as the active index generation stores it, if it does."""
    try:
        generation = current_generation(Path(settings.store_dir))
    except StoreError:
        return None
    return load_document(generation, source) if generation is not None else None


def load_checklist(settings: Settings) -> Checklist:
    """Read and parse the checklist; ChecklistParseError (German message) if that fails."""
    return parse_checklist("\n".join(_read_guide(settings).pages))


def load_guide(settings: Settings) -> Guide:
    """Checklist plus the guide's outline (headings with levels, bullets under them)."""
    guide = _read_guide(settings)
    checklist = parse_checklist("\n".join(guide.pages))
    return Guide(checklist, build_outline(guide.blocks), guide.title, guide.source)
