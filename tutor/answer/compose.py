"""Choose and order the units of an answer.

Every unit of the top passages is scored by its named features (:mod:`tutor.answer.features`)
with the fitted weights. The best unit leads — never an intro, a summary or a checklist line
unless the question asks for one — and the answer goes on as the text does: the sentences after
the lead in its paragraph, then close runners-up in reading order, within the character budget.
Intros and summaries may follow; checklist lines and reader questions only when asked for.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from tutor.answer.continuation import (
    CASE_OPENING,
    answer_after_topic,
    more_cases,
    told_case,
    with_conclusions,
)
from tutor.answer.features import (
    WEIGHTS_FILE,
    Context,
    Weights,
    features,
    fits_form,
    is_category,
    relative,
    weights,
)
from tutor.answer.focus import question_focus
from tutor.answer.patterns import kind_only, patterns, question_form
from tutor.answer.posed import QUESTION, answers_posed
from tutor.answer.subheadings import KIND as OUTLINE
from tutor.answer.subheadings import asks_for_the_set, outlines
from tutor.answer.units import AnswerUnit, all_units, following, story
from tutor.answer.verify import INSTRUCTION
from tutor.retrieval.hybrid import Hit, Retrieval, named_module
from tutor.retrieval.text import tokens

MODULE_EXTRA = 2  # more passages compete when the question names a module
NEVER = ("checklist",)  # features of units that never stand in an answer unless asked
NEVER_LEAD = ("intro", "summary", "checklist")  # … that never lead unless asked
EXERCISE = "uebung"  # unit category of exercise prompts: they stand only when asked for
HEADING = "ueberschrift"  # unit category of heading lines: they never stand in an answer
EXCLAMATION = "ausruf"  # unit category of content-free exclamations: they never stand either
ANNOUNCEMENT = "ankuendigung"  # "X ist ein weiterer zentraler Punkt.": says nothing about X
SILENT = (HEADING, EXCLAMATION, ANNOUNCEMENT)  # sentence categories that never stand
ABOUT_MATERIAL = "einleitung"  # statements about the material itself ("dieser Leitfaden …")


@dataclass(frozen=True)
class Composition:
    """How many units an answer quotes (fitted with the weights, see BENCHMARKS.md)."""

    passages: int = 3  # the units of this many top passages compete
    keep: float = 0.8  # runners-up within this score distance of the lead are quoted too
    max_units: int = 3
    budget: int = 600  # characters of quoted text (the lead is always quoted)
    follow: int = 0  # sentences after the lead in its paragraph that are quoted with it
    type_margin: float = float("inf")  # a unit with the asked answer type leads if this close
    form_margin: float = 0.0  # a unit of the asked form leads if this close to the best
    conclude: bool = True  # a quoted sentence brings the conclusion that follows it
    case_story: int = 600  # a case opening that leads is told up to this many characters
    outline: int = 700  # a set asked in full keeps its first sentences up to this length
    fill: bool = False  # a single answer's room left: quoted sentences go on in their paragraph


@cache
def composition(path: Path = WEIGHTS_FILE) -> Composition:
    """The composition parameters stored beside the weights."""
    data = json.loads(path.read_text(encoding="utf-8")).get("composition", {})
    return Composition(**data)


@dataclass(frozen=True)
class Candidate:
    """A scored unit of one passage."""

    unit: AnswerUnit
    hit: Hit
    values: dict[str, float]
    score: float


def candidates(
    retrieval: Retrieval,
    question: str,
    resolved: str,
    passages: int,
    model: Weights | None = None,
    own_vector: np.ndarray | None = None,
) -> list[Candidate]:
    """Every unit of the top passages (and of the named documents' passages), scored.
    ``own_vector`` embeds a follow-up as asked (without the topic taken from earlier)."""
    model = model or weights()
    ctx = Context.of(retrieval, question, resolved, question_form(question), own_vector)
    if named_module(resolved, retrieval) is not None:
        # inside one named module the module's own title words match every passage, so the
        # ranking is flatter: more of its passages compete
        passages += MODULE_EXTRA
    hits = list(retrieval.hits[:passages])
    named = retrieval.named_sources
    hits += [h for h in retrieval.hits if h.chunk.source in named and h not in hits]
    found = [
        (unit, hit, features(unit, hit, ctx))
        for hit in hits
        for unit in all_units(hit.chunk)
        if not INSTRUCTION.search(unit.text)  # text addressing a model is never an answer
    ]
    outlined = _outlines(retrieval, hits, ctx)
    found += [(unit, hit, features(unit, hit, ctx)) for unit, hit in outlined]
    relative([values for _, _, values in found])
    return [Candidate(unit, hit, values, model.score(values)) for unit, hit, values in found]


def _outlines(retrieval: Retrieval, hits: list[Hit], ctx: Context) -> list[tuple[AnswerUnit, Hit]]:
    """Enumerations of sub-headings of the hits' parts (one per part, with its best hit),
    only for a question whose form asks for them (``patterns.toml``: the form lists the kind)
    and that asks for the whole set (:func:`asks_for_the_set`)."""
    snap = retrieval.snapshot
    if snap is None or ctx.form is None or OUTLINE not in ctx.form.fits:
        return []
    asked = set(tokens(question_focus(ctx.question).text)) - ctx.generic
    earlier = set(ctx.context_idf) - ctx.generic  # a follow-up's subject, from earlier turns
    out: dict[tuple[str, int], tuple[AnswerUnit, Hit]] = {}
    for hit in hits:
        for unit in outlines(snap, hit.chunk, composition().outline):
            if asks_for_the_set(unit, asked, earlier) and not INSTRUCTION.search(unit.text):
                out.setdefault(unit.key, (unit, hit))
    return list(out.values())


def asks_for(question: str) -> set[str]:
    """Which usually-excluded unit kinds the question itself asks for (and the categories
    whose ``erbeten`` pattern it matches)."""
    q = question.lower()
    wanted = set()
    if "checklist" in q or "checkliste" in q:  # its lines, and how to fill it in
        wanted |= {"checklist", EXERCISE}
    if any(w in q for w in ("zusammenfass", "fazit", "überblick", "reflexion", "übung")):
        wanted |= {"summary", "intro"}
    if any(w in q for w in ("übung", "aufgabe", "reflexion", "exercise")):
        wanted.add(EXERCISE)
    wanted |= {n for n, c in patterns().units.items() if c.asked and c.asked.search(question)}
    return wanted


def may_lead(c: Candidate, allowed: set[str], defines: bool = False) -> bool:
    """Intros, summaries and checklist lines lead only when asked for, when they carry the
    answer type the question needs or (``defines``) the definition asked for; headings never."""
    if _says_nothing(c, allowed):
        return False
    asked = c.values["type"] or (defines and c.values["form"])
    return bool(asked) or not any(c.values[k] and k not in allowed for k in NEVER_LEAD)


def _says_nothing(c: Candidate, allowed: set[str]) -> bool:
    """A heading line ("c) Begrenztes Risiko"), which names a topic without saying anything,
    a content-free exclamation, closing formula or appeal ("Herzlichen Glückwunsch!", "Möge
    Ihr Unternehmen …"), a question put to the reader ("Und wo könnte eine KI mir helfen …?")
    unless questions are asked for, a statement about the material itself ("Dieses Modul
    beleuchtet …") unless the material is asked about, or an exercise prompt the question did
    not ask for (the last two unless they carry the answer type the question needs)."""
    if c.unit.kind == "satz" and any(is_category(c.unit, k) for k in SILENT):
        return True
    if QUESTION not in allowed and is_category(c.unit, QUESTION):
        return True
    if "intro" not in allowed and not c.values["type"] and is_category(c.unit, ABOUT_MATERIAL):
        return True
    return EXERCISE not in allowed and not c.values["type"] and is_category(c.unit, EXERCISE)


def _lead(
    eligible: list[Candidate], anything: list[Candidate], question: str, plan: Composition
) -> Candidate:
    """The unit that opens the answer: the best one; a unit with the asked answer type (or of
    a form that always leads) before it when close enough."""
    form = question_form(question)
    if not any(c.values["type"] for c in eligible):  # … unless only a case has the asked fact
        eligible = [c for c in anything if c.values["type"]] or eligible
    lead = eligible[0]
    form_margin = float("inf") if form is not None and form.leads else plan.form_margin
    for feature, margin in (("type", plan.type_margin), ("form", form_margin)):
        fitting = [c for c in eligible if c.values[feature] and c.score >= lead.score - margin]
        if fitting:
            lead = fitting[0]
            eligible = fitting
    if form is not None and form.leads:
        # the topic under discussion is the best passage that has one: its own case leads,
        # then the form's unit kinds in order of preference ("fall" before "fall_beginn")
        kinds = form.fits
        if form.figures is not None and form.figures.search(question.lower()):
            kinds = kinds[:1]  # "mit konkreten Zahlen": only a case with its outcome
        fitting = [c for c in eligible if any(fits_form(c.unit, kind_only(k)) for k in kinds)]
        top = min((c.hit.rank for c in fitting), default=None)
        here = [c for c in fitting if c.hit.rank == top]
        lead = next((f for kind in kinds for f in here if fits_form(f.unit, kind_only(kind))), lead)
    elif form is not None:
        lead = answer_after_topic(lead, eligible, form)
    return lead


def select(
    cands: list[Candidate],
    question: str,
    plan: Composition | None = None,
    named: frozenset[str] = frozenset(),
    allow: tuple[str, ...] = (),
) -> list[Candidate]:
    """The lead unit, the sentences after it in its paragraph, then runners-up in reading order
    (within the budget); ``question`` as asked decides what leads. Each document the question
    names (``named``) has its best unit quoted; ``allow`` admits kinds that never stand."""
    plan = plan or composition()
    allowed = asks_for(question) | set(allow)
    cands = answers_posed(cands, allowed)  # a question the text poses: the next sentence
    ranked = sorted(cands, key=lambda c: (-c.score, c.hit.rank, c.unit.orders))
    form = question_form(question)
    defines = form is not None and form.name == "definition"  # a defining opening may lead
    anything = [c for c in ranked if may_lead(c, allowed, defines)]
    eligible = anything
    if form is None or form.name != "beispiel":  # a case opens with its story, not the answer
        # … unless the question asks for what the case's outcome says (its result, a figure)
        eligible = [c for c in anything if c.unit.kind != "fall" or c.values["form"]] or anything
    if not eligible:
        return []
    lead = _lead(eligible, anything, question, plan)
    told = form is not None and form.leads and fits_form(lead.unit, kind_only(CASE_OPENING))
    if told:  # a case asked for is told as the text tells it: its opening to its paragraph's end
        lead = dataclasses.replace(lead, unit=story(lead.unit, plan.budget))
    elif plan.case_story and fits_form(lead.unit, kind_only(CASE_OPENING)):
        lead = told_case(lead, plan.case_story)  # a case on point goes on to its facts
    units = plan.max_units - (lead.unit.kind == "fall")  # a case takes a runner-up's room
    chosen = [lead]
    size = len(lead.unit.text)
    seen = {" ".join(lead.unit.text.lower().split())}

    def add(c: Candidate) -> bool:
        nonlocal size
        key = " ".join(c.unit.text.lower().split())
        if key in seen or len(chosen) >= units or size + len(c.unit.text) > plan.budget:
            return False
        if any(c.unit.keys & o.unit.keys for o in chosen):
            return False
        chosen.append(c)
        seen.add(key)
        size += len(c.unit.text)
        return True

    for unit in following(lead.unit, plan.follow):  # the text goes on as it does, but not
        nxt = dataclasses.replace(lead, unit=unit)  # into text for a model or a question
        if INSTRUCTION.search(unit.text) or _says_nothing(nxt, allowed) or not add(nxt):
            break
    if form is not None and form.leads:  # examples asked for: more cases, one per passage
        for other in more_cases(eligible, lead, form):
            add(other)
    # each document the question names speaks before the runners-up take the room
    for source in sorted(named - {c.unit.chunk.source for c in chosen}):
        best = next(
            (c for c in ranked if _may_stand(c, allowed) and c.unit.chunk.source == source), None
        )
        if best is not None and size + len(best.unit.text) <= plan.budget * 1.5:
            chosen.append(best)
            size += len(best.unit.text)
    for c in [] if told else ranked:  # a told case is the answer; other cases may follow it
        if len(chosen) >= units or c.score < lead.score - plan.keep:
            break
        if _may_stand(c, allowed):
            add(c)
    # the lead's passage first, then the others in reading order (a case is not interrupted)
    rest = sorted(
        chosen[1:],
        key=lambda c: (
            c.unit.chunk.chunk_id != lead.unit.chunk.chunk_id,
            c.unit.chunk.source,
            c.unit.chunk.position,
            c.unit.orders,
        ),
    )
    return with_conclusions([lead, *rest], plan)


def _may_stand(c: Candidate, allowed: set[str]) -> bool:
    """Checklist lines stand in an answer only when asked for, or when they carry the answer
    type the question needs; exercise prompts likewise, headings never."""
    if _says_nothing(c, allowed):
        return False
    return bool(c.values["type"]) or not any(c.values[k] and k not in allowed for k in NEVER)
