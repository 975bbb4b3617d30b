"""Extractive answers, grounded by construction: quoted sentences from the retrieved passages.

Sentences (or whole enumerations) of the top passages are scored by how much of the question
they cover (IDF-weighted German stems) and by the rank of their passage; the best few are
returned in reading order with [n] markers. Questions the material does not cover are refused,
using a confidence threshold calibrated on the dev set (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.units import split_units
from tutor.answer.answer_type import type_satisfied
from tutor.answer.models import Answer, Citation
from tutor.prompts import render
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.hybrid import Hit, Retrieval
from tutor.retrieval.text import content_terms


@dataclass(frozen=True)
class AnswerPolicy:
    """How many sentences to quote and when to refuse (calibrated, see BENCHMARKS.md)."""

    passages: int = 3
    max_units: int = 3
    max_chars: int = 700
    keep_ratio: float = 0.6
    w_coverage: float = 0.6  # lexical coverage of the question's stems
    w_cosine: float = 0.5  # sentence cosine, relative to the best sentence in the corpus
    w_prior: float = 0.35  # rank of the passage the sentence comes from
    cosine_span: float = 0.08  # cosine distance to the best sentence that scores zero
    min_sentence: float = 0.81  # refuse below this best sentence cosine …
    min_confidence: float = 0.80  # … or below cosine − penalty × share of unknown terms
    unknown_penalty: float = 0.1


@dataclass(frozen=True)
class ScoredUnit:
    text: str
    chunk: IndexedChunk
    passage_rank: int
    order: int
    score: float
    coverage: float


def confidence(retrieval: Retrieval, policy: AnswerPolicy) -> float:
    """Best sentence cosine, lowered when the question's terms are unknown to the material."""
    return retrieval.top_sentence - policy.unknown_penalty * retrieval.unknown_share


def score_units(retrieval: Retrieval, policy: AnswerPolicy) -> list[ScoredUnit]:
    """Score every sentence/enumeration of the top passages against the question."""
    snap = retrieval.snapshot
    terms = set(retrieval.query_tokens)
    weights = {t: (snap.idf(t) if snap else 1.0) for t in terms}
    total = sum(weights.values()) or 1.0
    units: list[ScoredUnit] = []
    best_cos = retrieval.top_sentence
    for hit in _passages(retrieval, policy):
        prior = hit.relative  # how close the passage comes to the best one
        for unit in split_units(hit.chunk.text):
            found = terms & content_terms(unit.text)
            coverage = sum(weights[t] for t in found) / total
            cos = retrieval.sentence_cos.get((hit.chunk.chunk_id, unit.order), 0.0)
            closeness = max(0.0, 1.0 - (best_cos - cos) / policy.cosine_span)
            score = (
                policy.w_coverage * coverage + policy.w_cosine * closeness + policy.w_prior * prior
            )
            units.append(ScoredUnit(unit.text, hit.chunk, hit.rank, unit.order, score, coverage))
    return units


def _passages(retrieval: Retrieval, policy: AnswerPolicy) -> list[Hit]:
    """The top passages, plus every hit of the documents the question names."""
    chosen = list(retrieval.hits[: policy.passages])
    named = retrieval.named_sources
    return chosen + [h for h in retrieval.hits if h.chunk.source in named and h not in chosen]


def select_units(
    units: list[ScoredUnit], policy: AnswerPolicy, required: frozenset[str] = frozenset()
) -> list[ScoredUnit]:
    """The best unit plus close runners-up, without duplicates, in reading order; when the
    question names documents (``required`` sources), the best unit of each is quoted too."""
    ranked = sorted(units, key=lambda u: (-u.score, u.passage_rank, u.order))
    chosen: list[ScoredUnit] = []
    seen: set[str] = set()
    size = 0
    for unit in (u for u in ranked if u.passage_rank <= policy.passages):
        key = " ".join(unit.text.lower().split())
        if key in seen or (chosen and unit.score < policy.keep_ratio * chosen[0].score):
            continue
        if chosen and (len(chosen) >= policy.max_units or size + len(unit.text) > policy.max_chars):
            continue
        chosen.append(unit)
        seen.add(key)
        size += len(unit.text)
    for source in sorted(required):
        best = next(
            (u for u in ranked if u.chunk.source == source and not _is_question(u.text)), None
        )
        if best and not any(u.chunk.source == source for u in chosen) and chosen:
            chosen.append(best)
            seen.add(" ".join(best.text.lower().split()))
    with_context = _add_followers(_add_antecedents(chosen, units, seen), units, seen, policy)
    return sorted(with_context, key=lambda u: (u.chunk.source, u.chunk.position, u.order))


