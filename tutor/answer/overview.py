"""Overview answers: "Fasse Modul 3 zusammen", "Worum geht es in Modul 9?", "Was lerne ich im
Leitfaden über Pilotprojekte?".

A question is an overview question by its form (the ``[ueberblick]`` patterns) plus a named
target: a module ("Modul 9"), a document (by the first word of its title: Kurs, Leitfaden,
Seminararbeit) or a section whose title shares the question's topic. The answer is the
target's own opening statement of purpose, its sections as a list, and one key sentence per
section (closest to the section's centroid in e5 space, repeating its title best), each cited.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from tutor.answer.models import Answer, Citation
from tutor.answer.patterns import patterns, unit_pattern
from tutor.answer.units import AnswerUnit, locate, pieces
from tutor.prompts import render
from tutor.retrieval.corpus import CorpusSnapshot, IndexedChunk
from tutor.retrieval.hybrid import Retrieval, named_module
from tutor.retrieval.text import content_terms, mentions, tokens

_BULLET = re.compile(r"^(-|•)\s+")
_CONTACT = re.compile(r"\b[\w.+-]+@[\w-]+\.\w+\b")  # author/contact lines are no section


@dataclass(frozen=True)
class Part:
    """A section (or module, for the whole course) with its chunks in reading order."""

    title: str
    chunks: list[IndexedChunk]


def is_overview(question: str) -> bool:
    """Whether the question has the form of an overview question (target not checked)."""
    return bool(patterns().overview.search(question.lower()))


def _document(question: str, snap: CorpusSnapshot) -> str | None:
    words = set(tokens(question, keep_stopwords=True))
    named = [
        src
        for src, title in snap.titles.items()
        if (first := tokens(title, keep_stopwords=True)[:1]) and first[0] in words
    ]
    return named[0] if len(named) == 1 else None


def _parts(chunks: list[IndexedChunk], level: str) -> OrderedDict[str, Part]:
    """Parts in reading order at ``level``: "module" (the course), "chapter" (a document's
    chapters), "section" (titled "Kapitel › Abschnitt" where both exist) or "chunk" (a text
    without headings). Contact lines are never a part."""
    out: OrderedDict[str, Part] = OrderedDict()
    for i, c in enumerate(chunks):
        if _CONTACT.search(c.section or "") or _CONTACT.search(c.chapter or ""):
            continue
        if level == "module" and c.module is not None:
            title = render("antworten", "zitat.modul", nummer=c.module, titel=c.module_title)
        elif level == "chapter":
            title = c.chapter or c.section or ""
        elif level == "chunk":
            title = f"#{i}"
        elif c.chapter and c.section and c.section != c.chapter:
            title = f"{c.chapter} › {c.section}"
        else:
            title = c.section or c.chapter or ""
        if title:
            out.setdefault(title, Part(title, [])).chunks.append(c)
    return out


def _level(chunks: list[IndexedChunk]) -> str:
    """How a target is divided: modules, chapters, sections or chunks (no headings)."""
    if len({c.module for c in chunks if c.module is not None}) > 1:
        return "module"
    if len({c.chapter for c in chunks if c.chapter}) > 1:
        return "chapter"
    if len({c.section for c in chunks if c.section}) > 1:
        return "section"
    return "chunk"


def _topic(question: str, target_words: set[str]) -> set[str]:
    """The question's topic stems, without the overview form and the target's name."""
    form = {t for w in patterns().form_words for t in tokens(w, keep_stopwords=True)}
    named = {t for w in patterns().material_words for t in tokens(w, keep_stopwords=True)}
    words = {t for t in content_terms(question) if not t.isdigit()}
    return words - form - target_words - named


def _purpose(chunks: list[IndexedChunk], fallback: bool = False) -> AnswerUnit | None:
    """The opening statement of purpose ("Dieses Modul zeigt …") of the target's opening
    (its chunks before the first section), else that opening's first sentence; with
    ``fallback`` the first sentence of the target when it has no opening."""
    opening = [c for c in chunks if c.section is None][:2]
    if not opening and fallback:
        opening = chunks[:1]
    units = [line for c in opening for u in pieces(c) for line in (_lines(u) or [u])]
    purpose = unit_pattern("zweck")
    return next((u for u in units if purpose.search(u.text)), units[0] if units else None)


def ranked_sentences(
    part: Part, snap: CorpusSnapshot, topic: set[str], only: list[AnswerUnit] | None = None
) -> list[AnswerUnit]:
    """The sentences of a section (or ``only`` these units), best first: close to the
    centroid of the section's sentence vectors, sharing the title's (or the topic's) stems,
    early, and not an aside (a back-reference, a recap, a question)."""
    ids = {snap.by_id[c.chunk_id] for c in part.chunks}
    rows = np.nonzero(np.isin(snap.sent_owner, list(ids)))[0]
    given = only if only is not None else [u for c in part.chunks for u in pieces(c)]
    units = [line for u in given for line in _lines(u)] or given
    cos: dict[tuple[str, int], float] = {}
    if len(rows):
        vectors = snap.sent_vectors[rows]
        centroid = vectors.mean(axis=0)
        sims = vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
        for r, s in zip(rows, sims, strict=True):
            cos[(snap.chunks[snap.sent_owner[r]].chunk_id, int(snap.sent_order[r]))] = float(s)
    wanted = topic or content_terms(part.title)
    refers, recap = unit_pattern("rueckbezug"), unit_pattern("zusammenfassung")

    def score(i_unit: tuple[int, AnswerUnit]) -> float:
        i, u = i_unit
        shared = len(wanted & content_terms(u.text)) / (len(wanted) or 1)
        aside = bool(refers.search(u.text) or recap.search(u.text) or u.text.endswith("?"))
        line = u.kind == "zeile"  # a bullet is a weaker summary than a sentence
        return cos.get(u.key, 0.0) + 0.15 * shared - 0.2 * aside - 0.03 * line - 0.01 * i

    return [u for _, u in sorted(enumerate(units), key=score, reverse=True)]


def key_sentence(part: Part, snap: CorpusSnapshot, topic: set[str]) -> AnswerUnit | None:
    """The sentence that best stands for a section (see :func:`ranked_sentences`)."""
    ranked = ranked_sentences(part, snap, topic)
    return ranked[0] if ranked else None


def topic_sentence(part: Part, snap: CorpusSnapshot, topic: set[str]) -> AnswerUnit | None:
    """The key sentence of a part among those that name the topic (else among all)."""
    ranked = ranked_sentences(part, snap, topic)
    return next((u for u in ranked if mentions(topic, u.text)), ranked[0] if ranked else None)


def _key_sentences(
    chunks: list[IndexedChunk], snap: CorpusSnapshot, lead: AnswerUnit, most: int = 3
) -> list[tuple[str, AnswerUnit]]:
    """Up to ``most`` key sentences of a single section besides its lead, in reading order."""
    ranked = [u for u in ranked_sentences(Part("", chunks), snap, set()) if u.spans != lead.spans]
    best = ranked[:most]
    best.sort(key=lambda u: (u.chunk.position, u.spans[0] if u.spans else (0, 0)))
    return [("", u) for u in best]


def _lines(unit: AnswerUnit) -> list[AnswerUnit]:
    """A sentence as it is; an enumeration as its lines, each with its own range, so an
    overview quotes one bullet rather than a whole list. Bullet marks, tick boxes, lead-ins
    ending in ':' and bare headings (under 40 characters) are left out."""
    if not unit.spans:
        return [unit]
    start = unit.spans[0][0]
    out = []
    for raw in unit.text.split("\n"):
        line = _BULLET.sub("", raw.strip())
        found = locate(unit.chunk.text, line, start)
        if found is None:
            continue
        start = found[1]
        if unit_pattern("checkliste").search(line) or line.endswith(":") or len(line) < 40:
            continue
        kind = unit.kind if line == unit.text else "zeile"
        out.append(AnswerUnit(line, unit.chunk, unit.orders, (found,), kind))
    return out


def _target(question: str, snap: CorpusSnapshot) -> tuple[str, list[IndexedChunk]] | None:
    """(name, chunks) of the module, document or section the question asks about."""
    module = named_module(question)
    if module is not None:
        chunks = [c for c in snap.chunks if c.module == module]
        if chunks:
            title = chunks[0].module_title
            return render("antworten", "zitat.modul", nummer=module, titel=title), chunks
    source = _document(question, snap)
    if source is not None:
        return snap.titles[source], [c for c in snap.chunks if c.source == source]
    topic = _topic(question, set())
    if topic and patterns().part.search(question.lower()):
        for level in ("chapter", "section"):  # a chapter by its title, else a section
            for title, part in _parts(snap.chunks, level).items():
                if topic <= content_terms(title.split(" › ")[-1]):
                    return title, part.chunks
    return None


def overview_answer(question: str, resolved: str, retrieval: Retrieval) -> Answer | None:
    """The structured overview for an overview question about a named target, else None."""
    snap = retrieval.snapshot
    form = is_overview(question)
    if snap is None or not (form or patterns().parts_of_target.search(question.lower())):
        return None
    target = _target(question, snap)
    if target is None:
        return None
    name, chunks = target
    level = _level(chunks)
    topic = _topic(question, content_terms(name))
    if topic and not form:  # the parts of the target for a topic of their own: a plain answer
        return None
    parts = _parts(chunks, "section" if topic and level == "chapter" else level)
    chosen = [p for p in parts.values() if mentions(topic, p.title)] if topic else []
    if topic and not chosen:
        chosen = [p for p in parts.values() if any(mentions(topic, c.text) for c in p.chunks)]
    if topic and not chosen:  # the target never mentions the topic: a plain answer says so
        return None
    lead = None if chosen or level == "module" else _purpose(chunks, fallback=len(parts) == 1)
    if len(parts) == 1 and not chosen and lead is not None:  # one section: its key sentences
        return _render(
            question, resolved, name, lead, _key_sentences(chunks, snap, lead), set(), "kernsaetze"
        )
    opening = {c.chunk_id for c in chunks if c.section is None} if level == "section" else set()
    lead_chunk = lead.chunk.chunk_id if lead is not None else None
    listed = chosen or [
        p
        for p in parts.values()
        if not {c.chunk_id for c in p.chunks} <= opening
        and lead_chunk not in {c.chunk_id for c in p.chunks}
    ]
    items: list[tuple[str, AnswerUnit]] = []
    for part in listed:
        if chosen:  # a topic: the part's key sentence about it, not the part's opening
            unit = topic_sentence(part, snap, topic)
        elif level == "module":
            unit = _purpose(part.chunks)
        else:
            unit = key_sentence(part, snap, set())
        if unit is not None:
            title = part.title.removeprefix(f"{name} › ")  # a chapter's sections: no prefix
            items.append(("" if level == "chunk" else title, unit))
    heading = "module" if level == "module" else "kernsaetze" if level == "chunk" else None
    return _render(question, resolved, name, lead, items, topic if chosen else set(), heading)


def _render(
    question: str,
    resolved: str,
    name: str,
    lead: AnswerUnit | None,
    items: list[tuple[str, AnswerUnit]],
    topic: set[str],
    heading: str | None = None,
) -> Answer | None:
    if lead is None and not items:
        return None
    numbers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    chunks: dict[str, IndexedChunk] = {}

    def mark(unit: AnswerUnit) -> str:
        n = numbers.setdefault(unit.chunk.chunk_id, len(numbers) + 1)
        spans.setdefault(unit.chunk.chunk_id, []).extend(unit.spans)
        chunks[unit.chunk.chunk_id] = unit.chunk
        return f"{unit.text} [{n}]"

    lines = [
        render("antworten", "ueberblick.kopf_thema", ziel=name, thema=_surface(question, topic))
        if topic
        else render("antworten", "ueberblick.kopf", ziel=name)
    ]
    if lead is not None:
        lines.append(mark(lead))
    key = "abschnitte_zum_thema" if topic else heading or "abschnitte"
    lines.append(render("antworten", f"ueberblick.{key}"))
    for title, unit in items:
        named = title if "„" in title else f"„{title}“"  # quotes keep "1. …" from being a list
        lines.append(f"- {named}: {mark(unit)}" if title else f"- {mark(unit)}")
    citations = [
        Citation.of(n, chunks[cid], "", sorted(set(spans[cid]))) for cid, n in numbers.items()
    ]
    for c in citations:
        c.quote = " … ".join(c.passage[s:e] for s, e in c.highlights)
    first = lead or items[0][1]
    return Answer(
        question=question,
        resolved_question=resolved,
        answer="\n".join(lines),
        citations=citations,
        lead=first.text,
    )


def _surface(question: str, topic: set[str]) -> str:
    """The question's own words for its topic stems ("Pilotprojekte")."""
    words = [w for w in re.findall(r"[\w-]+", question) if set(tokens(w)) & topic]
    return " ".join(dict.fromkeys(words))
