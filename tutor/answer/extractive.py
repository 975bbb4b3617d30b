"""Extractive answers, grounded by construction: quoted units of the retrieved passages.

The units of the top passages are scored by named features with weights fitted on the dev
set (:mod:`tutor.answer.compose`); the best one leads, close runners-up follow. Every answer
states its coverage: ``full``; ``partial`` when the material covers the topic but not what was
asked (a price, a duration, a named authority …) — the answer then says so first and quotes
what is there; ``none`` (a refusal) below the confidence thresholds calibrated on the dev set
(docs/BENCHMARKS.md). Overview questions get a structured overview (:mod:`.overview`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np

from tutor.answer.announced import announced_only
from tutor.answer.compose import (
    NEVER_LEAD,
    Candidate,
    Composition,
    candidates,
    composition,
    select,
)
from tutor.answer.compounds import known_parts
from tutor.answer.continuation import filled
from tutor.answer.coverage import (
    CoverageModel,
    CoverageSignals,
    coverage_model,
    coverage_signals,
    partial_opening,
)
from tutor.answer.features import Weights
from tutor.answer.focus import unknown_noun_share
from tutor.answer.models import Answer, Citation
from tutor.answer.overview import overview_answer
from tutor.answer.patterns import question_form
from tutor.answer.reader import Reader, reread
from tutor.answer.typed import typed_candidates
from tutor.answer.units import CASE_JOIN, AnswerUnit, defining_item, headed
from tutor.prompts import load, render
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.hybrid import Retrieval
from tutor.retrieval.scope import MODULE_RE
from tutor.retrieval.text import looks_english

_LIST_START = re.compile(r"(?:[-*•]|\d+[.)])\s")  # a Markdown list item at the start


@dataclass(frozen=True)
class AnswerPolicy:
    """When to refuse (calibrated on the dev set, see BENCHMARKS.md)."""

    min_sentence: float = 0.81  # refuse below this best sentence cosine …
    # … or below cosine − penalty × share of the focus taken by nouns and names the material
    # never mentions (:func:`unknown_noun_share`; grouped CV on dev, scripts/fit_refusal.py)
    min_confidence: float = 0.80
    unknown_penalty: float = 0.1
    # e5 places an English question further from the German text than its German wording, so
    # English questions get a lower floor (dev: the lowest answerable English question has
    # 0.797, the lowest English unanswerable 0.814; coverage marks the rest partial)
    min_sentence_english: float = 0.79

    def floor(self, question: str) -> float:
        """The best-sentence cosine below which the question is refused."""
        return self.min_sentence_english if looks_english(question) else self.min_sentence


def answer_openings() -> tuple[str, ...]:
    """Every way an extractive answer can begin: the plain opening, the partial-coverage
    openings ("Einen konkreten Preis nennt das Kursmaterial nicht …"; up to a placeholder), the
    overview one, and the name of a module or document that does not cover the question
    ("Modul 3 …", "„Leitfaden …“ …")."""
    texts = load("antworten")
    partial = (*texts["teilweise"].values(), *texts["teilweise_fokus"].values())
    overview = render("antworten", "ueberblick.kopf", ziel="").strip()
    fixed = tuple(t.split("{", 1)[0] for t in partial)
    # a question put to a module that does not cover it: the answer opens with that module
    module = texts["zitat"]["modul"].split("{", 1)[0]
    document = texts["antwort"]["dokument"].split("{", 1)[0]  # … or with that document
    return (render("antworten", "antwort.einleitung"), *fixed, overview, module, document)


def confidence(question: str, retrieval: Retrieval, policy: AnswerPolicy) -> float:
    """Best sentence cosine, lowered when what the question asks about — the nouns and names
    of its focus — is unknown to the material. Everyday wording the material does not use
    (verbs, particles, the story told before the question) is no sign of a missing topic."""
    return retrieval.top_sentence - policy.unknown_penalty * asked_unknown_share(
        question, retrieval
    )


def asked_unknown_share(question: str, retrieval: Retrieval) -> float:
    """The unknown-noun share of the question's focus (0 for English questions, whose words
    are all unknown to a German text; and without a corpus snapshot)."""
    snap = retrieval.snapshot
    if snap is None or looks_english(question):
        return 0.0
    return unknown_noun_share(
        question, retrieval.unknown, snap.idf, lambda w: known_parts(w, snap.doc_freq)
    )


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


def refusal(question: str, resolved: str, retrieval: Retrieval, policy: AnswerPolicy) -> Answer:
    """The honest 'not in the material' answer, naming the nearest module when there is one."""
    place = closest_place(retrieval)
    text = (
        render("antworten", "antwort.ablehnung_mit_modul", ort=place)
        if place and retrieval.top_sentence >= policy.floor(question)
        else render("antworten", "antwort.ablehnung")
    )
    return Answer(
        question=question,
        resolved_question=resolved,
        answer=text,
        coverage="none",
        confidence=confidence(question, retrieval, policy),
    )


def module_note(retrieval: Retrieval) -> str:
    """ "Modul 3 „…“ geht auf „EU AI Act“ nicht ein. " when the question named a module (or
    one document) that never mentions its topic (the answer then comes from the rest of the
    material), else ""."""
    module, snap = retrieval.outside_module, retrieval.snapshot
    if snap is None or (module is None and retrieval.outside_source is None):
        return ""
    if module is None:  # a document named as the source ("Was sagt der Leitfaden über …?")
        document = snap.titles.get(retrieval.outside_source or "", "")
        name = render("antworten", "antwort.dokument", titel=document)
    else:
        title = next((c.module_title for c in snap.chunks if c.module == module), None)
        name = render("antworten", "zitat.modul", nummer=module, titel=title or "")
    topic = retrieval.module_topic
    return render("antworten", "antwort.anderes_modul", modul=name, begriffe=topic) + " "


def cite(chosen: list[Candidate]) -> tuple[str, list[Citation]]:
    """The quoted body with [n] markers and one citation per passage (numbered in the order
    the answer first uses them), each with the ranges of its quoted units. An enumeration of
    sub-headings marks each of its lines with the passages that line quotes."""
    numbers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    chunks: dict[str, IndexedChunk] = {}
    blocks: list[str] = []  # paragraphs of running sentences, and enumerations on their own

    def mark(unit: AnswerUnit) -> int:
        chunks.setdefault(unit.chunk.chunk_id, unit.chunk)
        spans.setdefault(unit.chunk.chunk_id, []).extend(unit.spans)
        return numbers.setdefault(unit.chunk.chunk_id, len(numbers) + 1)

    for c in chosen:
        if c.unit.lines:
            rendered = []
            for text, parts in c.unit.lines:
                marks = dict.fromkeys(mark(p) for p in parts)
                rendered.append(text + "".join(f" [{n}]" for n in marks))
            blocks += ["\n".join(rendered), ""]
            continue
        quoted = f"{headed(c.unit)} [{mark(c.unit)}]"
        if "\n" in c.unit.text:
            blocks += [quoted, ""]
        elif blocks and blocks[-1]:
            blocks[-1] += f" {quoted}"
        else:
            blocks.append(quoted)
    citations: list[Citation] = []
    for chunk_id, n in numbers.items():
        chunk = chunks[chunk_id]
        ranges = sorted(set(spans[chunk_id]))
        # a chapter's section heading is chunk metadata, not text: the location names it
        quote = CASE_JOIN.join(chunk.text[s:e] for s, e in ranges) or (chunk.section or "")
        citations.append(Citation.of(n, chunk, quote, ranges))
    # a blank line after an enumeration: Markdown would otherwise continue its last item
    return "\n\n".join(b for b in blocks if b), citations


def compose_units(
    question: str,
    resolved: str,
    retrieval: Retrieval,
    own_vector: np.ndarray | None = None,
    model: Weights | None = None,
    plan: Composition | None = None,
    reader: Reader | None = None,
) -> tuple[list[Candidate], str | None]:
    """The quoted units (lead first) and the answer type the question needs when none of
    them supplies it. The ``reader`` (if any) votes on the best units that may lead."""
    plan = plan or composition()
    cands, missing = typed_candidates(question, resolved, retrieval, own_vector, model, plan)
    cands = reread(reader, question, resolved, cands)
    chosen = select(cands, question, plan, retrieval.named_sources)
    if not chosen:  # only intros, recaps and checklist lines on top: look further down
        wider = candidates(retrieval, question, resolved, len(retrieval.hits), model, own_vector)
        chosen = select(wider, question, plan, retrieval.named_sources) or select(
            wider, question, plan, retrieval.named_sources, allow=("intro", "summary")
        )
    return narrowed(question, chosen), missing


def narrowed(question: str, chosen: list[Candidate]) -> list[Candidate]:
    """A definition question led by an enumeration quotes only the item that defines the
    term ("Was ist ein Proof of Concept?" → the PoC step, not the whole list of steps)."""
    form = question_form(question)
    if not chosen or form is None or form.name != "definition":
        return chosen
    item = defining_item(chosen[0].unit, MODULE_RE.sub(" ", question))
    return chosen if item is None else [dataclasses.replace(chosen[0], unit=item), *chosen[1:]]


def answer_signals(question: str, retrieval: Retrieval, chosen: list[Candidate]) -> CoverageSignals:
    """Coverage signals of the quoted units; signposts, recaps and checklist lines quote no
    content (see :func:`coverage_signals`)."""
    said = [c.unit for c in chosen if not any(c.values[k] for k in NEVER_LEAD)]
    topic = MODULE_RE.sub(" ", question)  # the module named is not the topic ("Modul 9")
    return coverage_signals(topic, retrieval, [c.unit for c in chosen], said)


def extractive_answer(
    question: str,
    resolved: str,
    retrieval: Retrieval,
    policy: AnswerPolicy | None = None,
    own_vector: np.ndarray | None = None,
    model: Weights | None = None,
    plan: Composition | None = None,
    coverage: CoverageModel | None = None,
    reader: Reader | None = None,
) -> Answer:
    """Build the grounded answer (or refusal) for a question from its retrieval.
    ``own_vector`` embeds a follow-up as asked (see :mod:`tutor.answer.features`); ``model``,
    ``plan`` and ``coverage`` replace the fitted weights, composition and coverage model
    (cross-validation uses them)."""
    policy = policy or AnswerPolicy()
    conf = confidence(question, retrieval, policy)
    overview = overview_answer(question, resolved, retrieval)
    if overview is not None:
        return overview.model_copy(update={"confidence": conf})
    chosen, missing = compose_units(question, resolved, retrieval, own_vector, model, plan, reader)
    floor = policy.floor(question)
    if not chosen or retrieval.top_sentence < floor or conf < min(floor, policy.min_confidence):
        return refusal(question, resolved, retrieval, policy)
    announced = announced_only(question, retrieval)
    if announced is not None:  # the material only announces the topic: quote the announcement
        chosen = [Candidate(u, h, {}, 0.0) for u, h in announced.units]
        opening = render("antworten", "teilweise_fokus.angekuendigt", begriff=announced.term)
        return assemble(question, resolved, retrieval, chosen, None, conf, partial=opening)
    chosen = filled(chosen, plan or composition())  # a single answer's room left: see filled
    return assemble(question, resolved, retrieval, chosen, missing, conf, coverage)


def assemble(
    question: str,
    resolved: str,
    retrieval: Retrieval,
    chosen: list[Candidate],
    missing: str | None,
    conf: float,
    coverage: CoverageModel | None = None,
    partial: str | None = None,
) -> Answer:
    """The answer quoting ``chosen`` (lead first), opened by what it covers; a given
    ``partial`` opening makes it partial without judging its coverage."""
    body, citations = cite(chosen)
    if partial is None:
        signals = answer_signals(question, retrieval, chosen)
        if missing is not None or (coverage or coverage_model()).partial(signals.values):
            partial = partial_opening(missing, signals)
    if partial is not None:
        opening = partial
    elif retrieval.outside_module is not None or retrieval.outside_source is not None:
        opening = render("antworten", "antwort.anderes_modul_einleitung")
    else:
        opening = render("antworten", "antwort.einleitung")
    opening = f"{module_note(retrieval)}{opening}"
    # a list (or a heading over one) after the opening: its own block
    listed = _LIST_START.match(body) or headed(chosen[0].unit) != chosen[0].unit.text
    gap = "\n\n" if listed else " "
    return Answer(
        question=question,
        resolved_question=resolved,
        answer=f"{opening}{gap}{body}",
        citations=citations,
        confidence=conf,
        coverage="full" if partial is None else "partial",
        lead=chosen[0].unit.text,
    )
