"""Where the term questions' terms come from (:mod:`tutor.quiz.build_terms`): definitions in
running text (:mod:`definitions`) and 'Label: meaning' list items, each with the sentence that
shows its meaning and its list siblings. Terms that are names, too long, or whose meaning repeats
a word of the term are left out.
"""

from __future__ import annotations

from tutor.quiz.build_common import BuildContext
from tutor.quiz.terms import (
    TermFact,
    accusative,
    list_siblings,
    nominative,
    readable,
    sentence_before,
)
from tutor.quiz.textnorm import content_stems, normalise

DESCRIBED = frozenset({"unter", "also", "sogenannt", "bezeichnet", "klammer"})
NP_FORMS = frozenset({"also", "sogenannt"})  # the meaning is a noun phrase, not a sentence
MAX_TERM_WORDS = 5
MIN_DESCRIPTION_WORDS = 3
MAX_SHOWN_WORDS = 45


def _shown(ctx: BuildContext, term: str, meaning: str, chunk_id: str, np: bool) -> str | None:
    text = readable(meaning, sentence_before(ctx.material, chunk_id, meaning))
    if text is None or len(text.split()) > MAX_SHOWN_WORDS:
        return None
    if normalise(term) in normalise(text):
        return None  # the sentence that shows the meaning names the term itself
    if np:
        return accusative(text.rstrip("."))
    return text


def term_facts(ctx: BuildContext) -> list[TermFact]:
    """Every usable term of the material."""
    out: list[TermFact] = []
    for d in ctx.book.definitions:
        meaning = d.description.strip()
        if d.form not in DESCRIBED or len(meaning.split()) < MIN_DESCRIPTION_WORDS:
            continue
        np = d.form in NP_FORMS and not meaning.rstrip(".").count(". ")
        term = nominative(d.clean_term) if d.form == "unter" else d.clean_term
        shown = _shown(ctx, term, meaning, d.chunk.chunk_id, np) or ""
        siblings = list_siblings(ctx.book, d.chunk.chunk_id, meaning)
        out.append(TermFact(term, meaning, d.chunk, d.quote, d.key, np, False, siblings, shown))
    for e in ctx.book.enumerations:
        labelled = [it for it in e.items if it.label and it.description]
        if not e.labelled or len(labelled) < 3:
            continue
        if sum(ctx.is_name(it.label or "") for it in labelled) * 2 >= len(labelled):
            continue  # a list of tools, not of terms
        pairs = tuple((it.label or "", (it.description or "").rstrip(".")) for it in labelled)
        for it in labelled:
            quote = "\n".join(([e.intro] if e.intro else []) + [f"- {it.line}"])
            meaning = (it.description or "").strip()
            siblings = tuple(p for p in pairs if p[0] != it.label)
            shown = readable(meaning) or ""
            out.append(
                TermFact(
                    it.label or "", meaning, e.chunk, quote, e.key, False, True, siblings, shown
                )
            )
    return [
        f
        for f in out
        if len(f.term.split()) <= MAX_TERM_WORDS
        and len(content_stems(f.meaning)) >= 2
        and not ctx.is_name(f.term)
        # a meaning that repeats a word (or compound part) of its term gives the answer
        # away in both directions ("Echtzeit-Überwachung" / "… Überwachung der KI-Systeme")
        and not ctx.echoes(f.term, f.meaning)
    ]
