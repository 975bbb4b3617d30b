"""Does the material answer what was asked, or only the topic around it?

An answer is ``partial`` when the question needs an answer type the quoted units lack (a
price, a duration …; :mod:`tutor.answer.answer_type`), or when general signals say the
material covers the topic but not the question: a logistic model over named features with
weights and threshold fitted by cross-validation on the dev set
(``scripts/fit_answer_weights.py``; ``answer_weights.json`` ``coverage``):

- ``top_sentence``: the best sentence cosine of the whole material to the question;
- ``lead_cosine``: the cosine of the unit that leads the answer;
- ``unknown_nouns``: nouns and names of the question's focus the material never mentions
  ("Stundensatz", "C5-Testat"; :mod:`tutor.answer.focus`), at most 2;
- ``unknown_share``: IDF share of the focus's words the material does not know;
- ``focus_quoted``: IDF share of the focus's known words that the quoted units contain (a
  word the glossary translates counts when the quote has its course term);
- ``english``: the question is English (its words are unknown to a German text anyway).

A partial answer says so first — naming the unknown nouns when there are some — and then
quotes what the material does say.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tutor.answer.compounds import known_parts
from tutor.answer.features import WEIGHTS_FILE
from tutor.answer.focus import as_named, question_focus, unknown_nouns
from tutor.answer.patterns import patterns
from tutor.answer.units import AnswerUnit
from tutor.prompts import render
from tutor.retrieval.framing import without_frames
from tutor.retrieval.hybrid import Retrieval
from tutor.retrieval.text import looks_english, tokens

FEATURES = (
    "top_sentence",
    "lead_cosine",
    "unknown_nouns",
    "unknown_share",
    "focus_quoted",
    "english",
)
MAX_NOUNS = 2


@dataclass(frozen=True)
class CoverageModel:
    """Logistic model of "the material does not answer this" (fitted; see BENCHMARKS.md)."""

    bias: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 1.0  # probability above which an answer is partial (1.0: never)
    # English questions: e5 places them further from the German text, so they get their own
    # threshold (fitted the same way: at most the same share of answerable ones marked)
    threshold_english: float = 1.0

    def probability(self, values: dict[str, float]) -> float:
        """Probability that the material does not answer the question."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in values.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def partial(self, values: dict[str, float]) -> bool:
        """Whether an answer with these signals is partial."""
        limit = self.threshold_english if values.get("english") else self.threshold
        return self.probability(values) > limit


@cache
def coverage_model(path: Path = WEIGHTS_FILE) -> CoverageModel:
    """The fitted coverage model; unknown features are an error."""
    data = json.loads(path.read_text(encoding="utf-8")).get("coverage", {})
    given = {str(k): float(v) for k, v in data.get("weights", {}).items()}
    if set(given) - set(FEATURES):
        raise ValueError(f"{path}: unbekannte Merkmale {sorted(set(given) - set(FEATURES))}.")
    return CoverageModel(
        float(data.get("bias", 0.0)),
        given,
        float(data.get("threshold", 1.0)),
        float(data.get("threshold_english", 1.0)),
    )


@dataclass(frozen=True)
class CoverageSignals:
    """The feature values of one answer and the focus nouns the material never mentions."""

    values: dict[str, float]
    unknown: list[str]


def coverage_signals(
    question: str,
    retrieval: Retrieval,
    quoted: list[AnswerUnit],
    content: list[AnswerUnit] | None = None,
) -> CoverageSignals:
    """The coverage features of an answer quoting ``quoted`` (the lead first). ``content``
    are the quoted units that say something: a signpost ("Im nächsten Modul werden
    Förderprogramme vorgestellt") or a recap names a topic without covering it, so only
    ``content`` counts for ``focus_quoted`` (default: all of ``quoted``)."""
    lead = quoted[0]
    focus = question_focus(question)
    english = looks_english(question)
    snap = retrieval.snapshot
    # a compound whose parts the material knows ("Textprogramm") is said in those parts
    parts = (lambda w: known_parts(w, snap.doc_freq)) if snap else None
    unknown = unknown_nouns(focus, retrieval.unknown, parts)
    # words naming the material ("Leitfaden", "Seminararbeit") say where to look, not what
    # … nor do the words of a light-verb frame ("Welche Rolle spielt …", "Kommt … in Frage")
    stems = set(tokens(without_frames(focus.text))) - material_stems()
    weight = {t: (snap.idf(t) if snap else 1.0) for t in stems}
    total = sum(weight.values())
    share = sum(w for t, w in weight.items() if t in retrieval.unknown) / total if total else 0.0
    said = quoted if content is None else content
    in_quote = set(tokens(" ".join(u.text for u in said)))
    # a passage under a heading that names the topic is about it ("Rechtliche
    # Rahmenbedingungen" quoted from the section of that name)
    in_quote |= set(
        tokens(" ".join(f"{u.chunk.chapter or ''} {u.chunk.section or ''}" for u in said))
    )
    if in_quote & retrieval.synonyms:  # "Machine Learning" is quoted as "maschinelles Lernen"
        in_quote |= retrieval.translated
    in_quote |= retrieval.synonyms
    known = {t: w for t, w in weight.items() if t not in retrieval.unknown}
    found = (
        sum(w for t, w in known.items() if t in in_quote) / sum(known.values()) if known else 1.0
    )
    keys = lead.keys  # an enumeration of sub-headings quotes pieces of several chunks
    topic = retrieval.topic_cos  # the question without its module reference, if it names one
    values = {
        "top_sentence": max(retrieval.top_sentence, retrieval.topic_sentence),
        "lead_cosine": max(
            (max(retrieval.sentence_cos.get(k, 0.0), topic.get(k, 0.0)) for k in keys),
            default=0.0,
        ),
        "unknown_nouns": float(min(MAX_NOUNS, len(unknown))),
        "unknown_share": 0.0 if english else share,
        "focus_quoted": 1.0 if english else found,
        "english": float(english),
    }
    return CoverageSignals(values, as_named(focus, unknown))


@cache
def material_stems() -> frozenset[str]:
    """Stems of the nouns that name a document or part of the material (patterns.toml)."""
    return frozenset(t for w in patterns().material_words for t in tokens(w))


def partial_opening(missing_type: str | None, signals: CoverageSignals) -> str:
    """The sentence a partial answer opens with: what the material does not name."""
    if missing_type is not None:
        return render("antworten", f"teilweise.{missing_type}")
    if signals.unknown:
        named = "“, „".join(signals.unknown[:MAX_NOUNS])
        return render("antworten", "teilweise_fokus.begriffe", begriffe=named)
    return render("antworten", "teilweise_fokus.allgemein")
