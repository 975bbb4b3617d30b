"""Answers to questions that ask two (or more) things: each part gets its own lead unit.

A part that is a question of its own (coordinated clauses, aspects after a dash) is retrieved
and composed on its own; a part that is one of several named documents is retrieved inside
that document; the n-th of several cases ("die beiden Sanitärbetriebe") is the best unit of
the whole question outside the paragraphs the earlier cases were quoted from. The parts are
quoted in the order asked, each within its own budget and all within a total budget
(``multipart.toml``), and a unit already quoted for an earlier part is not quoted again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache

from tutor.answer.compose import (
    CASE_OPENING,
    Candidate,
    Composition,
    candidates,
    composition,
    select,
)
from tutor.answer.extractive import (
    AnswerPolicy,
    assemble,
    compose_units,
    confidence,
)
from tutor.answer.features import is_category
from tutor.answer.models import Answer
from tutor.answer.multipart import DOCUMENTS, MultiPart, Part, rules, without_documents
from tutor.answer.multiphrases import COMPARISON, compared_words
from tutor.answer.overview import is_overview
from tutor.answer.partquotes import second_passage, take
from tutor.answer.typed import typed_candidates
from tutor.answer.units import AnswerUnit, story
from tutor.retrieval.corpus import CorpusSnapshot
from tutor.retrieval.followup import in_context
from tutor.retrieval.hybrid import Retrieval
from tutor.retrieval.scope import named_document, named_sources
from tutor.retrieval.text import tokens

Retrieve = Callable[[Part], Retrieval]
CASE = "fall"  # unit kind: a case opening joined with the sentence that carries its outcome


def documents_in_order(question: str, snap: CorpusSnapshot) -> tuple[str, ...]:
    """The documents a question names when it names two or more, in the order named."""
    words = tokens(question, keep_stopwords=True)

    def position(source: str) -> int:
        first = tokens(snap.titles.get(source, ""), keep_stopwords=True)[:1]
        return words.index(first[0]) if first and first[0] in words else len(words)

    return tuple(sorted(named_sources(question, snap), key=lambda s: (position(s), s)))


def with_documents(split: MultiPart, snap: CorpusSnapshot) -> MultiPart:
    """A clause that names no document is searched in the one an earlier clause named
    ("Wie legt man laut Leitfaden fest …, und woran wird … gemessen?": both in the guide)."""
    carried: str | None = None
    parts = []
    for part in split.parts:
        own = named_document(part.text, snap)
        if part.source is None and part.case == 0 and own is None and carried is not None:
            part = dataclasses.replace(part, source=carried)
        carried = own or carried
        parts.append(part)
    return dataclasses.replace(split, parts=tuple(parts))


def paragraph_key(unit: AnswerUnit) -> tuple[str, int]:
    """The passage and paragraph (line) a unit starts in: one case is one paragraph."""
    start = unit.spans[0][0] if unit.spans else 0
    return unit.chunk.chunk_id, unit.chunk.text.count("\n", 0, start)


def _shared(words: set[str], unit: AnswerUnit) -> float:
    """Share of a unit's words that occur in ``words`` (how alike two cases are told)."""
    own = set(tokens(unit.text))
    return len(words & own) / len(own) if own else 0.0


