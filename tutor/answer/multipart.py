"""Questions that ask two (or more) things at once, recognised by their structure.

The categories live as data in ``multipart.toml``: coordinated clauses that ask ("…, und woran
wird … gemessen?", "… und nennen Sie …"), aspects after a dash ("… – in der Produktion und bei …?"),
named documents ("Was sagen Kurs und Leitfaden …?") and several cases ("die beiden …");
:func:`question_parts` splits, :mod:`tutor.answer.multianswer` answers each part.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from tutor.answer.multiphrases import paired_parts, prepositional_parts, shared_predicate
from tutor.answer.patterns import PatternError
from tutor.retrieval.text import tokens

MULTIPART_FILE = Path(__file__).with_name("data") / "multipart.toml"
_BLOCK = re.compile(r"<<(\w+)>>")
CLAUSES = "nebensaetze"
YES_NO = "entscheidungsfrage"
ASPECTS = "aspekte"
PHRASES = "praepositionen"  # coordinated prepositional phrases at the end of the question
CASES = "mehrere_faelle"
DOCUMENTS = "dokumente"  # two named documents: recognised from the corpus titles
# a clause that asks: a question word (perhaps after a preposition), a finite verb or a request
CLAUSE_OPENING = (
    r"^\W*(?:(?:<<praeposition>>)\s+)?(?:<<fragewort>>|<<verb_erst>>|<<aufforderung>>)\b"
)


@dataclass(frozen=True)
class Rules:
    """The compiled multi-part patterns and the answer budget."""

    clauses: re.Pattern[str]
    paired_words: re.Pattern[str]  # a bare question word before the conjunction: one clause
    conjunction: re.Pattern[str]
    yes_no: re.Pattern[str]
    aspect_head: re.Pattern[str]
    aspect_split: re.Pattern[str]
    question_word: re.Pattern[str]
    clause_opening: re.Pattern[str]
    sentence_end: re.Pattern[str]
    choice: re.Pattern[str]
    cases: re.Pattern[str]
    plural_cases: re.Pattern[str]
    numerals: dict[str, int]
    document_glue: frozenset[str]
    document_anchor: float
    document_budget: int
    document_gap: float
    shared_phrase: re.Pattern[str]
    prepositions: tuple[frozenset[str], ...]
    anaphors: frozenset[str]
    min_words: int
    max_parts: int
    part_budget: int
    continuation_budget: int
    max_continuation: int
    unnumbered_cases: int
    next_case_gap: float
    leaning_words: int
    total_budget: int


@dataclass(frozen=True)
class Part:
    """One thing the question asks: a stand-alone question, the document it is searched in
    (when it names one of several), or the n-th case of a plural reference (1-based); a
    later clause carries the clauses before it ("…, und wie hoch ist die Förderung?")."""

    text: str
    source: str | None = None
    case: int = 0
    earlier: str = ""  # the clauses asked before it: a later clause may lean on them
    unnumbered: bool = False  # a case of a plural request without a number ("Welche Beispiele")
    weight: float | None = None  # blend weight of ``earlier`` as context; None: from its words


@dataclass(frozen=True)
class MultiPart:
    """A question's parts, in the order asked, and the category that split it."""

    category: str
    parts: tuple[Part, ...]


def _compile(raw: str, blocks: dict[str, str], where: str) -> re.Pattern[str]:
    def insert(m: re.Match[str]) -> str:
        if m.group(1) not in blocks:
            raise PatternError(
                f"{MULTIPART_FILE.name}: [{where}] nennt unbekannten Baustein <<{m.group(1)}>>."
            )
        return blocks[m.group(1)]

    try:
        return re.compile(_BLOCK.sub(insert, raw), re.IGNORECASE)
    except re.error as exc:
        message = f"{MULTIPART_FILE.name}: [{where}] ist kein gültiges Muster: {exc}"
        raise PatternError(message) from exc


def _case_sensitive(raw: str) -> re.Pattern[str]:
    """A pattern where capitalisation matters (a German noun is capitalised)."""
    try:
        return re.compile(raw)
    except re.error as exc:
        message = f"{MULTIPART_FILE.name}: [geteiltes_praedikat] ist kein gültiges Muster: {exc}"
        raise PatternError(message) from exc


