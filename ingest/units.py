"""Split a chunk into answer units: sentences, or an intro sentence with its whole list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.textkit.sentences import split_sentences

__all__ = ["Unit", "split_units"]

ITEM_RE = re.compile(r"^(- |\[[ x]\] |\d{1,2}\.\s)")


@dataclass(frozen=True)
class Unit:
    """A quotable piece of a chunk: one sentence, or an enumeration kept whole."""

    text: str
    order: int  # position inside the chunk


def split_units(text: str) -> list[Unit]:
    """Sentences of paragraphs; a line ending in ':' keeps the list items that follow it."""
    pieces: list[str] = []
    open_list = False  # the last piece is an intro ending in ':' or a list: items join it
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        if ITEM_RE.match(line):
            if open_list and pieces:
                pieces[-1] = f"{pieces[-1]}\n{line}"
            else:
                pieces.append(line)
            open_list = True
            continue
        sentences = split_sentences(line)
        pieces.extend(sentences)
        open_list = bool(sentences) and sentences[-1].endswith(":")
    return [Unit(p, i) for i, p in enumerate(pieces)]
