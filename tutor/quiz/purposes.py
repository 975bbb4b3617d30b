"""Purposes the material states, for "Wozu dient …?" questions. Three forms:

* ``dient`` — "X hilft (Unternehmen) (dabei), A zu tun …" / "X dient dazu, A zu tun …" /
  "X dient als Y, um A zu tun": the purpose of X ("Wozu dient eine KI-Roadmap?");
* ``um`` — a short main clause followed by ", um A zu tun": "Unternehmen erhalten
  Übergangsfristen, um Systeme anzupassen …" → "Wozu erhalten Unternehmen Übergangsfristen?";
* ``schritt`` — a labelled step of a guide whose instruction names its aim: "Mitarbeiter-
  befragung: Holen Sie Feedback … ein, um praktische Einblicke … zu erhalten."

Sentences of case studies, about the material itself ("Dieses Modul zeigt …"), about a product
("Tools wie Lexoffice …") or about AI in general ("KI kann helfen …") are left out: their
purpose is an anecdote or a commonplace, not something to learn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.quiz.facts import LABEL_RE
from tutor.quiz.lexicon import is_product_name, lexicon
from tutor.quiz.material import Line
from tutor.quiz.sentence import (
    antecedent,
    lower_first,
    refers_back,
    split_clause,
    subject_like,
    without_connectives,
)
from tutor.quiz.textnorm import content_stems
from tutor.retrieval.corpus import IndexedChunk

MAX_PURPOSE_WORDS = 20
MIN_PURPOSE_WORDS = 3
MAX_CLAUSE_WORDS = 12
ASIDE = re.compile(r"\s+[–—]\s+.*$|\s+\([^)]*\)")


@dataclass(frozen=True)
class Purpose:
    """What something is for: the question's subject and the purpose as an option text."""

    chunk: IndexedChunk
    form: str  # dient | um | schritt
    subject: str  # "Pilotprojekte", "eine KI-Roadmap", "Mitarbeiterbefragung"
    verb: str  # "dient" / "dienen" (form dient), the inverted clause (form um)
    purpose: str  # "Um erste Erfahrungen zu sammeln, …"
    quote: str  # the sentence (with the one before when the subject was taken from there)

    @property
    def key(self) -> str:
        """Stable id of the fact."""
        return f"purpose|{self.chunk.chunk_id}|{self.quote[:60]}"


def purpose_text(tail: str) -> str | None:
    """'erste Erfahrungen zu sammeln, …' → 'Um erste Erfahrungen zu sammeln, …' (asides and
    the full stop dropped); None unless it is a zu-infinitive of sensible length."""
    text = ASIDE.sub("", tail.strip()).rstrip(" .;")
    text = re.sub(r"^um\s+", "", text)
    words = text.split()
    if not MIN_PURPOSE_WORDS - 1 <= len(words) <= MAX_PURPOSE_WORDS:
        return None
    if not re.search(r"(?:\bzu\s+\w+|\w+zu\w+en)\b", text):
        return None
    return f"Um {text}"


def _worth_asking(subject: str, tools: frozenset[str], generic: frozenset[str]) -> bool:
    """A subject someone should know the purpose of: not the material, not a product, not
    only general words ("KI", "Die KI", "KI-Systeme")."""
    lex = lexicon()
    words = [w.strip(",.").lower() for w in subject.split()]
    if any(w in lex.purpose_meta for w in words) or is_product_name(subject, tools):
        return False
    return any(s not in generic for s in content_stems(subject))