@cache
def rules(path: Path = MULTIPART_FILE) -> Rules:
    """Load and validate the multi-part rules (German :class:`PatternError` when broken)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        blocks, split, limits = data["bausteine"], data["teilung"], data["regeln"]
        for name, entry in [*split.items(), ("rueckbezug", data["rueckbezug"])]:
            if not str(entry.get("rationale", "")).strip():
                raise PatternError(f"{path.name}: [teilung.{name}] braucht eine rationale.")
        return Rules(
            clauses=_compile(split[CLAUSES]["trenner"], blocks, CLAUSES),
            paired_words=_compile(split[CLAUSES]["gepaart"], blocks, CLAUSES),
            conjunction=_compile(r"^\W*(?:<<konjunktion>>)\s+", blocks, "bausteine"),
            yes_no=_compile(split[YES_NO]["trenner"], blocks, YES_NO),
            aspect_head=_compile(split[ASPECTS]["einleitung"], blocks, ASPECTS),
            aspect_split=_compile(split[ASPECTS]["trenner"], blocks, ASPECTS),
            question_word=_compile(r"^\W*(?:<<fragewort>>)\b", blocks, "bausteine"),
            clause_opening=_compile(CLAUSE_OPENING, blocks, "bausteine"),
            sentence_end=_compile(split["satzgrenze"]["muster"], blocks, "satzgrenze"),
            choice=_compile(split["auswahl"]["muster"], blocks, "auswahl"),
            cases=_compile(split[CASES]["muster"], blocks, CASES),
            plural_cases=_compile(split[CASES]["plural"], blocks, CASES),
            numerals={str(k): int(v) for k, v in data["zahlwoerter"].items()},
            document_glue=frozenset(str(w).lower() for w in split[DOCUMENTS]["bindewoerter"]),
            document_anchor=float(split[DOCUMENTS]["anker_gewicht"]),
            document_budget=int(split[DOCUMENTS]["teil_budget"]),
            document_gap=float(split[DOCUMENTS]["abstand"]),
            shared_phrase=_case_sensitive(split["geteiltes_praedikat"]["phrase"]),
            prepositions=tuple(
                frozenset(str(w).lower() for w in g) for g in split[PHRASES]["gruppen"]
            ),
            anaphors=frozenset(str(w).lower() for w in data["rueckbezug"]["woerter"]),
            min_words=int(limits["min_woerter"]),
            max_parts=int(limits["max_teile"]),
            part_budget=int(limits["teil_budget"]),
            continuation_budget=int(limits["fortsetzung_budget"]),
            max_continuation=int(limits["fortsetzung_saetze"]),
            unnumbered_cases=int(limits["faelle_ohne_zahl"]),
            next_case_gap=float(limits["fall_abstand"]),
            leaning_words=int(limits["nachsatz_woerter"]),
            total_budget=int(limits["gesamt_budget"]),
        )
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        if isinstance(exc, PatternError):
            raise
        raise PatternError(f"{path.name} fehlt oder ist fehlerhaft: {exc}") from exc


def _clean(text: str) -> str:
    return text.strip(" ,;:–—-?.").strip()


def _enough(parts: list[str], fitted: Rules) -> bool:
    """Two or more parts, each with content words besides its question word."""
    return len(parts) >= 2 and all(
        len(tokens(fitted.clause_opening.sub("", p, count=1))) >= fitted.min_words for p in parts
    )


def _capped(parts: list[str], fitted: Rules, joiner: str) -> list[str]:
    head, rest = parts[: fitted.max_parts - 1], parts[fitted.max_parts - 1 :]
    return [*head, joiner.join(rest)] if rest else head


def clause_parts(question: str, fitted: Rules | None = None) -> list[str]:
    """Coordinated question clauses (wh-word or, after a comma, a finite verb first); a frame
    before a colon ("Zwei Fragen zur Buchhaltung: …") is kept with every part."""
    fitted = fitted or rules()
    frame, body = "", question
    head = re.split(r":\s", question, maxsplit=1)
    if len(head) == 2 and fitted.question_word.search(head[1]):
        frame, body = f"{_clean(head[0])}: ", head[1]
    cut = [m.start() for m in fitted.clauses.finditer(body)]
    cut = [b for b in cut if not fitted.paired_words.search(body[:b])]
    cut += [m.start() for m in fitted.yes_no.finditer(body)]
    bounds = [0, *sorted(set(cut)), len(body)]
    pieces = [body[a:b] for a, b in pairwise(bounds)]
    # drop the conjunction each later piece starts with
    parts = [_clean(fitted.conjunction.sub("", p, count=1)) for p in pieces]
    # every clause is a question of its own: it opens with a question word or a finite verb
    if not _enough(parts, fitted) or not all(fitted.clause_opening.search(p) for p in parts):
        return []
    parts = shared_predicate([f"{p}?" for p in parts], fitted.shared_phrase)
    return [f"{frame}{p.rstrip('?')}?" for p in _capped(parts, fitted, " und ")]


def aspect_parts(question: str, fitted: Rules | None = None) -> list[str]:
    """One question with coordinated aspects after a dash or colon: each part is the head
    with one aspect ("Wie hilft KI … – in der Produktion und bei der Prüfung …?")."""
    fitted = fitted or rules()
    split = fitted.aspect_head.split(question, maxsplit=1)
    if len(split) != 2:
        return []
    head, tail = _clean(split[0]), _clean(split[1])
    if fitted.clause_opening.search(tail) or fitted.choice.search(tail):
        return []  # "… – was sagen Kurs und …?", "… – reicht's, wenn …?", "…: A, B oder C?"
    aspects = [_clean(a) for a in fitted.aspect_split.split(tail) if _clean(a)]
    if len(aspects) < 2 or not _enough([head, head], fitted):
        return []
    if any(not tokens(a) for a in aspects):
        return []
    return [f"{head} {a}?" for a in _capped(aspects, fitted, " und ")]


def case_count(question: str, fitted: Rules | None = None) -> int:
    """How many cases a plural or numeral reference asks for ("die beiden …" → 2; "Welche
    Praxisbeispiele …" → the count for a plural without a number), else 0."""
    fitted = fitted or rules()
    m = fitted.cases.search(question)
    if m is None:
        return fitted.unnumbered_cases if fitted.plural_cases.search(question) else 0
    word = (m.group("zahl") or m.group("zahl2") or "").lower()
    return min(fitted.numerals.get(word, 0), fitted.max_parts)


_WORD = re.compile(r"[\w-]+")


def without_documents(question: str, names: set[str], fitted: Rules | None = None) -> str:
    """The question's topic without the naming of its documents: every word whose stem is a
    document name (``names``) goes, with the function words that attach it ("Was sagen Kurs
    und Leitfaden über Schulungen?" → "Was sagen über Schulungen?")."""
    fitted = fitted or rules()
    words = list(_WORD.finditer(question))
    named = [bool(set(tokens(w.group(), keep_stopwords=True)[:1]) & names) for w in words]
    drop = list(named)
    for i in range(len(words)):
        if not named[i]:
            continue
        j = i - 1  # glue before the name ("laut Kurs", "im Leitfaden", "Kurs und")
        while j >= 0 and not named[j] and words[j].group().lower() in fitted.document_glue:
            drop[j] = True
            j -= 1
    out, last = [], 0
    for w, gone in zip(words, drop, strict=True):
        if gone:
            out.append(question[last : w.start()])
            last = w.end()
    out.append(question[last:])
    return re.sub(r"\s+([,?!.])", r"\1", re.sub(r"\s{2,}", " ", "".join(out))).strip()


def _asks_about_cases(question: str, clauses: list[str], fitted: Rules) -> bool:
    """A plural request for examples followed by clauses with (almost) no words of their own
    ("Welche Beispiele gibt es für …, und was haben sie gebracht?"): the later clauses ask
    about the cases the request names, and each told case says it."""
    return (
        bool(clauses)
        and fitted.plural_cases.search(clauses[0]) is not None
        and fitted.cases.search(question) is None
        and all(len(tokens(c)) <= fitted.leaning_words for c in clauses[1:])
    )


def question_parts(question: str, documents: tuple[str, ...] = ()) -> MultiPart | None:
    """The parts of a question that asks two or more things, in the order asked, or None.
    ``documents`` are the sources the question names when it names two or more, in the
    order named. Coordinated clauses come first (each may name its own document), then
    aspects after a dash or colon, then named documents, then several cases."""
    fitted = rules()
    if fitted.sentence_end.search(question.strip()):
        return None  # a statement before the question is context, not a second question
    clauses = clause_parts(question, fitted)
    if _asks_about_cases(question, clauses, fitted):
        clauses = []
    if clauses:
        parts = (Part(c, earlier=" ".join(clauses[:i])) for i, c in enumerate(clauses))
        return MultiPart(CLAUSES, tuple(parts))
    aspects = aspect_parts(question, fitted)
    if aspects:
        return MultiPart(ASPECTS, tuple(Part(a) for a in aspects))
    if paired := paired_parts(question):  # a comparison, a request with two objects
        return MultiPart(paired[0], tuple(Part(p, earlier=e) for p, e in paired[1]))
    phrases = [] if len(documents) >= 2 else prepositional_parts(question, fitted.prepositions)
    if phrases and not fitted.choice.search(question) and _enough(phrases, fitted):
        return MultiPart(PHRASES, tuple(Part(p) for p in _capped(phrases, fitted, " und ")))
    if len(documents) >= 2:
        return MultiPart(DOCUMENTS, tuple(Part(question, source=d) for d in documents))
    count = case_count(question, fitted)
    if count >= 2:
        plural = fitted.cases.search(question) is None
        parts = (Part(question, case=n + 1, unnumbered=plural) for n in range(count))
        return MultiPart(CASES, tuple(parts))
    return None
