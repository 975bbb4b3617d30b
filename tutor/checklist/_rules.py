"""Rule layer of the answer interpreter: normalisation, commands, questions back, yes/no/unclear.

All patterns work on :func:`normalize`d text: NFKC, casefolded (ß → ss), umlauts folded
(ä → a, ö → o, ü → u), English "n't" expanded, letter runs of three or more cut to two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tutor.checklist._normalize import _rx
from tutor.checklist.models import AnswerLabel
from tutor.checklist.wordlists import wordlist

Command = Literal["zurueck", "ueberspringen", "neustart", "ergebnis"]

STRONG, MIXED, WEAK, HEDGE = 0.92, 0.78, 0.7, 0.55
_DATA = "checklist_antworten"


def _words_of(key: str) -> frozenset[str]:
    return wordlist(_DATA, key).words


def _alternatives(key: str) -> re.Pattern[str]:
    """A category's ``muster`` as whole-word alternatives (see :func:`_rx`)."""
    return _rx("|".join(wordlist(_DATA, key).muster))


def _regex(key: str) -> re.Pattern[str]:
    """A category's ``muster`` as one plain alternation (patterns carry their own anchors)."""
    return re.compile("|".join(f"(?:{p})" for p in wordlist(_DATA, key).muster))


def _joined(key: str) -> str:
    """A category's ``muster`` as the body of an alternation (for a pattern with context)."""
    return "|".join(wordlist(_DATA, key).muster)


# Modal particles ("auch", "denn" …) may follow any word of a rhetorical formula: "{partikel}"
# in those patterns stands for zero or more of them, each after a space.
_PARTICLES = "(?: (?:" + "|".join(sorted(_words_of("rueckfrage.modalpartikel"))) + "))*"


def _rhetoric(key: str) -> str:
    """A rhetorical-question category as an alternation body, with "{partikel}" expanded."""
    return _joined(key).replace("{partikel}", _PARTICLES)


_RHETORIC_YES = _rhetoric("rueckfrage.rhetorisch_bejahend")
_RHETORIC_NO = _rhetoric("rueckfrage.rhetorisch_verneinend")


# --- commands: the whole message (minus polite filler) must be the command -----------------
_COMMANDS: list[tuple[Command, re.Pattern[str]]] = [
    (name, _alternatives(f"befehl.{name}"))
    for name in ("zurueck", "neustart", "ueberspringen", "ergebnis")
]
_FILLER = _words_of("befehl.fuellwoerter")


def match_command(norm: str) -> Command | None:
    """A navigation command when the message consists of nothing else."""
    words = re.sub(r"[?!.,;:\-–—]", " ", norm).split()
    if not words or len(words) > 7:
        return None
    plain = " ".join(words)
    for command, pattern in _COMMANDS:
        rest = pattern.sub(" ", plain).split()
        if rest != words and all(w in _FILLER for w in rest):
            return command
    return None


# --- questions back ------------------------------------------------------------------------
_OPENER = re.compile(
    rf"^(?:(?:{_joined('rueckfrage.vorlauf')})\s+)*(?:{_joined('rueckfrage.einleitung')})\b"
)
_NOT_A_QUESTION = re.compile(
    r"^(?:" + "|".join(wordlist(_DATA, "rueckfrage.keine_frage").muster) + r")\b"
)
_MEANING = _regex("rueckfrage.bedeutung")
_TAG = _words_of("rueckfrage.anhaengsel")
_RHETORIC = re.compile(
    rf"^(?:(?:{_joined('rueckfrage.rhetorisch_vorlauf')}) )*(?:{_RHETORIC_YES}|{_RHETORIC_NO})$"
)
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:–—]|\s-\s)\s*")


def is_question_back(norm: str) -> tuple[bool, bool]:
    """(question back?, ended with a tag question like "…, oder?")."""
    if _MEANING.search(norm):
        return True, False
    sentences = [s.strip() for s in re.split(r"(?<=[?!.])", norm) if s.strip(" ?!.")]
    tagged = False
    for i, sent in enumerate(sentences):
        if not sent.endswith("?"):
            continue
        body = sent.rstrip("?!. ")
        last = _CLAUSE_SPLIT.split(body)[-1].strip()
        if not last or set(last.split()) <= _TAG:
            tagged = True
            continue
        if _RHETORIC.match(last):
            continue
        later = " ".join(sentences[i + 1 :])
        if len(body.split()) <= 2 and later and classify(later)[0] is not None:
            continue  # echo of a keyword before the answer: "Audits? Nein, …"
        return True, False
    first = sentences[0].rstrip("?!. ") if sentences else ""
    if not sentences and "?" in norm:
        return True, False  # just "?" or "??"
    lead = _CLAUSE_SPLIT.split(first)[0].strip()  # "warum nicht, haben wir seit 2022"
    if _OPENER.match(first) and not (_NOT_A_QUESTION.match(first) or _RHETORIC.match(lead)):
        return True, False
    return False, tagged