def _case_units(
    question: str, whole: Retrieval, quoted: list[Candidate], plan: Composition, part: Part
) -> tuple[list[Candidate], str | None]:
    """The next case: a case unit (its opening with the sentence that carries its outcome, or
    an opening told to its paragraph's end) of any retrieved passage outside the paragraphs
    quoted so far: the best-scored first; then, for a counted reference ("die beiden …":
    cases of one kind), the one most like the first and the question, for a plural request
    without a number ("Welche Praxisbeispiele …") the best-scored one close enough to the
    first (a case far below it is about something else). A counted reference without a case
    unit quotes the whole question's best units outside those paragraphs."""
    used = {paragraph_key(c.unit) for c in quoted}
    wide = candidates(whole, question, question, len(whole.hits))
    told = [c for c in wide if c.unit.kind == CASE and paragraph_key(c.unit) not in used]
    if part.unnumbered:
        told += [
            dataclasses.replace(c, unit=story(c.unit, plan.budget))
            for c in wide
            if is_category(c.unit, CASE_OPENING) and paragraph_key(c.unit) not in used
        ]
    if told and not quoted:
        return [max(told, key=lambda c: (c.score, -c.hit.rank))], None
    if told and part.unnumbered:
        best = max(told, key=lambda c: (c.score, -c.hit.rank))
        close = quoted[0].score - best.score <= rules().next_case_gap
        return ([best] if close else []), None
    if told:  # "die beiden …" are cases of one kind: the next is the one most like the first
        first = set(tokens(quoted[0].unit.text)) | set(tokens(question))
        return [max(told, key=lambda c: (_shared(first, c.unit), c.score))], None
    if part.unnumbered:
        return [], None
    cands, missing = typed_candidates(question, question, whole, None, None, plan)
    pool = [c for c in cands if paragraph_key(c.unit) not in used]
    return select(pool, question, plan, whole.named_sources), missing


def document_names(snap: CorpusSnapshot | None) -> set[str]:
    """The stems by which a question names the documents: the first word of each title."""
    titles = snap.titles.values() if snap is not None else ()
    return {w for title in titles for w in tokens(title, keep_stopwords=True)[:1]}


def _document_units(
    question: str,
    whole: Retrieval,
    part: Part,
    retrieve: Retrieve,
    policy: AnswerPolicy,
    plan: Composition,
) -> list[Candidate]:
    """One of several named documents: the question's topic (without the naming of the
    documents) searched and composed inside that document; without an answer there, the
    whole question's units from that document."""
    topic = without_documents(question, document_names(whole.snapshot))
    found = retrieve(dataclasses.replace(part, text=topic))
    if found.top_sentence >= policy.min_sentence:
        units, _ = compose_units(topic, topic, found, plan=plan)
        if units:
            return units
    cands = candidates(whole, question, question, len(whole.hits))
    return select([c for c in cands if c.unit.chunk.source == part.source], question)


def compose_parts(
    question: str,
    split: MultiPart,
    whole: Retrieval,
    retrieve: Retrieve,
    policy: AnswerPolicy,
    plan: Composition | None = None,
    lead: str = "",
) -> tuple[list[Candidate], str | None]:
    """The quoted units of every part in the order asked (named documents: the one with the
    strongest answer first, a comparison has no order), and the answer type a part needs
    that none of its units supplies. A part the material does not cover adds nothing.
    ``lead`` is the unit the whole question led with: it leads the part that quotes it."""
    plan = plan or composition()
    retrieve = cache(retrieve)  # a clause part is searched once for its lead and its second passage
    if split.category == DOCUMENTS:
        return _documents(question, split, whole, retrieve, policy, plan)
    fitted = rules()
    quoted: list[Candidate] = []
    missing: str | None = None
    for part in split.parts:
        if part.case:
            units, lacking = _case_units(question, whole, quoted, plan, part)
        else:
            units, lacking = _own_units(part, retrieve, policy, plan)
            units = _told(_whole_lead_first(units, lead), plan.budget)
        room = fitted.total_budget - sum(len(c.unit.text) for c in quoted)
        if part.unnumbered and part.case > 2 and units and len(units[0].unit.text) > room:
            continue  # a third example that does not fit is left out, not squeezed in
        taken = take(units, quoted, fitted, room)
        if taken and not part.case:
            used = sum(len(c.unit.text) for c in taken)
            taken += second_passage(part, retrieve, units[0], [*quoted, *taken], room - used)
        if taken:
            quoted += taken
            missing = missing or lacking
    return quoted, missing


