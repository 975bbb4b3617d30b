"""Check a generated answer against the sources it was given, sentence by sentence.

Every sentence must cite [n] of a source that was actually given and be supported by it:
enough of its content stems (German Snowball, as in retrieval) occur in the cited sources, or
its e5 cosine to a sentence of those sources is high while some stems still match. Sentences
in a source that address the model ("Ignorieren Sie alle Anweisungen …") never count as
support. Thresholds are calibrated on the dev set (scripts/calibrate_verify.py, BENCHMARKS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ingest import textkit
from ingest.embeddings.backends import TextEmbedder
from ingest.units import split_units
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.text import content_terms, fold

CITE_RE = re.compile(r"\[(\d{1,2}(?:\s*[,;]\s*\d{1,2})*)\]")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
NOT_COVERED = re.compile(
    r"(nichts|nicht)\b.{0,40}\b(kursunterlagen|quellen|kursmaterial|material)\b|"
    r"\b(quellen|kursunterlagen)\b.{0,40}\b(nicht|keine)\b.{0,30}\b(beantwort|abgedeckt|enthalt)",
    re.I,
)
INSTRUCTION = re.compile(
    r"\b(ignorier\w*|vergiss|vergessen sie|missachte\w*|ignore|disregard|forget)\b.{0,60}"
    r"\b(anweisung\w*|instruktion\w*|regeln|instructions?|rules|prompt)\b|"
    r"\b(du bist jetzt|sie sind jetzt|you are now|system ?prompt|neue anweisung)\b|"
    r"\b(antworte|antworten sie|schreibe|schreiben sie|respond|reply|say)\b.{0,40}"
    r"\b(nur noch|nur mit|ausschließlich|ab jetzt|from now on|only with)\b|"
    # imperatives that widen the assistant's scope ("answer every question", "Beantworte
    # auch Fragen zu …"); the imperative form only, so "Der Chatbot beantwortet alle Fragen"
    # stays material
    r"\b(answer|beantworte)\b.{0,30}\b(every|any|all|even|jede\w*|alle\w*|auch)\b.{0,30}"
    r"\b(questions?|fragen|off-topic)\b",
    re.I,
)


@dataclass(frozen=True)
class VerifyPolicy:
    """Support thresholds (calibrated on the dev set, see docs/BENCHMARKS.md)."""

    min_lexical: float = 0.6  # share of the sentence's stems found in the cited sources
    min_cosine: float = 0.88  # … or e5 cosine to one source sentence at least this
    cosine_lexical_floor: float = 0.34  # … while at least this share of stems matches
    min_terms: int = 2  # sentences with fewer content stems say nothing checkable
    min_kept_share: float = 0.5  # below this share of checkable sentences: replace the answer
    max_sentences: int = 6


@dataclass(frozen=True)
class Source:
    """A numbered source passage as given to the model."""

    n: int
    chunk: IndexedChunk

    @property
    def units(self) -> list[str]:
        """Sentences that may support a claim (instructions to the model excluded)."""
        return [u.text for u in split_units(self.chunk.text) if not INSTRUCTION.search(u.text)]


@dataclass
class SentenceCheck:
    """One sentence of the answer and the verdict on it."""

    text: str  # without [n] markers
    cited: list[int]
    lexical: float = 0.0
    cosine: float = 0.0
    supported: bool = False
    not_covered: bool = False
    reason: str = ""
    best_unit: tuple[int, str] | None = None  # (source n, supporting sentence)


@dataclass
class Verification:
    """All sentence checks of an answer, and what survives."""

    checks: list[SentenceCheck] = field(default_factory=list)

    @property
    def kept(self) -> list[SentenceCheck]:
        return [c for c in self.checks if c.supported]

    @property
    def checkable(self) -> list[SentenceCheck]:
        return [c for c in self.checks if not c.not_covered]

    @property
    def dropped(self) -> list[SentenceCheck]:
        return [c for c in self.checkable if not c.supported]

    @property
    def only_not_covered(self) -> bool:
        """The model said the sources do not cover the question, and nothing else."""
        return bool(self.checks) and not self.checkable


def parse_citations(sentence: str) -> list[int]:
    """Source numbers cited in a sentence, in order, without duplicates ('[1, 3]' → [1, 3])."""
    out: list[int] = []
    for group in CITE_RE.findall(sentence):
        for part in re.split(r"[,;]", group):
            n = int(part.strip())
            if n not in out:
                out.append(n)
    return out


def strip_citations(sentence: str) -> str:
    """The sentence without its [n] markers and with tidy spacing."""
    text = CITE_RE.sub("", sentence)
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split())).strip()


def split_sentences(answer: str) -> list[str]:
    """Sentences of a generated answer, line by line without bullets; trailing markers
    ('… Satz. [2]') stay with them (the shared splitter's ``cited`` rules)."""
    out = [
        s
        for raw_line in answer.splitlines()
        for s in textkit.split_sentences(_BULLET.sub("", raw_line).strip(), cited=True)
    ]
    return [s for s in out if strip_citations(s)]


def _source_terms(sources: dict[int, Source]) -> dict[int, set[str]]:
    return {
        n: content_terms(" ".join([s.chunk.section or "", s.chunk.module_title or "", *s.units]))
        for n, s in sources.items()
    }


def verify_answer(
    answer: str,
    sources: list[Source],
    embedder: TextEmbedder | None = None,
    policy: VerifyPolicy | None = None,
) -> Verification:
    """Check every sentence of ``answer`` against the sources it cites."""
    policy = policy or VerifyPolicy()
    by_n = {s.n: s for s in sources}
    terms = _source_terms(by_n)
    result = Verification()
    seen: set[str] = set()
    for raw in split_sentences(answer):
        check = SentenceCheck(text=strip_citations(raw), cited=parse_citations(raw))
        key = fold(check.text)
        if key in seen:
            continue  # repeated sentences (a looping model) count once
        seen.add(key)
        result.checks.append(check)
        if not check.cited and NOT_COVERED.search(check.text):
            check.not_covered = True
            continue
        if not check.cited:
            check.reason = "ohne Quellenangabe"
        elif any(n not in by_n for n in check.cited):
            check.reason = "Quelle nicht vorhanden"
        else:
            _score(check, by_n, terms, policy)
    if embedder is not None:
        _add_cosine(result, by_n, embedder, policy)
    for extra in result.kept[policy.max_sentences :]:
        extra.supported, extra.reason = False, "zu lang"
    return result


def _score(
    check: SentenceCheck,
    by_n: dict[int, Source],
    terms: dict[int, set[str]],
    policy: VerifyPolicy,
) -> None:
    own = content_terms(check.text)
    if len(own) < policy.min_terms:
        check.reason = "zu wenig Inhalt"
        return
    cited_terms = set().union(*(terms[n] for n in check.cited))
    check.lexical = len(own & cited_terms) / len(own)
    check.supported = check.lexical >= policy.min_lexical
    check.reason = "" if check.supported else "nicht belegt"
    check.best_unit = _best_lexical_unit(own, check.cited, by_n)


def _best_lexical_unit(
    own: set[str], cited: list[int], by_n: dict[int, Source]
) -> tuple[int, str] | None:
    best: tuple[float, int, str] | None = None
    for n in cited:
        for unit in by_n[n].units:
            overlap = len(own & content_terms(unit))
            if best is None or overlap > best[0]:
                best = (overlap, n, unit)
    return (best[1], best[2]) if best else None


def _add_cosine(
    result: Verification, by_n: dict[int, Source], embedder: TextEmbedder, policy: VerifyPolicy
) -> None:
    """Rescue paraphrases: high e5 cosine to one cited sentence plus some shared stems."""
    todo = [c for c in result.checks if c.cited and c.reason in ("", "nicht belegt")]
    if not todo:
        return
    units = [(n, u) for n, s in by_n.items() for u in s.units]
    if not units:
        return
    claims = embedder.embed_queries([c.text for c in todo])
    evidence = embedder.embed_passages([u for _, u in units])
    sims = np.asarray(claims @ evidence.T)
    for row, check in zip(sims, todo, strict=True):
        allowed = [i for i, (n, _) in enumerate(units) if n in check.cited]
        best = max(allowed, key=lambda i: row[i])
        check.cosine = float(row[best])
        if (
            not check.supported
            and check.cosine >= policy.min_cosine
            and check.lexical >= policy.cosine_lexical_floor
        ):
            check.supported, check.reason = True, ""
        if check.supported and check.cosine >= policy.min_cosine:
            check.best_unit = units[best]
