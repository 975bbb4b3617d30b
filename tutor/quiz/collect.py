"""Gathers every kind of fact a question can be built on into a :class:`FactBook`: lists
(:mod:`facts`), definitions (:mod:`definitions`), case studies (:mod:`cases`), ordered steps
(:mod:`steps`), rules (:mod:`rules`), sibling groups (:mod:`groups`) and statements
(:mod:`statements`). Every fact keeps the verbatim passage it came from, so each question can
quote its source.
"""

from __future__ import annotations

from tutor.quiz.cases import case_studies
from tutor.quiz.definitions import definitions
from tutor.quiz.facts import FactBook, enumerations, inline_lists
from tutor.quiz.groups import sibling_groups
from tutor.quiz.lexicon import tool_names
from tutor.quiz.material import CourseMaterial
from tutor.quiz.rules import band_rules, class_schemes, span_rules
from tutor.quiz.statements import statements
from tutor.quiz.steps import sequences
from tutor.retrieval.corpus import IndexedChunk


def collect_facts(material: CourseMaterial) -> FactBook:
    """All facts of the material (lists, definitions, cases, sequences, rules)."""
    book = FactBook()
    tools: set[str] = set()
    for chunk in material.chunks:
        tools |= tool_names(chunk.text)
        if is_excluded(chunk):
            continue
        lines = material.lines[chunk.chunk_id]
        book.enumerations.extend(enumerations(chunk, lines))
        book.enumerations.extend(inline_lists(chunk, lines))
        book.definitions.extend(definitions(chunk, lines))
        book.cases.extend(case_studies(chunk, lines))
        book.bands.extend(band_rules(chunk, lines))
        book.spans.extend(span_rules(chunk, lines))
        book.groups.extend(sibling_groups(chunk, lines))
    case_sentences = {s for case in book.cases for s in case.sentences}
    for chunk in material.chunks:
        if not is_excluded(chunk):
            lines = material.lines[chunk.chunk_id]
            book.statements.extend(statements(chunk, lines, case_sentences))
    book.tools = frozenset(tools)
    book.sequences = sequences(material, book.enumerations)
    book.schemes = class_schemes(material)
    return book


def is_excluded(chunk: IndexedChunk) -> bool:
    """Contact details are not course content (a chunk or heading with an e-mail address)."""
    where = " ".join(t for t in (chunk.chapter, chunk.section) if t)
    return "@" in chunk.text or "@" in where