def _whole_lead_first(units: list[Candidate], lead: str) -> list[Candidate]:
    """The whole question's lead first when this part quotes it too (the whole question's
    answer type and form pick that unit; the part alone may open its case instead)."""
    first = [c for c in units if lead and c.unit.text == lead]
    return first + [c for c in units if c not in first] if first else units


def _told(units: list[Candidate], limit: int) -> list[Candidate]:
    """A part led by the opening of a case tells the case (opening to its paragraph's end,
    within the one-part answer budget): the opening alone names the business, not what it
    did."""
    if not units or not is_category(units[0].unit, CASE_OPENING):
        return units
    return [dataclasses.replace(units[0], unit=story(units[0].unit, limit)), *units[1:]]


def _own_units(
    part: Part, retrieve: Retrieve, policy: AnswerPolicy, plan: Composition
) -> tuple[list[Candidate], str | None]:
    """A part that is a question of its own, retrieved and composed on its own. A later
    clause is read in the light of the earlier ones, as a follow-up is: what it leaves unsaid
    ("…, und wie lange sollte es dauern?") its subject is taken from them."""
    found = retrieve(part)
    if found.top_sentence < policy.min_sentence:
        return [], None
    resolved = in_context(part.text, [part.earlier]) if part.earlier else part.text
    return compose_units(part.text, resolved, found, plan=plan)


def _documents(
    question: str,
    split: MultiPart,
    whole: Retrieval,
    retrieve: Retrieve,
    policy: AnswerPolicy,
    plan: Composition,
) -> tuple[list[Candidate], str | None]:
    """Each named document's own lead, the strongest document first; the other documents
    are searched in the light of that lead (a comparison asks what each says on the same
    thing, not on any side of the topic), and each may add a runner-up scored close to its
    own lead (what a document says on a topic is often spread over two places)."""
    fitted = rules()
    found = []
    for part in split.parts:
        units = _document_units(question, whole, part, retrieve, policy, plan)
        found.append((part, units or _own_units(part, retrieve, policy, plan)[0]))
    found.sort(key=lambda pu: -pu[1][0].score if pu[1] else float("inf"))
    answers = [units for _, units in found[:1]]
    anchor = found[0][1][0].unit.text if found and found[0][1] else ""
    for part, units in found[1:]:
        if anchor and fitted.document_anchor > 0:
            # what the other documents say on the same thing the strongest one said
            lit = dataclasses.replace(part, earlier=anchor, weight=fitted.document_anchor)
            units = _document_units(question, whole, lit, retrieve, policy, plan) or units
        answers.append(units)
    quoted: list[Candidate] = []
    own = dataclasses.replace(fitted, part_budget=fitted.document_budget)
    for units in answers:
        room = fitted.total_budget - sum(len(c.unit.text) for c in quoted)
        near = [c for c in units if units[0].score - c.score <= fitted.document_gap]
        quoted += take(near, quoted, own, room)
    return quoted, None


def _compared_in(lead: str, split: MultiPart) -> bool:
    """Whether the whole question's lead names every compared thing: the material compares
    them in one place ("… klassische Automatisierung … während KI …"), which answers it."""
    own = set(tokens(lead))
    return bool(lead) and all(compared_words(p.text) <= own for p in split.parts)


def multipart_answer(
    question: str,
    whole: Retrieval,
    split: MultiPart,
    retrieve: Retrieve,
    policy: AnswerPolicy,
    lead: str = "",
) -> Answer | None:
    """The answer that quotes each part's lead in the order asked (when every part leads with
    the same unit, that unit answers them all), or None for an overview request or when no
    part found anything to quote."""
    if is_overview(question) or (split.category == COMPARISON and _compared_in(lead, split)):
        return None
    chosen, missing = compose_parts(question, split, whole, retrieve, policy, lead=lead)
    if not chosen:
        return None
    return assemble(question, question, whole, chosen, missing, confidence(question, whole, policy))
