"""Wiring of the checklist conversation from a :class:`tutor.container.Container`.

Kept next to the checklist package until the container gets a ``checklist`` property; the
web app and the CLI both call :func:`build_conversation` and share one instance (it keeps no
per-user data, and its caches of example vectors and guide advice are worth sharing).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.load import SUPPORTED_SUFFIXES, LoadFailure, RawDocument, load_file
from ingest.prepare import structure_raw
from tutor.checklist.actions import GUIDE_SOURCE, GuideActionFinder, short_title
from tutor.checklist.conversation import ChecklistConversation
from tutor.checklist.definitions import DefinitionFinder
from tutor.checklist.interpret import AnswerInterpreter
from tutor.checklist.models import Checklist, ChecklistParseError
from tutor.checklist.outline import GuideOutline, build_outline
from tutor.checklist.parse import parse_checklist
from tutor.checklist.questions import ChecklistQuestionAnswerer
from tutor.container import Container
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


def build_conversation(
    container: Container, checklist: Checklist | None = None
) -> ChecklistConversation:
    """The checklist engine over the container's embedder, index and answer service."""
    embedder = container.embedder
    guide = load_guide(container.settings)
    checklist = checklist or guide.checklist
    interpreter = AnswerInterpreter(embed=lambda texts: embedder.embed_queries(texts))
    actions = GuideActionFinder(
        guide.outline,
        guide.title,
        checklist.items,
        container.corpus,
        embedder,
        generation=lambda: container.corpus.snapshot().generation,
    )
    definitions = DefinitionFinder(
        container.corpus, guide.outline, GUIDE_SOURCE, short_title(guide.title)
    )
    return ChecklistConversation(
        checklist,
        interpreter,
        ChecklistQuestionAnswerer(container.answers),
        actions,
        definitions,
    )
