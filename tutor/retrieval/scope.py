"""A question scoped to one module: searched inside it, ranked by what sets a passage apart.

When a question names exactly one module ("Was sagt Modul 10 zu …") or the learner filters by
one, every passage searched belongs to that module. What the question shares with the whole
module (its topic: "KI-Roadmap" in Modul 10) then carries no evidence for *which* passage
answers, yet it dominates the e5 cosines (all near 0.9): they prefer the passages most
generally about the topic (the opening, §1, the recap) over the specific one asked for. So the
search is restricted to the module, and its cosines are taken after removing the module's
common direction (the centroid of its passage vectors) from the question and the texts.
BM25 is left as it is (its IDF already discounts words every passage has).

A question that asks a named module about a topic ("Was sagt Modul 3 zum EU AI Act?") is not
searched inside the module when the module never mentions the topic while the rest of the
material does: the learner would otherwise get Modul 3's nearest sentences as if they answered.
The answer then says that the module does not go into it and quotes the rest of the material
(:func:`module_lacks_topic`; the question form is data, ``scope.toml``).

Documents are scoped the same way: a question that names one document as its source („laut
Leitfaden“, „the integration guide“) is searched in it unless the document lacks the topic
(:func:`named_document`, :func:`document_lacks_topic`); one that names two or more has each
named document's best passage among its hits (:func:`named_sources`, :func:`cover_sources`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from tutor.retrieval import family
from tutor.retrieval.corpus import CorpusSnapshot
from tutor.retrieval.expansion import Glossary
from tutor.retrieval.text import tokens
from tutor.retrieval.vocabulary import corpus_variant

SCOPE_FILE = Path(__file__).with_name("scope.toml")

MODULE_RE = re.compile(r"\b(?:Modul|module)\s+(\d{1,2})\b", re.IGNORECASE)


@cache
def english_document_names(path: Path = SCOPE_FILE) -> dict[str, tuple[str, ...]]:
    """English names of the documents, by the first word of their title (``scope.toml``)."""
    entry = tomllib.loads(path.read_text(encoding="utf-8"))["dokumentfrage"]
    if not str(entry.get("rationale", "")).strip():
        raise ValueError(f"{path.name} [dokumentfrage]: 'rationale' fehlt.")
    names = entry.get("englisch", {})
    if not isinstance(names, dict) or not all(isinstance(v, list) for v in names.values()):
        raise ValueError(f"{path.name} [dokumentfrage]: 'englisch' braucht Listen von Namen.")
    return {str(k).lower(): tuple(str(n).lower() for n in v) for k, v in names.items()}


def named_document(query: str, snap: CorpusSnapshot) -> str | None:
    """The one document a question names as its source ("Was rät der Leitfaden …?", "… the
    integration guide"), by the first word of its title or its English name; None when it
    names none, several, or a module (a module names its document already)."""
    if named_modules(query):
        return None
    words = set(tokens(query, keep_stopwords=True))
    lowered = f" {' '.join(re.findall(r'[a-zäöüß]+', query.lower()))} "
    english = english_document_names()
    found = set()
    for source, title in snap.titles.items():
        first = title.split()[0].lower() if title.split() else ""
        stem = tokens(first, keep_stopwords=True)[:1]
        if (stem and stem[0] in words) or any(
            f" {name} " in lowered for name in english.get(first, ())
        ):
            found.add(source)
    return next(iter(found)) if len(found) == 1 else None


def named_modules(query: str) -> set[int]:
    """Every module number a question names."""
    return {int(n) for n in MODULE_RE.findall(query)}


def scoped_module(
    query: str, snap: CorpusSnapshot, module: int | None, source: str | None = None
) -> int | None:
    """The module the search is restricted to: the filter, else the one module the question
    names (if the material has it and no other document is filtered); None when it names none
    or several."""
    if module is not None or source is not None:
        return module
    named = named_modules(query)
    return next(iter(named)) if len(named) == 1 and named <= set(snap.modules) else None


@dataclass(frozen=True)
class ModuleQuestion:
    """The form of a question that asks a named module about a topic (``scope.toml``)."""

    pattern: re.Pattern[str]
    articles: frozenset[str]


@cache
def module_question(path: Path = SCOPE_FILE) -> ModuleQuestion:
    """The module-question form, loaded and checked once."""
    entry = tomllib.loads(path.read_text(encoding="utf-8"))["modulfrage"]
    if not str(entry.get("rationale", "")).strip():
        raise ValueError(f"{path.name} [modulfrage]: 'rationale' fehlt.")
    pattern = re.compile(entry["muster"], re.IGNORECASE)
    if "thema" not in pattern.groupindex:
        raise ValueError(f"{path.name} [modulfrage]: das Muster braucht die Gruppe 'thema'.")
    return ModuleQuestion(pattern, frozenset(w.lower() for w in entry.get("artikel", [])))


def module_lacks_topic(
    query: str, snap: CorpusSnapshot, module: int, glossary: Glossary | None = None
) -> str:
    """The topic (as written) of a question that asks the named ``module`` about it ("Was sagt
    Modul 3 zum EU AI Act?") when the module mentions fewer than half of its words while the
    material knows every one; "" otherwise (see :func:`lacks_topic`)."""
    form = module_question()
    found = form.pattern.search(query)
    if not found:
        return ""
    inside = snap.module_stems.get(module, frozenset())
    return lacks_topic(found.group("thema"), form.articles, snap, inside, glossary)


def document_lacks_topic(
    query: str, snap: CorpusSnapshot, source: str, glossary: Glossary | None = None
) -> str:
    """The same for a question that names one document ("Was sagt der Leitfaden über den EU
    AI Act?"): the topic after the preposition, when the document lacks it."""
    found = document_topic_pattern().search(query)
    if not found:
        return ""
    inside = snap.source_stems.get(source, frozenset())
    return lacks_topic(found.group("thema"), module_question().articles, snap, inside, glossary)


@cache
def document_topic_pattern(path: Path = SCOPE_FILE) -> re.Pattern[str]:
    """Where a question naming a document states its topic (``scope.toml`` [dokumentfrage])."""
    entry = tomllib.loads(path.read_text(encoding="utf-8"))["dokumentfrage"]
    pattern = re.compile(str(entry.get("muster", "")), re.IGNORECASE)
    if "thema" not in pattern.groupindex:
        raise ValueError(f"{path.name} [dokumentfrage]: das Muster braucht die Gruppe 'thema'.")
    return pattern


def lacks_topic(
    written: str,
    articles: frozenset[str],
    snap: CorpusSnapshot,
    inside: frozenset[str],
    glossary: Glossary | None = None,
) -> str:
    """The topic as written (without leading articles) when the part of the material whose
    stems are ``inside`` mentions fewer than half of its words while the material knows every
    one; "" otherwise. A topic word counts also inflected or as the course term the glossary
    maps it to ("vorausschauende Wartung" → "Predictive Maintenance"); generic words (in more
    than a quarter of all passages: "KI") never decide."""
    words = written.strip(" .!,;:").split()
    while words and words[0].lower() in articles:
        words = words[1:]
    topic_text = " ".join(words)
    stems = {s for s in tokens(topic_text) if not s.isdigit()}
    translated: set[str] = set()  # stems a glossary synonym covers ("data protection")
    course: set[str] = set()  # … and the course terms they stand for ("Datenschutz")
    if glossary is not None:
        expansion = glossary.expand(topic_text)
        translated, course = set(expansion.matched), set(expansion.extra_tokens)
    known = {
        s: s if snap.doc_freq.get(s, 0) > 0 else corpus_variant(s, snap.doc_freq) for s in stems
    }
    if any(v is None and s not in translated for s, v in known.items()):
        return ""  # part of the topic is nowhere in the material: the part asked is not at fault
    # the topic's words (their corpus form); a word the glossary translates is inside when
    # its course term is ("vorausschauende Wartung" → "Predictive Maintenance")
    by_form = {s: v or s for s, v in known.items() if (v or s) not in snap.generic}
    course_inside = bool(course & inside)
    present = [
        s
        for s, v in by_form.items()
        if v in inside or same_family(v, inside) or (s in translated and course_inside)
    ]
    if not by_form or 2 * len(present) >= len(by_form):
        return ""  # it names at least half of the topic ("AI" alone is not "EU AI Act")
    return topic_text


def same_family(stem: str, inside: frozenset[str]) -> bool:
    """Whether ``inside`` has another stem of the same word: the stemmer keeps a verb and
    its noun or participle apart ("Skalierung" → "skalier", "skalieren" → "skali",
    "skaliert"), so a part of the material that says "Projekte skalieren" is not silent on
    "Skalierung" (the word-family rule of :mod:`tutor.retrieval.family`)."""
    return any(family.same_family(stem, other) for other in inside)


def centred(
    snap: CorpusSnapshot, vector: np.ndarray, module: int, share: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(chunk cosine, sentence cosine, best sentence cosine per chunk) after removing
    ``share`` of the module's common direction (its chunk centroid) from the question and the
    texts (1: all of it)."""
    inside = np.array([c.module == module for c in snap.chunks], dtype=bool)
    if not inside.any():  # a filter for a module the material does not have
        raw, best = snap.sentence_scores(vector)
        return snap.dense_scores(vector), raw, best
    centre = snap.chunk_vectors[inside].astype(np.float64).mean(axis=0)
    centre /= np.linalg.norm(centre) or 1.0
    q = vector.astype(np.float64)
    qc = float(q @ centre)
    # x - a(x·c)c for unit x and c: dot products lose b(x·c)(q·c), norms² b(x·c)², b = 2a - a²
    b = 2 * share - share * share
    q_norm = np.sqrt(max(1e-9, 1.0 - b * qc * qc))

    def cos(x: np.ndarray) -> np.ndarray:
        xc = x.astype(np.float64) @ centre
        return (x.astype(np.float64) @ q - b * xc * qc) / (
            np.sqrt(np.maximum(1e-9, 1 - b * xc**2)) * q_norm
        )

    sent = cos(snap.sent_vectors)
    best = np.full(len(snap.chunks), -1.0)
    if len(sent):
        np.maximum.at(best, snap.sent_owner, sent)
    return cos(snap.chunk_vectors), sent, best


def topic_cosines(
    snap: CorpusSnapshot, vector: np.ndarray, rows: np.ndarray, allowed: np.ndarray | None
) -> tuple[float, dict[tuple[str, int], float]]:
    """(best sentence cosine over the ``allowed`` passages, cosine of the sentences at ``rows``
    by (chunk id, order)) for the question with its module reference left out: "Was sagt
    Modul 7 über Chatbots?" is as well covered as "Was sagt der Kurs über Chatbots?", but e5
    places the question with "Modul 7" further from every sentence."""
    cos, best = snap.sentence_scores(vector)
    if allowed is not None:
        best = np.where(allowed, best, -1.0)
    by_key = {
        (snap.chunks[snap.sent_owner[r]].chunk_id, int(snap.sent_order[r])): float(cos[r])
        for r in rows
    }
    return (float(best.max()) if len(best) else 0.0), by_key


def named_sources(query: str, snap: CorpusSnapshot) -> frozenset[str]:
    """The documents a question names when it names two or more ("Was sagen Kurs und Leitfaden
    …?"): a document is named by the first word of its title."""
    words = set(tokens(query, keep_stopwords=True))
    named = {
        source
        for source, title in snap.titles.items()
        if (first := tokens(title, keep_stopwords=True)[:1]) and first[0] in words
    }
    return frozenset(named) if len(named) >= 2 else frozenset()


def cover_sources(
    order: list[int], fused: dict[int, float], snap: CorpusSnapshot, sources: frozenset[str]
) -> list[int]:
    """Each named document's best passage is among the hits, in place of the weakest hit of a
    document that is not named or is there twice."""
    if not sources:
        return order
    out = list(order)
    ranked = sorted(fused, key=lambda i: (-fused[i], i))
    for wanted in sorted(sources):
        if any(snap.chunks[i].source == wanted for i in out):
            continue
        best = next((i for i in ranked if snap.chunks[i].source == wanted), None)
        for pos in range(len(out) - 1, -1, -1):
            have = snap.chunks[out[pos]].source
            if best is not None and (
                have not in sources or sum(snap.chunks[i].source == have for i in out) > 1
            ):
                out[pos] = best
                break
    return sorted(out, key=lambda i: (-fused[i], i))