_CHECKBOX = re.compile(r"^\[[ x]\]\s*(Ja|Nein)\b")


def _is_question(text: str) -> bool:
    """A unit that only asks (a checklist item with its Ja/Nein boxes) answers nothing."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    asked = [ln for ln in lines if not _CHECKBOX.match(ln)]
    return bool(asked) and all(ln.endswith("?") for ln in asked)


ANAPHORA = re.compile(
    r"^(Dies|Diese[rsnm]?|Das|Dabei|Dadurch|Damit|Daher|Dafür|Dazu|Hierbei|Hierfür|Sie|Er|Es|"
    r"Solche[rsnm]?|Ein solche[rsnm]?|Auch hier|So|Seitdem|Seither|Somit|Deshalb|Deswegen|"
    r"Danach|Infolgedessen|Hierdurch)\b"
)


def _add_antecedents(
    chosen: list[ScoredUnit], units: list[ScoredUnit], seen: set[str]
) -> list[ScoredUnit]:
    """A sentence that opens with 'Dieser Ansatz …'/'Dabei …' is quoted with the sentence
    before it, so the answer says what 'dieser Ansatz' is."""
    by_place = {(u.chunk.chunk_id, u.order): u for u in units}
    out = list(chosen)
    for unit in chosen:
        if unit.order > 0 and ANAPHORA.match(unit.text):
            before = by_place.get((unit.chunk.chunk_id, unit.order - 1))
            if before and " ".join(before.text.lower().split()) not in seen:
                out.append(before)
                seen.add(" ".join(before.text.lower().split()))
    return out


def _add_followers(
    chosen: list[ScoredUnit], units: list[ScoredUnit], seen: set[str], policy: AnswerPolicy
) -> list[ScoredUnit]:
    """The sentence right after a quoted one is quoted too when it refers back to it
    ('Dadurch sank …', 'Das Ergebnis …'): it usually carries the outcome of what the quoted
    sentence introduces. Within the answer's length limit."""
    by_place = {(u.chunk.chunk_id, u.order): u for u in units}
    out = list(chosen)
    size = sum(len(u.text) for u in out)
    for unit in chosen:
        after = by_place.get((unit.chunk.chunk_id, unit.order + 1))
        if not after or not ANAPHORA.match(after.text):
            continue
        key = " ".join(after.text.lower().split())
        if key not in seen and size + len(after.text) <= policy.max_chars:
            out.append(after)
            seen.add(key)
            size += len(after.text)
    return out


def closest_place(retrieval: Retrieval) -> str | None:
    """German name of the module/chapter nearest to a refused question."""
    if not retrieval.hits:
        return None
    chunk = retrieval.hits[0].chunk
    if chunk.module is not None:
        return render("antworten", "zitat.modul", nummer=chunk.module, titel=chunk.module_title)
    if chunk.chapter:
        return f"{chunk.title}, " + render("antworten", "zitat.kapitel", titel=chunk.chapter)
    return None


def _generic(retrieval: Retrieval) -> frozenset[str]:
    return retrieval.snapshot.generic if retrieval.snapshot else frozenset()


def extractive_answer(
    question: str, resolved: str, retrieval: Retrieval, policy: AnswerPolicy | None = None
) -> Answer:
    """Build the grounded answer (or refusal) for a question from its retrieval."""
    policy = policy or AnswerPolicy()
    units = score_units(retrieval, policy)
    conf = confidence(retrieval, policy)
    chosen = select_units(units, policy, retrieval.named_sources)
    if (
        not chosen
        or retrieval.top_sentence < policy.min_sentence
        or conf < policy.min_confidence
        or not type_satisfied(
            resolved, [u.text for u in chosen], _generic(retrieval), retrieval.synonyms
        )
    ):
        place = closest_place(retrieval)
        text = (
            render("antworten", "antwort.ablehnung_mit_modul", ort=place)
            if place and retrieval.top_sentence >= policy.min_sentence
            else render("antworten", "antwort.ablehnung")
        )
        return Answer(
            question=question,
            resolved_question=resolved,
            answer=text,
            refused=True,
            confidence=conf,
        )
    citations = [Citation.of(i + 1, u.chunk, u.text) for i, u in enumerate(chosen)]
    body = " ".join(
        f"{u.text} [{i + 1}]" if "\n" not in u.text else f"\n{u.text} [{i + 1}]\n"
        for i, u in enumerate(chosen)
    )
    answer = f"{render('antworten', 'antwort.einleitung')} {body.strip()}"
    return Answer(
        question=question,
        resolved_question=resolved,
        answer=answer,
        citations=citations,
        confidence=conf,
        lead=chosen[0].text,
    )
