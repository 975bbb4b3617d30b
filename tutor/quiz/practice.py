"""From an answer to practice: one quiz item built from the passages an answer cites.

The Fragen tab shows numbered source cards with quoted passages; :func:`cited_chunks` finds
the chunks they stand in — by the cards' ``data-chunk`` ids, or else by the normalised text of
the quotes (so a plain Markdown rendering of the sources works too) — and
:func:`practice_item` builds one validated item from them — multiple choice first, the first
cited passage first, the same seed giving the same item.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tutor.quiz.build_common import BuildRun
from tutor.quiz.models import GenerationStats, QuizItem
from tutor.quiz.textnorm import normalise

if TYPE_CHECKING:
    from tutor.quiz.generate import QuizGenerator
    from tutor.retrieval.corpus import IndexedChunk

MIN_QUOTE_CHARS = 20
_TAGS = re.compile(r"<[^>]+>")
_CHUNK_IDS = re.compile(r'data-chunk="([^"]+)"')
_NUMBER = re.compile(r"\[\d+\]")
_MARKS = re.compile(r"^[>\s*\-#]+|\*\*\[\d+\]\*\*|\[\d+\]")
TYPE_ORDER = {"mc": 0, "tf": 1, "cloze": 2}


def quoted_lines(sources: str) -> list[str]:
    """Text lines of a rendered source list (Markdown or HTML), markup removed."""
    text = html.unescape(_TAGS.sub("\n", sources or ""))
    out = []
    for line in text.splitlines():
        clean = _MARKS.sub("", line).strip()
        if len(clean) >= MIN_QUOTE_CHARS:
            out.append(clean)
    return out


def has_citation(sources: str) -> bool:
    """Whether ``sources`` holds at least one numbered source (a card with its chunk id, or a
    ``[n]`` marker of a Markdown rendering) rather than only a placeholder text."""
    return bool(_CHUNK_IDS.search(sources or "") or _NUMBER.search(sources or ""))


def cited_chunks(sources: str, chunks: Sequence[IndexedChunk]) -> list[IndexedChunk]:
    """The chunks the source cards name (``data-chunk``), or else those whose text contains a
    quoted line of ``sources``; in citation order."""
    by_id = {c.chunk_id: c for c in chunks}
    named = [by_id[i] for i in dict.fromkeys(_CHUNK_IDS.findall(sources or "")) if i in by_id]
    if named:
        return named
    found: list[IndexedChunk] = []
    texts = [(c, normalise(c.text)) for c in chunks]
    for line in quoted_lines(sources):
        wanted = normalise(line)
        for chunk, text in texts:
            if wanted and wanted in text and chunk not in found:
                found.append(chunk)
    return found


def practice_item(
    generator: QuizGenerator, chunks: Sequence[IndexedChunk], seed: int = 0
) -> QuizItem | None:
    """One valid item whose passage is among ``chunks`` (earlier citations first), or None
    when the cited passages yield no question."""
    order = {c.chunk_id: i for i, c in enumerate(chunks)}
    candidates = generator.candidates_in(set(order))
    candidates.sort(key=lambda c: (order[c.passage], TYPE_ORDER.get(c.type, 3)))
    run = BuildRun(random.Random(seed), GenerationStats())
    for cand in candidates:
        item = cand.build(run)
        if item is not None and not generator.validator.problems(item):
            return item
    return None
