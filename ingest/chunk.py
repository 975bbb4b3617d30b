"""Chunk structured documents along their sections, within the embedding model's window.

A chunk never crosses a module/chapter/section boundary. Blocks (paragraphs, list items,
questions) are packed whole; an intro line ending in ':' stays with the list it introduces;
only a block longer than the limit is split, at sentence boundaries. Every chunk is checked
against the model's token limit (no silent truncation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ingest.models import Block, Chunk, StructuredDocument
from ingest.textkit.sentences import split_sentences

TokenCounter = Callable[[str], int]


def header_for(doc: StructuredDocument, block: Block) -> str:
    """Contextual header: document › Modul N: Titel › Abschnitt (or chapter › section)."""
    parts = [doc.title]
    if block.module is not None:
        parts.append(f"Modul {block.module}: {block.module_title}")
    elif block.chapter:
        parts.append(block.chapter)
    if block.section and block.section != block.chapter:
        parts.append(block.section)
    return " › ".join(parts)


def chunk_document(
    doc: StructuredDocument,
    max_chars: int,
    max_tokens: int,
    count_tokens: TokenCounter | None = None,
) -> list[Chunk]:
    """Turn a structured document into chunks with deterministic ids and full metadata."""
    chunks: list[Chunk] = []
    for group in _section_groups(doc.blocks):
        header = header_for(doc, group[0])
        for pieces in _pack(group, max_chars):
            for text, first, last in _enforce_tokens(pieces, header, max_tokens, count_tokens):
                chunks.append(
                    Chunk(
                        source=doc.source,
                        title=doc.title,
                        header=header,
                        text=text,
                        position=len(chunks),
                        module=first.module,
                        module_title=first.module_title,
                        chapter=first.chapter,
                        section=first.section,
                        page=first.page,
                        start=first.start,
                        end=last.end,
                    )
                )
    return chunks


def _section_groups(blocks: list[Block]) -> Iterator[list[Block]]:
    """Consecutive non-heading blocks that share module, chapter, section and page."""
    group: list[Block] = []
    key: tuple[object, ...] | None = None
    for block in blocks:
        if block.kind == "heading":
            continue
        block_key = (block.module, block.chapter, block.section, block.page)
        if group and block_key != key:
            yield group
            group = []
        key = block_key
        group.append(block)
    if group:
        yield group


def _split_long(block: Block, max_chars: int) -> list[Block]:
    """Split one over-long block at sentence ends into pieces of at most max_chars."""
    if len(block.text) <= max_chars:
        return [block]
    pieces: list[Block] = []
    current = ""
    for sentence in split_sentences(block.text):
        while len(sentence) > max_chars:  # a single giant "sentence": cut at a space
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            head, sentence = sentence[:cut], sentence[cut:].lstrip()
            if current:
                pieces.append(_derive(block, current))
                current = ""
            pieces.append(_derive(block, head))
        if current and len(current) + 1 + len(sentence) > max_chars:
            pieces.append(_derive(block, current))
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(_derive(block, current))
    return pieces


def _derive(block: Block, text: str) -> Block:
    return Block(
        text,
        block.kind,
        block.module,
        block.module_title,
        block.chapter,
        block.section,
        block.page,
        block.start,
        block.end,
    )


def _pack(group: list[Block], max_chars: int) -> Iterator[list[Block]]:
    """Greedy packing of whole blocks; never leave a ':' intro at the end of a chunk."""
    current: list[Block] = []
    size = 0
    for block in (piece for b in group for piece in _split_long(b, max_chars)):
        if current and size + len(block.text) + 1 > max_chars:
            carry: list[Block] = []
            if len(current) > 1 and current[-1].text.endswith(":"):
                carry = [current.pop()]
            yield current
            current, size = carry, sum(len(b.text) + 1 for b in carry)
        current.append(block)
        size += len(block.text) + 1
    if current:
        yield current


def _enforce_tokens(
    pieces: list[Block], header: str, max_tokens: int, count_tokens: TokenCounter | None
) -> Iterator[tuple[str, Block, Block]]:
    """Yield (text, first block, last block); halve a chunk until it fits the token limit."""
    text = "\n".join(b.text for b in pieces)
    if count_tokens is None or count_tokens(f"{header}\n{text}") <= max_tokens:
        yield text, pieces[0], pieces[-1]
        return
    if len(pieces) == 1:
        halves = _split_long(pieces[0], max(80, len(pieces[0].text) // 2))
        if len(halves) == 1:  # cannot split further; refuse rather than truncate silently
            raise ValueError(f"Textblock passt nicht in das Modellfenster: {text[:80]}…")
        yield from _enforce_tokens(halves, header, max_tokens, count_tokens)
        return
    mid = len(pieces) // 2
    yield from _enforce_tokens(pieces[:mid], header, max_tokens, count_tokens)
    yield from _enforce_tokens(pieces[mid:], header, max_tokens, count_tokens)
