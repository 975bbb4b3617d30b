"""Conversational retrieval without an LLM: how much a question depends on the earlier turns.

When there are earlier questions, a question is retrieved twice — on its own, and in the
context of the previous turns — and the two rankings are blended
(:meth:`tutor.retrieval.hybrid.HybridRetriever.retrieve`). The blend weight says how much the
question depends on the conversation; it is a fitted function (weights in
``tutor/answer/data/answer_weights.json``, fitted by cross-validation on the dev set) of three
general signals:

- it opens with a connective that continues the conversation ("Und …", "Aber …", "What about");
- it uses an anaphoric pro-form (a pronominal adverb such as "dafür", a demonstrative such as
  "diese", "solche", "so etwas") that does not announce a following clause ("dafür, dass …"),
  or, in its first clause, a 3rd-person pronoun or an article word standing alone ("Hat ein
  Händler *das* schon umgesetzt?") — after a comma or a first sentence such words mostly point
  into the question itself;
- it has few content words of its own that the material knows.

The word classes are closed grammatical classes (``followup.toml``), loaded and checked at
start-up. Nothing is tied to particular phrasings: a self-contained question keeps its own
ranking, a question without a topic of its own takes the earlier one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tutor.retrieval.aspects import Aspect, aspect_words, aspects, with_aspects
from tutor.retrieval.corpus import CorpusSnapshot
from tutor.retrieval.scope import english_document_names, named_document
from tutor.retrieval.text import fold, tokens

WORDS_FILE = Path(__file__).with_name("followup.toml")
__all__ = ["Aspect", "aspect_words", "aspects", "with_aspects"]  # re-exported from .aspects


@dataclass(frozen=True)
class WordClasses:
    """The closed word classes the context weight looks at."""

    connectives: tuple[str, ...]  # sentence openings that continue the conversation
    pro_forms: re.Pattern[str]  # anaphoric pro-forms (not announcing a following clause)
    pronouns: re.Pattern[str]  # anaphoric 3rd-person pronouns, case-sensitive
    clause_end: re.Pattern[str]  # where the first clause of a question ends


@cache
def word_classes(path: Path = WORDS_FILE) -> WordClasses:
    """The word classes of ``followup.toml``; each needs a one-line rationale."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for name in ("anschluss", "proformen", "pronomen"):
        rationale = str(data.get(name, {}).get("rationale", "")).strip()
        if not rationale or "\n" in rationale:
            raise ValueError(f"{path}: [{name}] braucht eine einzeilige Begründung.")
    words = [str(w) for w in data["anschluss"].get("woerter", [])]
    forms = [str(p) for p in data["proformen"].get("muster", [])]
    if not words or not forms:
        raise ValueError(f"{path}: [anschluss] braucht Wörter, [proformen] Muster.")
    announce = str(data["proformen"].get("ankuendigung", "(?!)"))
    try:
        pattern = re.compile(
            rf"\b(?:{'|'.join(forms)})\b(?!\s*,?\s*(?:{announce})\b)", re.IGNORECASE
        )
    except re.error as exc:
        raise ValueError(f"{path}: [proformen] ungültiges Muster ({exc}).") from None
    pronouns, clause_end = _pronouns(path, data["pronomen"])
    return WordClasses(tuple(fold(w) for w in words), pattern, pronouns, clause_end)


