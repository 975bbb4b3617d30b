"""The naive composer of issue 21, kept as a named baseline for ``tutor eval``.

It takes the sentences of the top passage only, ranks them by IDF-weighted German stem
overlap with the question and quotes the best ones, best first, within 600 characters. It
never refuses. Every rule of the real composer is measured against it.
"""

from __future__ import annotations

from tutor.answer.models import Answer, Citation
from tutor.answer.units import AnswerUnit, pieces
from tutor.retrieval.hybrid import Retrieval
from tutor.retrieval.text import content_terms

BUDGET = 600


def naive_answer(question: str, resolved: str, retrieval: Retrieval) -> Answer:
    """Best-matching sentences of the top passage, best first, within the budget."""
    if not retrieval.hits:
        return Answer(question=question, resolved_question=resolved, answer="", refused=True)
    chunk = retrieval.hits[0].chunk
    snap = retrieval.snapshot
    terms = set(retrieval.query_tokens)
    weight = {t: (snap.idf(t) if snap else 1.0) for t in terms}
    scored = [
        (sum(weight[t] for t in terms & content_terms(u.text)), -u.orders[0], u)
        for u in pieces(chunk)
    ]
    chosen: list[AnswerUnit] = []
    size = 0
    for _, _, unit in sorted(scored, key=lambda s: (-s[0], -s[1])):
        if chosen and size + len(unit.text) > BUDGET:
            continue
        chosen.append(unit)
        size += len(unit.text)
    spans = [s for u in chosen for s in u.spans]
    citation = Citation.of(1, chunk, "\n".join(u.text for u in chosen), spans)
    return Answer(
        question=question,
        resolved_question=resolved,
        answer=" ".join(f"{u.text} [1]" for u in chosen),
        citations=[citation],
        lead=chosen[0].text if chosen else "",
        backend="naive",
    )
