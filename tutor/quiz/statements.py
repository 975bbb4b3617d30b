"""Key statements of the material and their opposites, for "Welche Aussage trifft zu?".

A statement qualifies when the text itself marks what is *not* the case, so turning it round
gives a statement the material contradicts:

* a contrast is swapped — "KI ist kein Allheilmittel, sondern ein Werkzeug" → "KI ist kein
  Werkzeug, sondern ein Allheilmittel"; "als Unterstützung, nicht als Bedrohung" → "als
  Bedrohung, nicht als Unterstützung"; "Qualität geht vor Quantität" → "Quantität geht vor
  Qualität";
* a single negation of a short main clause is dropped — "Eine Datenstrategie muss kein
  komplexes Konzeptpapier sein." → "… muss ein komplexes Konzeptpapier sein."; "KI darf
  Entscheidungen vorbereiten, aber nicht endgültig treffen" → "… vorbereiten und endgültig
  treffen".

Lead-ins ("Deshalb gilt:", "Wichtig ist dabei:") and asides after a dash are cut off; a
sentence that starts with a linking adverb ("Allerdings sollten Unternehmen …") is put back
into plain order ("Unternehmen sollten …"). Statements that refer back ("Diese Form …"),
or quote a person are left out. "nicht nur X, sondern auch Y" turns into "nur X" (the text
denies it); "A ergänzt B, ersetzt sie aber nicht" into "A ersetzt B".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.quiz.lexicon import lexicon
from tutor.quiz.material import Line
from tutor.quiz.sentence import refers_back
from tutor.retrieval.corpus import IndexedChunk

MAX_WORDS = 22
MIN_WORDS = 4
LEAD_IN = re.compile(r"^[^:„“]{3,80}:\s+(?=[A-ZÄÖÜ])")
ASIDE = re.compile(r"\s+[–—]\s+.*$|\s+\([^)]*\)|,\s+(?:die|der|das)\s+.*$")
KEIN_SONDERN = re.compile(
    r"\bk(?P<kx>ein(?:e|en|em|er|es)?)\s+(?P<x>[^,]+?),\s+sondern\s+"
    r"(?P<art>ein(?:e|en|em|er|es)?|der|die|das|des|dem|den)\s+(?P<y>[^,]+)$"
)
NICHT_SONDERN = re.compile(
    r"\bnicht\s+(?P<p>als|für|in|auf|mit)\s+(?P<x>[^,]+?),\s+sondern\s+(?P=p)\s+(?P<y>[^,]+?)"
    r"(?P<tail>\s+\w+(?:\s+\w+)?)?$"
)
ALS_NICHT = re.compile(r"\bals\s+(?P<x>[^,]+?),\s+nicht\s+als\s+(?P<y>\S+)")
VOR = re.compile(r"^(?P<x>\w+)\s+geht\s+vor\s+(?P<y>\w+)$")
# "nicht nur X, sondern auch Y" (additive correlative): "nur X" is what the text denies.
NICHT_NUR = re.compile(r"\bnicht\s+nur\s+(?P<x>[^,]+?),\s+sondern\s+auch\s+(?P<y>.+)$")
PREPOSITION = re.compile(r"^(?:in|im|am|an|auf|bei|beim|für|mit|von|vom|zu|zur|zum)\s")
# "A ergänzt B, ersetzt sie aber nicht" (contrast with a pronoun object): "A ersetzt B" is
# what the text denies.
PRONOUN_CONTRAST = re.compile(
    r"^(?P<s>(?:(?:Der|Die|Das|Ein|Eine)\s+)?[A-ZÄÖÜ][\w-]+)\s+(?P<v1>[a-zäöü]\w+)\s+"
    r"(?P<o>[^,]+),\s+(?P<v2>[a-zäöü]\w+)\s+(?:sie|es|ihn|ihr|ihm)\s+aber\s+nicht$"
)
NEGATION = re.compile(r"\b(?:nicht|kein|keine|keinen|keinem|keiner|keines)\b(?!-)")
ADDRESS = frozenset({"Sie", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "man", "ich", "wir"})


@dataclass(frozen=True)
class Statement:
    """A key statement (as the material says it) and the statement it turns into."""

    chunk: IndexedChunk
    true: str
    false: str
    quote: str  # the sentence it comes from
    # the turn reads as a claim someone could make, fit to be shown alone (true/false): a
    # swapped contrast ("kein X, sondern Y" → "kein Y, sondern X") or a negation dropped from
    # the main clause ("muss kein komplexes Konzeptpapier sein"). Not so a negation dropped
    # from an infinitive clause ("… darauf achten, den Kontakt nicht vollständig zu ersetzen"
    # → "… darauf achten, den Kontakt vollständig zu ersetzen": an absurd instruction), nor
    # "nur X" cut from "nicht nur X, sondern auch Y".
    claim: bool = False

    @property
    def key(self) -> str:
        """Stable id of the fact."""
        return f"statement|{self.chunk.chunk_id}|{self.quote[:60]}"


def _plain(sentence: str) -> str | None:
    """The statement without lead-in, aside and final stop; plain word order."""
    text = LEAD_IN.sub("", sentence.strip())
    text = ASIDE.sub("", text).rstrip(" .")
    words = text.split()
    lex = lexicon()
    if words and words[0].lower() in lex.connectives and len(words) > 3:
        # "Allerdings sollten Unternehmen darauf achten …" → "Unternehmen sollten darauf …"
        verb, subject = words[1], words[2]
        if verb.lower() not in lex.auxiliaries or not subject[:1].isupper():
            return None
        words = [subject, verb, *words[3:]]
    words = [w for w in words if w.lower() not in {"also", "längst"}]
    return " ".join(words) if words else None


def _swapped(text: str) -> str | None:
    """The contrast turned round, or None if the text has none of the known forms."""
    if m := KEIN_SONDERN.search(text):
        x, art, y = m["x"], m["art"], m["y"]
        if art.startswith("ein"):
            turned = f"k{art} {y}, sondern {m['kx']} {x}"
        elif f" {art} " in f" {x} ":
            head, _, rest = f" {x} ".partition(f" {art} ")
            turned = f"k{m['kx']} {head.strip()} {art} {y}, sondern {art} {rest.strip()}"
        else:
            return None
        return text[: m.start()] + turned
    if m := NICHT_SONDERN.search(text):
        tail = m["tail"] or ""
        return text[: m.start()] + f"nicht {m['p']} {m['y']}, sondern {m['p']} {m['x']}{tail}"
    if m := ALS_NICHT.search(text):
        return text[: m.start()] + f"als {m['y']}, nicht als {m['x']}" + text[m.end() :]
    if m := VOR.match(text):
        return f"{m['y']} geht vor {m['x']}"
    if m := PRONOUN_CONTRAST.match(text):
        return f"{m['s']} {m['v2']} {m['o']}"
    return None


def _only(text: str) -> str | None:
    """ "nicht nur X, sondern auch Y" → "nur X": a prepositional X keeps what follows Y's
    own phrase ("nicht nur in der Fertigung, sondern auch in der Planung Vorteile bringen" →
    "nur in der Fertigung Vorteile bringen"); otherwise Y ends the sentence and is dropped."""
    m = NICHT_NUR.search(text)
    if m is None or NEGATION.search(text[: m.start()]) or NEGATION.search(m["y"]):
        return None
    tail = ""
    if PREPOSITION.match(m["x"]):
        if not PREPOSITION.match(m["y"]):
            return None
        words = m["y"].split()
        noun = next((i for i, w in enumerate(words[1:], 1) if w[:1].isupper()), None)
        if noun is None:
            return None
        tail = " ".join(words[noun + 1 :])
    return f"{text[: m.start()]}nur {m['x']} {tail}".strip()


def _negation_dropped(text: str) -> str | None:
    """The single negation removed ("kein" → "ein", ", aber nicht" → " und"), or None."""
    if len(NEGATION.findall(text)) != 1 or re.search(r"\b(?:sondern|nur|nichts)\b", text):
        return None
    out = re.sub(r",\s+aber\s+nicht\s+", " und ", text)
    out = re.sub(r",\s+(\w+)\s+aber\s+nicht\s+", r" und \1 ", out)
    if out == text:
        clause_of_negation = text[: NEGATION.search(text).start()]  # type: ignore[union-attr]
        if "," in clause_of_negation and not re.search(r"\bzu\s+\w+$", text):
            return None  # the negation stands in a subordinate clause: meaning unclear
        out = re.sub(r"\bk(ein\w*)\b", r"\1", text, count=1)
        out = re.sub(r"\s+nicht\b", "", out, count=1)
    return out if out != text and not NEGATION.search(out) else None


def statements(chunk: IndexedChunk, lines: list[Line], skip: set[str]) -> list[Statement]:
    """Key statements of one chunk that can be turned into their opposite (none from the
    chapters that frame a document: Einleitung, Schlusswort …)."""
    if lexicon().is_frame(chunk.chapter or chunk.section or ""):
        return []
    found: list[Statement] = []
    for line in lines:
        texts = list(line.sentences)
        if line.is_item and ": " in line.text:  # "Menschliche Aufsicht: Hochrisiko-KI darf …"
            texts = [line.text.split(": ", 1)[1]]
        for sentence in texts:
            if sentence in skip or "„" in sentence or "?" in sentence:
                continue
            plain = _plain(sentence)
            if plain is None or not MIN_WORDS <= len(plain.split()) <= MAX_WORDS:
                continue
            words = plain.split()
            if refers_back(words) or not plain[:1].isupper() or ADDRESS & set(words):
                continue  # refers back, or addresses the reader ("Lassen Sie sich …")
            if words[0].lower() in lexicon().context_openers:
                continue  # "Dazu gehören …": needs the sentence before it
            swap = _swapped(plain)
            turned = swap or _only(plain)
            claim = swap is not None
            if turned is None and not re.search(r"\bsondern\b", plain):
                turned = _negation_dropped(plain)
                claim = turned is not None and not _in_infinitive_clause(plain)
            if turned is None or turned == plain:
                continue
            true, false = f"{plain}.", f"{_capital(turned)}."
            found.append(Statement(chunk, true, false, sentence, claim=claim))
    return found


def _in_infinitive_clause(text: str) -> bool:
    """The (single) negation stands in a clause after a comma that ends in a zu-infinitive
    ("…, den persönlichen Kontakt nicht vollständig zu ersetzen")."""
    m = NEGATION.search(text)
    return m is not None and "," in text[: m.start()] and bool(re.search(r"\bzu\s+\w+$", text))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
