"""Named features of a candidate answer unit for a question, and their weighted score.

Each feature is a number in [0, 1] that a reader could check by hand; the weights are fitted
by cross-validation on the dev set (``scripts/fit_answer_weights.py``) and kept in one data
file (``tutor/answer/data/answer_weights.json``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from tutor.answer.answer_type import answer_type, type_satisfied
from tutor.answer.asked import stem_weights
from tutor.answer.patterns import QuestionForm, counted, patterns
from tutor.answer.units import AnswerUnit
from tutor.retrieval.followup import aspect_words
from tutor.retrieval.hybrid import Hit, Retrieval, named_module
from tutor.retrieval.text import content_terms, looks_english, tokens

ENUMERATIONS = ("aufzaehlung", "gliederung")  # unit kinds that list items (and sub-headings)
WEIGHTS_FILE = Path(__file__).with_name("data") / "answer_weights.json"
FEATURES = (
    "overlap",  # IDF-weighted share of the question's own stems (and glossary terms) in the unit
    "overlap_rel",  # the same, relative to the best-covering unit among the candidates
    "context",  # IDF-weighted share of the stems a follow-up took from the earlier question
    "cosine",  # e5 cosine of the unit's best sentence, relative to the best in the corpus
    "cosine_best",  # the unit holds the sentence closest to the question among the candidates
    "cosine_own",  # the question's own words close to the unit: a follow-up as asked (without
    # the earlier topic), a story question's interrogative sentence (without the story)
    "passage",  # strength of the unit's passage relative to the best passage
    "top_passage",  # the unit comes from the best passage
    "first_in_passage",  # the unit opens its passage (topic sentences often do)
    "title",  # IDF-weighted share of the question's stems in the section title
    "form",  # the unit is of the kind the question's form asks for (list, figure, cause …)
    "type",  # the unit contains the answer type the question needs (price, duration …)
    "intro",  # a statement about the material itself ("Dieses Modul zeigt …")
    "summary",  # a recap, exercise or outlook at the end of a module
    "checklist",  # a checklist question with tick boxes
    "question_unit",  # the unit itself asks a question instead of answering one
    "named_doc",  # the question names the unit's document or module ("laut Leitfaden")
    "count",  # the question counts ("drei Formen") and the unit has that many items
    "case",  # a practical example (with its outcome)
    "enumeration",  # an enumeration with its lead-in
    "length",  # share of the 600-character budget the unit takes
)


@dataclass(frozen=True)
class Weights:
    """Linear weights over :data:`FEATURES` plus a bias (fitted, see BENCHMARKS.md)."""

    bias: float
    by_feature: dict[str, float]

    def score(self, values: dict[str, float]) -> float:
        """Weighted sum of the feature values."""
        return self.bias + sum(self.by_feature.get(k, 0.0) * v for k, v in values.items())


@cache
def weights(path: Path = WEIGHTS_FILE) -> Weights:
    """The fitted weights; every feature must have one and no unknown feature may appear."""
    data = json.loads(path.read_text(encoding="utf-8"))
    given = data["weights"]
    if set(given) != set(FEATURES):
        missing, extra = set(FEATURES) - set(given), set(given) - set(FEATURES)
        raise ValueError(f"{path}: Gewichte passen nicht (fehlen {missing}, zu viel {extra}).")
    return Weights(float(data["bias"]), {k: float(v) for k, v in given.items()})


@dataclass(frozen=True)
class Context:
    """What the features need to know about the question and its retrieval."""

    retrieval: Retrieval
    question: str  # as asked (its form and answer type)
    resolved: str  # in the context of earlier turns (its subject)
    form: QuestionForm | None
    idf: dict[str, float]  # weight of each stem of the question itself (plus glossary terms)
    context_idf: dict[str, float]  # weight of the stems a follow-up took from earlier turns
    generic: frozenset[str]
    own_cos: dict[tuple[str, int], float] | None = None  # follow-up's own words vs sentences
    named: frozenset[str] = frozenset()  # documents the question names (source files)
    module: int | None = None  # the module the question names
    count: int | None = None  # how many things the question asks for

    @classmethod
    def of(
        cls,
        retrieval: Retrieval,
        question: str,
        resolved: str,
        form: QuestionForm | None,
        own_vector: np.ndarray | None = None,
    ) -> Context:
        """The context of one question (``question`` as asked, ``resolved`` stand-alone;
        ``own_vector`` embeds the question as asked when it differs from ``resolved``)."""
        snap = retrieval.snapshot
        own = set(tokens(question)) | set(retrieval.synonyms)
        # the material's words for the aspect a follow-up asks about ("realistic?" → Aufwand,
        # Grenzen), when they were searched: what is asked, not the topic taken from earlier
        own |= {t for w in aspect_words(question) for t in tokens(w)} & set(retrieval.query_tokens)
        taken = set(retrieval.query_tokens) - own
        if snap is not None and looks_english(question):
            # an English word the German material never has cannot tell units apart; left in,
            # it (weighing most as unknown) would shrink every share, the title's too
            own = {t for t in own if snap.doc_freq.get(t, 0) > 0}
        module = named_module(resolved, retrieval)
        if module is not None and snap is not None:
            # inside a named module its title words match every passage: no evidence there
            module_titles = {c.module_title or "" for c in snap.chunks if c.module == module}
            shared = {t for title in module_titles for t in tokens(title)}
            own, taken = own - shared, taken - shared

        def idf(stems: set[str], weight: dict[str, float] | None = None) -> dict[str, float]:
            weight = weight or {}
            return {t: (snap.idf(t) if snap else 1.0) * weight.get(t, 1.0) for t in stems}

        generic = snap.generic if snap else frozenset()
        own_cos = None
        if own_vector is not None and snap is not None:
            own_cos = snap.sentence_cosines(own_vector, list(retrieval.sentence_cos))
        words = set(tokens(resolved, keep_stopwords=True))
        titles = snap.titles if snap else {}
        named = frozenset(
            src
            for src, title in titles.items()
            if (first := tokens(title, keep_stopwords=True)[:1]) and first[0] in words
        )
        return cls(
            retrieval,
            question,
            resolved,
            form,
            idf(own, stem_weights(own)),  # "so ein Computer" names no topic
            idf(taken),
            generic,
            own_cos,
            named,
            named_module(resolved, retrieval),
            counted(resolved),
        )


def _share(terms: set[str], idf: dict[str, float]) -> float:
    total = sum(idf.values())
    return sum(idf[t] for t in terms if t in idf) / total if total else 0.0


def is_category(unit: AnswerUnit, name: str) -> bool:
    """Whether the unit belongs to a unit category of the pattern file (text or section)."""
    category = patterns().units[name]
    if category.text is not None and category.text.search(unit.text):
        return True
    title = unit.chunk.section or unit.chunk.chapter or ""
    return category.section is not None and bool(category.section.search(title))


def is_intro(unit: AnswerUnit) -> bool:
    """A statement about the material, or a sentence of a module's or document's opening."""
    chunk = unit.chunk
    opening = chunk.section is None and (chunk.module is not None or chunk.chapter is not None)
    return is_category(unit, "einleitung") or (opening and chunk.chapter in (None, "Einleitung"))


def fits_form(unit: AnswerUnit, form: QuestionForm | None) -> bool:
    """Whether the unit is of a kind (or category) the question's form asks for."""
    if form is None:
        return False
    units = patterns().units
    return any(unit.kind == f or (f in units and is_category(unit, f)) for f in form.fits)