def _pronouns(path: Path, data: dict[str, object]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The case-sensitive pattern of ``[pronomen]`` (the listed pronouns as whole words, or an
    article word standing alone) and the end of a first clause."""
    words = [str(w) for w in data.get("muster", []) or []]  # type: ignore[attr-defined]
    alone = str(data.get("artikelpronomen", "")).strip()
    end = str(data.get("teilsatzgrenze", "")).strip()
    if not words or not alone or not end:
        raise ValueError(f"{path}: [pronomen] braucht Muster, Artikelpronomen, Teilsatzgrenze.")
    try:
        return re.compile(rf"\b(?:{'|'.join(words)})\b|{alone}"), re.compile(end)
    except re.error as exc:
        raise ValueError(f"{path}: [pronomen] ungültiges Muster ({exc}).") from None


@dataclass(frozen=True)
class ContextWeights:
    """How much a question depends on earlier turns (fitted; see BENCHMARKS.md)."""

    base: float = 0.0  # any question with earlier turns
    connective: float = 0.0  # + when it opens with a connective
    pro_form: float = 0.0  # + when it uses an anaphoric pro-form
    per_missing_term: float = 0.0  # + per own content term fewer than ``terms``
    terms: int = 4
    turns: int = 2  # how many earlier questions form the context


def opens_with_connective(question: str) -> bool:
    """Whether the question opens with a connective that continues the topic ("Und im
    Handwerk?"); not when a widening adverb follows it ("Und generell: …", :func:`widens`)."""
    q = fold(question).strip()
    opens = any(re.match(rf"{re.escape(w)}(?!\w)", q) for w in word_classes().connectives)
    return opens and not widens(question)


@cache
def widening_words(path: Path = WORDS_FILE) -> tuple[str, ...]:
    """The folded words of ``[verallgemeinerung]``."""
    return tuple(fold(str(w)) for w in _word_section(path, "verallgemeinerung")["woerter"])


def widens(question: str) -> bool:
    """Whether the first clause of a question widens it beyond the case under discussion
    ("Und ganz allgemein – …", "Und generell: Wie …?", "And in general, …")."""
    first = word_classes().clause_end.split(question.strip(), maxsplit=1)[0]
    words = re.findall(r"\w+", fold(first))
    q = f" {' '.join(words)} "
    return any(f" {w} " in q for w in widening_words())


def has_pro_form(question: str) -> bool:
    """Whether the question uses an anaphoric pro-form ("Gibt es dafür ein Beispiel?") or
    pronoun ("Hat ein Händler das schon umgesetzt?")."""
    classes = word_classes()
    first_clause = classes.clause_end.split(question.strip(), maxsplit=1)[0]
    return bool(classes.pro_forms.search(question) or classes.pronouns.search(first_clause))


def refers_back(question: str) -> bool:
    """Whether the question is marked as a continuation (connective or pro-form)."""
    return opens_with_connective(question) or has_pro_form(question)


def own_terms(question: str, doc_freq: Mapping[str, int]) -> int:
    """How many distinct content stems of the question the material knows."""
    return len({t for t in tokens(question) if doc_freq.get(t, 0) > 0})


def context_weight(question: str, doc_freq: Mapping[str, int], weights: ContextWeights) -> float:
    """Blend weight of the in-context ranking, in [0, 1]."""
    missing = max(0, weights.terms - own_terms(question, doc_freq))
    # a question that widens beyond the case under discussion without pointing back to it
    # ("Und generell: Wie steigt man ein?") depends on it only as far as it lacks own words
    detached = widens(question) and not has_pro_form(question)
    value = (
        weights.base * (not detached)
        + weights.connective * opens_with_connective(question)
        + weights.pro_form * has_pro_form(question)
        + weights.per_missing_term * missing
    )
    return max(0.0, min(1.0, value))


def _word_section(path: Path, name: str) -> dict[str, Any]:
    """A word-class section of ``followup.toml`` with its one-line rationale and words."""
    data = tomllib.loads(path.read_text(encoding="utf-8")).get(name, {})
    rationale = str(data.get("rationale", "")).strip()
    if not rationale or "\n" in rationale or not data.get("woerter"):
        raise ValueError(f"{path}: [{name}] braucht eine einzeilige Begründung und Wörter.")
    return data


def _stems(words: list[Any]) -> frozenset[str]:
    return frozenset(t for w in words for t in tokens(str(w), keep_stopwords=True))


@cache
def elaboration_stems(path: Path = WORDS_FILE) -> tuple[frozenset[str], frozenset[str]]:
    """(stems of elaboration words, stems of the request frame) from ``[vertiefung]``."""
    data = _word_section(path, "vertiefung")
    return _stems(data["woerter"]), _stems(data.get("bittrahmen", []))


def asks_to_elaborate(question: str) -> bool:
    """A request to explain the topic under discussion further ("Können Sie das genauer
    erklären?"): every content word is an elaboration or request word, at least one of the
    first kind. Such a question has no topic of its own."""
    words, frame = elaboration_stems()
    own = set(tokens(question))
    return bool(own & words) and own <= words | frame


def context_text(previous: list[str], turns: int = 2) -> str:
    """The earlier questions that form the context (the last ``turns``, oldest first)."""
    return " ".join(p.strip() for p in previous[-turns:] if p.strip())


@cache
def frame_stems(path: Path = WORDS_FILE) -> frozenset[str]:
    """Stems of ``[anfragerahmen]``: the words of a question's request frame (answer-type
    nouns, evaluative predicates, verbs of applying), not of its topic."""
    return _stems(_word_section(path, "anfragerahmen")["woerter"])


def topic_words(question: str) -> str:
    """A follow-up that refers back, without the words of its request frame ("Welche Tools
    gibt es dafür?" → "Welche gibt es dafür?"): those say what is asked about the topic under
    discussion and must not search for a topic of their own. Other questions are unchanged."""
    if not refers_back(question):
        return question
    frame = frame_stems()
    kept = [w for w in question.split() if not set(tokens(w, keep_stopwords=True)) & frame]
    return " ".join(kept) if len(kept) < len(question.split()) else question


@cache
def self_description_patterns(path: Path = WORDS_FILE) -> tuple[re.Pattern[str], ...]:
    """The case-sensitive patterns of ``[selbstbeschreibung]`` (the asker describing their
    own business: "für mich als Bäckerei", "ein Betrieb wie meiner", "mit 12 Leuten")."""
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("selbstbeschreibung", {})
    rationale = str(data.get("rationale", "")).strip()
    if not rationale or "\n" in rationale or not data.get("muster"):
        raise ValueError(f"{path}: [selbstbeschreibung] braucht Begründung und Muster.")
    try:
        return tuple(re.compile(str(p)) for p in data["muster"])
    except re.error as exc:
        raise ValueError(f"{path}: [selbstbeschreibung] ungültiges Muster ({exc}).") from None


def self_description(question: str) -> list[str]:
    """The phrases in which the asker describes their own business ("als Bäckerei")."""
    return [m.group(0) for p in self_description_patterns() for m in p.finditer(question)]


def asked_terms(question: str) -> list[str]:
    """The content terms that say what a follow-up asks: without the pro-forms that point
    back and without the asker's description of their own business ("als
    Bäckerei"). A word the material does not know there says nothing about whether the
    material answers the question ("Was heißt das konkret für mich als Bäckerei?" asks what
    the topic under discussion means for a small business)."""
    drop = set(tokens(" ".join(self_description(question)), keep_stopwords=True))
    drop |= {
        t
        for m in word_classes().pro_forms.finditer(question)
        for t in tokens(m.group(0), keep_stopwords=True)
    }
    return [t for t in tokens(question) if t not in drop]


@cache
def narrowing_patterns(path: Path = WORDS_FILE) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(elliptical follow-up, kind of business) of ``[eingrenzung]``."""
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("eingrenzung", {})
    rationale = str(data.get("rationale", "")).strip()
    if not rationale or "\n" in rationale or not data.get("ellipse") or not data.get("betriebsart"):
        raise ValueError(f"{path}: [eingrenzung] braucht Begründung, Ellipse und Betriebsart.")
    try:
        return re.compile(str(data["ellipse"])), re.compile(str(data["betriebsart"]))
    except re.error as exc:
        raise ValueError(f"{path}: [eingrenzung] ungültiges Muster ({exc}).") from None


def applies_to_own_case(question: str) -> bool:
    """A follow-up that applies the topic under discussion to the asker's own business: it
    refers back and describes the asker ("Was heißt das konkret für mich als Bäckerei?"), or
    it is an ellipsis that narrows the topic to a kind of business ("Und im Handwerk?")."""
    # the reference back must be in the first clause: after a comma a pro-form mostly opens
    # a clause of the question itself ("Was kann ich als Chef tun, damit mein Team …?")
    if not refers_back(word_classes().clause_end.split(question.strip(), maxsplit=1)[0]):
        return False
    ellipsis, business = narrowing_patterns()
    return bool(self_description(question)) or bool(
        ellipsis.match(question) and business.search(question)
    )


def document_scope(question: str, snap: CorpusSnapshot) -> tuple[str | None, str]:
    """(the document a follow-up narrows the topic under discussion to, the question without
    the words that name it): "Was sagt der Leitfaden dazu?" asks for the earlier topic in the
    guide. The name says where to search, not what; as a search word it would find the
    passages that name the document (its introduction) instead of the topic."""
    source = named_document(question, snap) if refers_back(question) else None
    if source is None:
        return None, question
    first = snap.titles[source].split()[0].lower()
    stem = set(tokens(first, keep_stopwords=True)[:1])
    kept = " ".join(w for w in question.split() if not set(tokens(w, keep_stopwords=True)) & stem)
    for name in english_document_names().get(first, ()):
        kept = re.sub(rf"(?i)\b{re.escape(name)}\b", " ", kept)
    return source, " ".join(kept.split())


def in_context(question: str, previous: list[str], turns: int = 2) -> str:
    """A readable stand-alone form: the question with the earlier questions in brackets."""
    context = context_text(previous, turns)
    return f"{question} ({context})" if context else question
