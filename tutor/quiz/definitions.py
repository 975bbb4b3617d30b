"""Definitions and key sentences read from chunk text by fixed German patterns.

Definition forms (``Definition.form``):

* ``bezeichnet`` — "Dieser Ansatz wird auch als 'Predictive Maintenance' bezeichnet."
* ``unter`` — "Unter Künstlicher Intelligenz versteht man Computersysteme, die …"
* ``sogenannt`` — "… sogenannte 'digitale Zwillinge' – virtuelle Abbilder …"
* ``also`` — "Ein einfaches Dateninventar – also eine Übersicht über alle verfügbaren Daten – …"
* ``klammer`` — "… wie tatsächlich benötigt werden ('Datenminimierung')."
* ``ist`` — "Die technische Grundlage von KI ist das maschinelle Lernen."

Statements are short self-contained sentences with one rare noun to blank out (cloze only).
"""

from __future__ import annotations

import re
from collections import Counter

from tutor.quiz.facts import GAP, REFERRING_START, Definition
from tutor.quiz.material import CourseMaterial, Line
from tutor.quiz.textnorm import fold, stem
from tutor.retrieval.corpus import IndexedChunk

_Q_OPEN = "'„\"‚"
_Q_CLOSE = "'“\"‘"
BEZEICHNET = re.compile(
    rf"\b(?:wird|werden)\s+(?:auch\s+|oft\s+|häufig\s+)?als\s+(?P<whole>[{_Q_OPEN}]"
    rf"(?P<term>[^{_Q_CLOSE}]{{3,50}})[{_Q_CLOSE}])\s+bezeichnet"
)
UNTER = re.compile(r"^Unter (?P<term>.{3,60}?) versteht man (?P<desc>.+?)\.?$")
SOGENANNT = re.compile(
    rf"\bsogenannte[nrs]?\s+(?P<whole>[{_Q_OPEN}](?P<term>[^{_Q_CLOSE}]{{3,50}})[{_Q_CLOSE}])"
    r"(?:\s+–\s+(?P<desc>[^–.]+))?"
)
ALSO = re.compile(
    r"(?P<term>(?:„[^“]+“-)?[A-ZÄÖÜ][\w-]+)\s+–\s+also\s+(?P<desc>[^–]+?)\s*(?:–|\.$|$)"
)
KLAMMER = re.compile(r"(?P<before>\b[a-zäöüß][\w-]*)\s+\((?P<whole>[^()]{3,42})\)")
IST = re.compile(
    r"^(?P<subj>(?:Der|Die|Das)\s[^,–:]{5,70}?)\s(?P<verb>ist|sind)\s"
    r"(?P<pred>(?:der|die|das)\s[^,–:]{3,60})\.$"
)
DASH_TAIL = re.compile(r"\s+–\s+.*$")
PERSONAL = re.compile(r"\b(?:ich|mir|mich|mein\w*|wir|uns|unser\w*)\b|(?<!^)\b(?:Sie|Ihr\w*)\b")
# "… lässt sie alle Inhalte prüfen", "diese Daten": the sentence leans on the one before.
# A pronoun right after a conjunction ("wenn sie …") usually points inside the sentence.
BACK_REFERENCE = re.compile(
    r"(?<!^)(?<!wenn )(?<!dass )(?<!weil )(?<!indem )(?<!ob )(?<!da )\b(?:sie|er)\b"
    r"|\bdiese[mnrs]?\b"
)
MIN_WORDS, MAX_WORDS = 6, 24
MIN_GAP_LETTERS, MAX_GAP_DF = 9, 3
CASE_STORY = re.compile(r"^(?:Ein|Eine)\s.*\saus\s[A-ZÄÖÜ]")


def _strip_quotes(text: str) -> str:
    return text.strip(_Q_OPEN + _Q_CLOSE + " ")


def _with_neighbour(sentences: tuple[str, ...], pos: int, before: bool) -> str:
    """The sentence plus the one before (or after, if it refers back with 'Diese …')."""
    if before and pos > 0:
        return f"{sentences[pos - 1]} {sentences[pos]}"
    if not before and pos + 1 < len(sentences):
        nxt = sentences[pos + 1]
        if nxt.split()[0].lower() in {"diese", "dieser", "dieses"}:
            return f"{sentences[pos]} {nxt}"
    return sentences[pos]