# --- yes / no / unclear lexicon (checked in this order; earlier matches mask later ones) ---
_LEXICON: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("neutral", _alternatives("antwort.neutral")),
    # rhetorical formulas first: they mask the negation word they contain ("wer denn nicht")
    ("rhetorical_yes", _rx(_RHETORIC_YES)),
    ("rhetorical_no", _rx(_RHETORIC_NO)),
    ("idiom", _alternatives("antwort.zustimmung_redewendung")),
    ("unsure", _alternatives("antwort.unsicher")),
    ("plan", _alternatives("antwort.vorhaben")),
    ("progress", _alternatives("antwort.in_arbeit")),
    ("partial", _alternatives("antwort.teilweise")),
    ("no", _alternatives("antwort.verneinung")),
    ("yes", _alternatives("antwort.zustimmung")),
    ("weak", _regex("antwort.aussage")),
)
_YES_PARTICLE = _words_of("antwort.ja_partikel")
_NO_PARTICLE = _words_of("antwort.nein_partikel")
_NO_OPENERS = _words_of("antwort.verneinende_einleitung")
_CONCLUDE = _words_of("antwort.folgerung")
_HEDGES = _regex("antwort.zoegern")
_NO_IDIOM = _regex("antwort.verneinung_redewendung")
_CONTRAST = _regex("antwort.gegensatz")

NOT_YET = {
    "partial": "antwort.teilweise",
    "plan": "antwort.vorhaben",
    "progress": "antwort.in_arbeit",
}
"""Rule kinds that record a Nein because the point is not (fully) done, and their category."""

Sig = Literal["ja", "nein", "unklar", "weak", None]


@dataclass(frozen=True)
class _Clause:
    sig: Sig
    bare: bool  # only yes/no particles (plus conclusion words such as "also")
    contrast: bool
    conclude: bool
    kind: str  # which lexicon decided ("contradiction" for "ja nein")
    first: str  # first word


def _clause(text: str) -> _Clause:
    words = text.split()
    bare_words = [w for w in words if w not in _CONCLUDE]
    particle = bool(bare_words) and all(w in _YES_PARTICLE | _NO_PARTICLE for w in bare_words)
    both = any(w in _YES_PARTICLE for w in bare_words) and any(
        w in _NO_PARTICLE for w in bare_words
    )
    found: dict[str, bool] = {}
    rest = f" {text} "
    for kind, pattern in _LEXICON:
        rest, n = pattern.subn(" | ", rest)
        found[kind] = found.get(kind, False) or n > 0
    found["contradiction"] = particle and both and not (found["idiom"] or found["neutral"])
    sig: Sig = None
    kind = ""
    for kind, value in (
        ("contradiction", "unklar"),
        ("unsure", "unklar"),
        ("partial", "nein"),
        ("plan", "nein"),
        ("progress", "nein"),
        ("rhetorical_no", "nein"),
        ("no", "nein"),
        ("yes", "ja"),
        ("idiom", "ja"),
        ("rhetorical_yes", "ja"),
        ("weak", "weak"),
    ):
        if found[kind]:
            sig = value  # type: ignore[assignment]
            break
    return _Clause(
        sig,
        particle,
        bool(_CONTRAST.match(text)),
        bool(words) and words[0] in _CONCLUDE,
        kind if sig else "",
        words[0] if words else "",
    )


def _contradictory(signed: list[_Clause]) -> bool:
    """Only bare yes/no particles, and both kinds of them ("ja nein", "Ja. Nein. Ja?")."""
    if any(c.kind == "contradiction" for c in signed):
        return True
    return all(c.bare for c in signed) and {c.sig for c in signed} >= {"ja", "nein"}


def classify(norm: str) -> tuple[AnswerLabel | None, float, str]:
    """Yes/no/unclear from the rules: (label or None, confidence, rule name).

    Contradictions and uncertainty give "unklar"; partial, planned and unfinished points give
    "nein" (the guide counts only what is done), as does a yes about one part next to a no
    about another ("Angebote ja, PoC nein").
    """
    idiom = _NO_IDIOM.match(norm)
    if idiom:  # "ja nee, haben wir nicht" reads as "nein, haben wir nicht"
        norm = "nein" + norm[idiom.end() :]
    parts = [
        p
        for p in re.split(r"\s*(?:[,;:.!?–—]|\s-\s|\b(?=aber\b|but\b|allerdings\b))\s*", norm)
        if p.strip()
    ]
    clauses = [_clause(p.strip()) for p in parts]
    signed = [c for c in clauses if c.sig is not None]
    if not signed:
        return ("unklar", HEDGE, "rule:hedge") if _HEDGES.search(norm) else (None, 0.0, "none")
    if _contradictory(signed):
        return "unklar", STRONG, "rule:contradiction"
    last = signed[-1]
    if len(signed) > 1 and last.sig in ("ja", "nein") and (last.bare or last.conclude):
        return last.sig, STRONG, "rule:conclusion"  # type: ignore[return-value]
    head, later = signed[0], signed[1:]
    if head.kind == "unsure":
        return "unklar", STRONG, "rule:unsure"
    kinds = [c.kind for c in signed]
    for kind in NOT_YET:  # partial, plan, progress
        if kind in kinds:
            return "nein", STRONG, f"rule:{kind}"
    if head.sig == "nein":
        return "nein", STRONG, "rule:neg"
    if head.bare and later and later[0].sig == "nein" and later[0].first in _NO_OPENERS:
        return "nein", MIXED, "rule:ja-nee"  # colloquial "ja, nicht wirklich"
    if any(c.kind == "unsure" for c in later):
        return "unklar", MIXED, "rule:unsure"  # "Ja, glaube ich, bin aber nicht sicher"
    if any(c.sig == "nein" for c in later):
        return "nein", MIXED, "rule:partial"  # one part yes, another no
    if head.sig == "weak" and all(c.sig == "weak" for c in later):
        return "ja", WEAK, "rule:statement"
    return "ja", STRONG, "rule:yes"
