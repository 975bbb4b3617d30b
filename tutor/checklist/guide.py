"""The guide as the readiness check needs it: its checklist, heading outline and title.

The composition root (:class:`tutor.container.Container`) builds the checklist conversation
from a :class:`Guide` and the shared parts (embedder, index, answer service).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.load import SUPPORTED_SUFFIXES, LoadFailure, RawDocument, load_file
from ingest.prepare import structure_raw
from tutor.checklist.actions import GUIDE_SOURCE
from tutor.checklist.models import Checklist, ChecklistParseError
from tutor.checklist.outline import GuideOutline, build_outline
from tutor.checklist.parse import parse_checklist
from tutor.prompts import render
from tutor.settings import Settings


def guide_path(settings: Settings) -> Path:
    """The guide in the corpus folder (the .txt, or a .pdf/.md a trainer put in its place)."""
    base = Path(settings.corpus_dir) / GUIDE_SOURCE
    if base.exists():
        return base
    for suffix in SUPPORTED_SUFFIXES:
        other = base.with_suffix(suffix)
        if other.exists():
            return other
    return base


@dataclass(frozen=True)
class Guide:
    """The guide as the readiness check needs it: checklist, heading outline and title."""

    checklist: Checklist
    outline: GuideOutline
    title: str


def _read_guide(settings: Settings) -> RawDocument:
    path = guide_path(settings)
    if not path.exists():
        raise ChecklistParseError(render("checklist", "fehler.leitfaden_fehlt", pfad=path))
    try:
        return load_file(path, path.name, int(settings.max_file_mb * 1e6), settings.pdf_timeout_s)
    except LoadFailure as exc:
        raise ChecklistParseError(
            render("checklist", "fehler.leitfaden_unlesbar", pfad=path, grund=exc.reason)
        ) from None


def load_checklist(settings: Settings) -> Checklist:
    """Read and parse the checklist; ChecklistParseError (German message) if that fails."""
    return parse_checklist("\n".join(_read_guide(settings).pages))


def load_guide(settings: Settings) -> Guide:
    """Checklist plus the guide's outline (headings with levels, bullets under them)."""
    raw = _read_guide(settings)
    checklist = parse_checklist("\n".join(raw.pages))
    document = structure_raw(raw)
    outline = build_outline([(b.text, b.kind) for b in document.blocks])
    return Guide(checklist, outline, document.title)
