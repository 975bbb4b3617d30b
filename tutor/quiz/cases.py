"""Case studies ("Praxisbeispiele") read from the chunk text: who did what, and what came of
it. A case starts with an opener from ``prompts/quiz_woerter.toml`` ("Ein Beispiel aus der
Praxis:", "Beispiel:") or with "Ein/Eine <Betrieb> aus/mit …"; it runs to the end of its
paragraph. Its outcome is the first later sentence that reports a result ("Dadurch …",
"Seitdem …", "… stieg um …"); everything before it is the setting a question describes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.textkit import fold_for_grading
from tutor.quiz.lexicon import lexicon
from tutor.quiz.material import Line
from tutor.quiz.textnorm import words
from tutor.retrieval.corpus import IndexedChunk

ACTOR = re.compile(r"^(?:Ein|Eine)\s+(?:[\w-]+\s+){0,3}?(?P<noun>[A-ZÄÖÜ][\w-]+)\b")
AFTER_COLON = re.compile(r"^.*?:\s+(?=[A-ZÄÖÜ])")
MAX_OUTCOME_CHARS = 190


@dataclass(frozen=True)
class CaseStudy:
    """One case: its sentences (opener first) and which one reports the outcome."""

    chunk: IndexedChunk
    sentences: tuple[str, ...]
    outcome_index: int

    @property
    def setting(self) -> str:
        """What the business did (the sentences before the outcome)."""
        return " ".join(self.sentences[: self.outcome_index])

    @property
    def outcome(self) -> str:
        """The reported result as an option text ("Die Abschlussquote stieg … um 22 Prozent.")."""
        return outcome_text(self.sentences[self.outcome_index])

    @property
    def quote(self) -> str:
        """The whole case, verbatim."""
        return " ".join(self.sentences)

    @property
    def key(self) -> str:
        """Stable id of the case."""
        return f"case|{self.chunk.chunk_id}|{self.sentences[0][:60]}"


def outcome_text(sentence: str) -> str:
    """The result part of an outcome sentence: after a lead-in ending in a colon
    ("… – mit messbarem Erfolg: Die Abschlussquote stieg …" → "Die Abschlussquote stieg …")."""
    text = AFTER_COLON.sub("", sentence, count=1) if ": " in sentence else sentence
    return text[0].upper() + text[1:] if text else text


def is_opener(sentence: str) -> bool:
    """True if the sentence opens a case study."""
    lex = lexicon()
    if any(sentence.startswith(o) for o in lex.case_openers):
        return True
    match = ACTOR.match(sentence)
    if not match:
        return False
    noun = fold_for_grading(match.group("noun"))
    return any(noun.endswith(a) for a in lex.case_actors)


def is_outcome(sentence: str) -> bool:
    """True if the sentence reports a result (an outcome opener or a verb of change)."""
    lex = lexicon()
    if any(sentence.startswith(o) for o in lex.outcome_starts):
        return True
    return bool(set(words(sentence)) & lex.outcome_verbs)


def case_studies(chunk: IndexedChunk, lines: list[Line]) -> list[CaseStudy]:
    """Cases with an outcome in the paragraphs of one chunk (one case per opener)."""
    found: list[CaseStudy] = []
    for line in lines:
        if line.is_item:
            continue
        sentences = line.sentences
        starts = [i for i, s in enumerate(sentences) if is_opener(s)]
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(sentences)
            case = sentences[start:end]
            outcome = next((i for i in range(1, len(case)) if is_outcome(case[i])), None)
            if outcome is None or len(outcome_text(case[outcome])) > MAX_OUTCOME_CHARS:
                continue
            found.append(CaseStudy(chunk, tuple(case), outcome))
    return found
