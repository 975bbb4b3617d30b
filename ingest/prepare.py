"""Prepare one loaded document: clean → structure → chunk (no model, no index)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ingest.chunk import chunk_document
from ingest.clean import build_vocabulary, clean_pages, clean_text
from ingest.clean_words import Vocabulary, folded_index
from ingest.embeddings.backends import TextEmbedder
from ingest.load import RawDocument
from ingest.models import Chunk, StructuredDocument
from ingest.settings import IngestSettings
from ingest.structure import PageText, detect_structure, running_title


@lru_cache(maxsize=1)
def german_lexicon() -> Counter[str]:
    """German word list (pyspellchecker's bundled dictionary) for split-word repair."""
    from spellchecker import SpellChecker

    words = SpellChecker(language="de").word_frequency.dictionary
    return Counter({w: int(c) for w, c in words.items() if int(c) > 0})


@lru_cache(maxsize=1)
def german_lexicon_index() -> list[str]:
    """The lexicon's sorted folded forms (built once per process, not per document)."""
    return folded_index(german_lexicon())


def clean_document(raw: RawDocument) -> list[PageText]:
    """Clean a loaded document; the vocabulary depends only on this document (deterministic)."""
    vocabulary = Vocabulary(build_vocabulary(raw.pages), german_lexicon(), german_lexicon_index())
    if raw.page_numbers and raw.page_numbers[0] is not None:
        texts = clean_pages(raw.pages, vocabulary)
    else:
        texts = [clean_text(page, vocabulary) for page in raw.pages]
    return [PageText(t, n) for t, n in zip(texts, raw.page_numbers, strict=True)]


def structure_raw(raw: RawDocument) -> StructuredDocument:
    """Clean a loaded document and detect its structure."""
    return detect_structure(raw.source, clean_document(raw), running_title(raw.pages))


def chunk_raw(raw: RawDocument, settings: IngestSettings, embedder: TextEmbedder) -> list[Chunk]:
    """Clean, structure and chunk one loaded document."""
    return chunk_document(
        structure_raw(raw),
        settings.chunk_max_chars,
        settings.chunk_max_tokens,
        embedder.count_tokens,
    )