def features(unit: AnswerUnit, hit: Hit, ctx: Context) -> dict[str, float]:
    """The named feature values of one unit."""
    r = ctx.retrieval
    keys = unit.keys
    cos = max(r.sentence_cos.get(k, 0.0) for k in keys)
    own = max(ctx.own_cos.get(k, 0.0) for k in keys) if ctx.own_cos is not None else cos
    doc_freq = r.snapshot.doc_freq if r.snapshot else None
    typed = type_satisfied(
        ctx.question,
        unit.statements,
        ctx.generic,
        r.synonyms,
        doc_freq,
        unit.chunk.text,
        ctx.resolved,
    )
    terms = content_terms(unit.text)
    return {
        "overlap": _share(terms, ctx.idf),
        "overlap_rel": 0.0,  # set by :func:`relative` once all candidates are known
        "context": _share(terms, ctx.context_idf),
        "cosine": max(0.0, min(1.0, 1.0 - (r.top_sentence - cos) / 0.1)),
        "cosine_best": cos,  # raw cosine until :func:`relative` marks the best one
        "cosine_own": own,  # raw until :func:`relative` scales it
        "passage": hit.relative,
        "top_passage": float(hit.rank == 1),
        "first_in_passage": float(unit.orders[0] == 0),
        "title": _share(content_terms(unit.heading), ctx.idf),
        "form": float(fits_form(unit, ctx.form)),
        "type": float(typed and _has_type(ctx.question)),
        "intro": float(is_intro(unit)),
        "summary": float(is_category(unit, "zusammenfassung")),
        "checklist": float(is_category(unit, "checkliste")),
        "question_unit": float(is_category(unit, "frage")),
        "named_doc": float(
            unit.chunk.source in ctx.named
            or (ctx.module is not None and unit.chunk.module == ctx.module)
        ),
        "count": float(ctx.count is not None and _counts(unit, ctx.count)),
        "case": float(unit.kind == "fall"),
        "enumeration": float(unit.kind in ENUMERATIONS),
        "length": min(1.0, len(unit.text) / 600),
    }


@cache
def _has_type(question: str) -> bool:
    return answer_type(question) is not None


def relative(values: list[dict[str, float]]) -> None:
    """Features relative to all candidates of a question: ``overlap_rel`` (overlap over the
    best overlap), ``cosine_best`` (1 for the closest unit) and ``cosine_own`` (closeness to
    the best own-words cosine, as ``cosine`` is to the best sentence)."""
    if not values:
        return
    best = max(v["overlap"] for v in values)
    top_cos = max(v["cosine_best"] for v in values)
    top_own = max(v["cosine_own"] for v in values)
    for v in values:
        v["overlap_rel"] = v["overlap"] / best if best > 0 else 0.0
        v["cosine_best"] = float(v["cosine_best"] >= top_cos)
        v["cosine_own"] = max(0.0, min(1.0, 1.0 - (top_own - v["cosine_own"]) / 0.1))


def _counts(unit: AnswerUnit, n: int) -> bool:
    """An enumeration of ``n`` items, or a unit that names the number ``n``."""
    lines = unit.text.split("\n")[1:]
    items = [ln for ln in lines if ln.startswith("- ") or ln[:1].isdigit()]
    if unit.kind in ENUMERATIONS and len(items) == n:
        return True
    words = {w for w, v in patterns().numbers.items() if v == n} | {str(n)}
    return any(w in words for w in re.findall(r"\w+", unit.text.lower()))