def _helps(sentence: str) -> tuple[list[str], str, str] | None:
    """(subject words, verb, purpose tail) of "X hilft/dient (…), A zu tun"."""
    lex = lexicon()
    tokens = sentence.split()
    for i, token in enumerate(tokens[1:], start=1):
        verb = token.strip(",")
        if verb not in lex.purpose_verbs:
            continue
        subject = tokens[:i]
        singular = verb != lex.purpose_verbs[verb]  # "hilft", not "helfen"
        if subject and subject[-1].lower() in {"kann", "können"}:
            singular = subject[-1].lower() == "kann"  # "kann helfen": the subject is singular
            subject = subject[:-1]
        rest = tokens[i + 1 :]
        while rest and rest[0].strip(",").lower() in lex.purpose_between:
            rest = rest[1:]
        if rest and rest[0].lower() == "als":  # "dient als strategischer Leitfaden, um …"
            joined = " ".join(rest)
            if ", um " not in joined:
                return None
            rest = joined.split(", um ", 1)[1].split()
        tail = " ".join(rest).lstrip(", ")
        if not subject or not tail:
            return None
        plural = lex.purpose_verbs[verb]
        singulars = {p: v for v, p in lex.purpose_verbs.items() if v != p}
        # the stem's verb agrees with the subject ("Wozu dient eine Roadmap?")
        return subject, singulars.get(plural, plural) if singular else plural, tail
    return None


def _from_sentence(
    chunk: IndexedChunk,
    sentence: str,
    previous: str,
    term: str | None,
    tools: frozenset[str],
    generic: frozenset[str],
) -> Purpose | None:
    """The purpose a sentence states; ``term``: the term the chunk defined last (what "Solche
    Modelle" stands for when the sentence before names nothing)."""
    quote = sentence
    if helped := _helps(sentence):
        subject, verb, tail = helped
        if not _worth_asking(" ".join(subject), tools, generic) and not refers_back(subject):
            return None
        if refers_back(subject):
            named = antecedent(previous) or term
            if named is None:
                return None
            subject, quote = named.split(), f"{previous} {sentence}"
        purpose = purpose_text(tail)
        text = lower_first(subject)
        if purpose is None or not subject_like(subject) or not _worth_asking(text, tools, generic):
            return None
        return Purpose(chunk, "dient", text, verb, purpose, quote)
    if ", um " not in sentence:
        return None
    main, tail = sentence.split(", um ", 1)
    clause = split_clause(main)
    purpose = purpose_text(tail)
    if clause is None or purpose is None or len(main.split()) > MAX_CLAUSE_WORDS:
        return None
    if not subject_like(clause.vorfeld) or refers_back(clause.vorfeld):
        return None
    rest = without_connectives(clause.rest)
    inverted = " ".join([clause.verb, lower_first(clause.vorfeld), *rest])
    if not _worth_asking(main, tools, generic):
        return None
    return Purpose(chunk, "um", " ".join(clause.vorfeld), inverted, purpose, quote)


def _from_step(chunk: IndexedChunk, text: str) -> Purpose | None:
    """A labelled step "Label: instruction …, um A zu tun."."""
    match = LABEL_RE.match(text)
    if not match or ", um " not in match.group("desc"):
        return None
    if not re.search(r"[^\W\d]{3}", match.group("label")):  # "5-14: …" is a score band
        return None
    purpose = purpose_text(match.group("desc").split(", um ", 1)[1])
    if purpose is None:
        return None
    return Purpose(chunk, "schritt", match.group("label").strip(), "", purpose, text)


def purposes(
    chunk: IndexedChunk,
    lines: list[Line],
    skip: set[str],
    terms: dict[str, str],
    tools: frozenset[str],
    generic: frozenset[str],
) -> list[Purpose]:
    """Purposes stated in one chunk; sentences in ``skip`` (case studies) are left out;
    ``terms`` maps a defining sentence to its term (for subjects that refer back)."""
    found: list[Purpose] = []
    if lexicon().is_frame(chunk.chapter or chunk.section or ""):
        return found  # welcome and farewell of a document: nothing to learn
    previous = ""
    term: str | None = None
    for line in lines:
        step = _from_step(chunk, line.text) if chunk.module is None else None
        if step is not None:
            found.append(step)
            continue
        for sentence in line.sentences:
            if sentence not in skip and not line.is_item:
                fact = _from_sentence(chunk, sentence, previous, term, tools, generic)
                if fact is not None:
                    found.append(fact)
            term = terms.get(sentence, term)
            previous = sentence
    return found