def _from_sentence(chunk: IndexedChunk, sentences: tuple[str, ...], pos: int) -> list[Definition]:
    sentence = sentences[pos]
    out: list[Definition] = []
    if m := BEZEICHNET.search(sentence):
        quote = _with_neighbour(sentences, pos, before=True)
        gap = quote.replace(m.group("whole"), GAP, 1)
        out.append(Definition(chunk, "bezeichnet", m.group("term").strip(), "", quote, gap))
    if m := UNTER.match(sentence):
        desc = DASH_TAIL.sub("", m.group("desc")).strip()
        gap = sentence.replace(m.group("term"), GAP, 1)
        out.append(Definition(chunk, "unter", m.group("term"), desc, sentence, gap))
    if m := SOGENANNT.search(sentence):
        quote = sentence if m.group("desc") else _with_neighbour(sentences, pos, before=False)
        gap = quote.replace(m.group("whole"), GAP, 1)
        desc = (m.group("desc") or "").strip()
        out.append(Definition(chunk, "sogenannt", m.group("term").strip(), desc, quote, gap))
    if m := ALSO.search(sentence):
        term = m.group("term")
        gap = sentence.replace(term, GAP, 1)
        out.append(Definition(chunk, "also", term, m.group("desc").strip(), sentence, gap))
    for m in KLAMMER.finditer(sentence):
        term = _strip_quotes(m.group("whole"))
        if (
            term[:1].isupper()
            and not term.isupper()
            and not re.search(r"\d|z\. ?B\.|vgl\.|siehe", term)
            and "," not in term
        ):
            gap = sentence.replace(f"({m.group('whole')})", f"({GAP})", 1)
            out.append(Definition(chunk, "klammer", term, "", sentence, gap))
    if m := IST.match(sentence):
        pred = m.group("pred")
        if len(pred.split()) <= 5:
            gap = f"{m.group('subj')} {m.group('verb')} {GAP}."
            subject = m.group("subj")[0].lower() + m.group("subj")[1:]
            out.append(Definition(chunk, "ist", pred, "", sentence, gap, subject=subject))
    return out


def definitions(chunk: IndexedChunk, lines: list[Line]) -> list[Definition]:
    """Definitions in the paragraphs (and list items) of one chunk."""
    found: list[Definition] = []
    for line in lines:
        for pos in range(len(line.sentences)):
            found.extend(_from_sentence(chunk, line.sentences, pos))
    return found


def _salient(sentence: str, df: Counter[str]) -> str | None:
    """The rarest long noun (compound, ≥ 9 letters, not the first word, once in the sentence,
    in at most three chunks); camel-case product names are not blanked."""
    tokens = re.findall(r"[^\W\d_][\w-]*", sentence)
    best: tuple[int, int, str] | None = None
    for word in tokens[1:]:
        if not word[0].isupper() or len(word) < MIN_GAP_LETTERS or tokens.count(word) > 1:
            continue
        if any(ch.isupper() for ch in word[1:]) and "-" not in word:
            continue
        freq = df.get(stem(fold(word)), 0)
        if not 1 <= freq <= MAX_GAP_DF:
            continue
        score = (freq, -len(word), word)
        if best is None or score < best:
            best = score
    return best[2] if best else None


def _coordinated(sentence: str, word: str) -> bool:
    """True if the word is one of several coordinated items ("A, B oder C"): such gaps have
    more than one sensible filling."""
    before, _, after = sentence.partition(word)
    joiners = {"und", "oder", "sowie", "bzw."}
    prev = before.split()[-1] if before.split() else ""
    tail = after.lstrip(",").split()
    return (
        before.rstrip().endswith(",")
        or prev in joiners
        or (bool(tail) and tail[0] in joiners and not after.startswith(","))
        or (after.startswith(",") and any(t in joiners for t in tail[:6]))
    )


def statements(
    chunk: IndexedChunk, lines: list[Line], material: CourseMaterial, taken: set[str]
) -> list[Definition]:
    """Self-contained sentences with one rare noun to blank out (fallback cloze facts).

    Sentences in ``taken`` (already used by a definition or figure) are skipped, and so are
    case-study openers ("Ein Maschinenbauer aus Sachsen …"), which only make trivia gaps.
    """
    df = material.doc_freq
    found: list[Definition] = []
    for line in lines:
        if line.is_item:
            continue
        for sentence in line.sentences:
            words = sentence.split()
            if not MIN_WORDS <= len(words) <= MAX_WORDS or sentence[-1] not in ".!":
                continue
            if words[0].lower().strip(",") in REFERRING_START or PERSONAL.search(sentence):
                continue
            if BACK_REFERENCE.search(sentence):
                continue
            if sentence in taken or CASE_STORY.match(sentence):
                continue
            if re.search(r"\d|['„\"“:]", sentence):
                continue
            word = _salient(sentence, df)
            if word and not _coordinated(sentence, word):
                gap = re.sub(rf"\b{re.escape(word)}\b", GAP, sentence, count=1)
                found.append(Definition(chunk, "satz", word, "", sentence, gap))
    return found
