"""Rule layer of the answer interpreter: normalisation, commands, questions back, yes/no/unclear.

All patterns work on :func:`normalize`d text: NFKC, casefolded (ß → ss), umlauts folded
(ä → a, ö → o, ü → u), English "n't" expanded, letter runs of three or more cut to two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tutor.checklist._normalize import _rx, _words
from tutor.checklist.models import AnswerLabel

Command = Literal["zurueck", "ueberspringen", "neustart", "ergebnis"]

STRONG, MIXED, WEAK, HEDGE = 0.92, 0.78, 0.7, 0.55

# --- commands: the whole message (minus polite filler) must be the command -----------------
_COMMANDS: list[tuple[Command, re.Pattern[str]]] = [
    ("zurueck", _rx(r"zuruck|zurueck|back|go back|previous|vorherige|vorige")),
    (
        "neustart",
        _rx(
            r"neu starten|neustart|neu anfangen|neu beginnen"
            r"|(?:nochmal |noch mal |ganz )?von vorne?|restart|start over|reset"
        ),
    ),
    ("ueberspringen", _rx(r"uberspringen|ueberspringen|uberspring|skip|weiter|nachste|next|passe")),
    (
        "ergebnis",
        _rx(r"ergebnis(?:se)?|auswertung|auswerten|fertig|results?|score|punktestand|done"),
    ),
]
_FILLER = _words(
    "bitte mal jetzt doch dann einfach gerne gern ok okay ich mochte will wurde lass lasst uns "
    "kann konnen die diese das den dem zur zum zu frage fragen gehen geh gehe gehts mir zeig "
    "zeigen sie show me the please lets let us go bin mach machen wir eine einen noch "
    "und so danke hier ganz zuruck"
)


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
    r"^(?:(?:hm+|ah+m*|ah|also|und|ok|okay|moment|sorry|entschuldigung|aber|ja aber|"
    r"nein aber|ja|nein)\s+)*"
    r"(?:was|wie|wer|warum|wieso|weshalb|welche[rsnm]?|wozu|wofur|woran|worauf|what|how|why|"
    r"which|who|erklar\w*|explain|konnen sie|konnten sie|kannst du|konntest du|wurden sie|"
    r"meinen sie|meinst du|zahlt|gilt das|gehort|heisst das|bedeutet das|ist damit|sind damit|"
    r"can you|could you|do you mean|does that|is that)\b"
)
_NOT_A_QUESTION = re.compile(
    r"^(?:was weiss ich|wie gesagt|wie schon gesagt|wer weiss|wie immer|wie auch immer|"
    r"was das angeht|was das betrifft|wie bereits|wie erwahnt|wie ublich|was soll ich sagen)\b"
)
_MEANING = re.compile(
    r"\b(?:was|welche\w*|wie)\b.*\b(?:gemeint|bedeutet|bedeuten|heisst|heissen)\b"
    r"|(?:\bich versteh\w*|\bversteh\w* ich|^versteh\w*)(?: \w+){0,3} (?:nicht|nich|not)\b"
    r"|\bdo not understand\b|\b(?:erklar|erklaren|erklare|explain)\b"
    r"|\bwhat (?:do|does) .* mean\b"
)
_TAG = _words(
    "ja nein ne nee no yes oder nicht wahr gell gelle gelt ok okay right wirklich echt "
    "stimmts stimmt das richtig doch so"
)
_RHETORIC = re.compile(
    r"^(?:(?:und|aber|ja|nein|na|klar|nee|no|yes|sure) )*"
    r"(?:(?:warum|wieso|weshalb|wozu|why|wie) (?:denn )?(?:auch|nicht|not|sonst)"
    r"|was (?:denn )?sonst|what else|wer (?:denn )?nicht)$"
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
    if _OPENER.match(first) and not (_NOT_A_QUESTION.match(first) or _RHETORIC.match(first)):
        return True, False
    return False, tagged


# --- yes / no / unclear lexicon (checked in this order; earlier matches mask later ones) ---
_YES_IDIOMS = _rx(
    r"kein problem|keine frage|kein thema|ohne frage|ohne zweifel|nicht nein|warum nicht"
    r"|wieso nicht|why not|no problem|no doubt|na klar|na sicher|na logo|na freilich|aber sicher"
    r"|aber klar|und ob|leider (?:ja|schon)|zum grossten teil|grosstenteils|weitgehend"
    r"|uberwiegend|im grossen und ganzen|im wesentlichen|eher ja|mostly|na gut"
    r"|nicht mehr wegzudenken"
)
_NEUTRAL = _rx(r"ehrlich gesagt|ganz ehrlich|na ja|to be honest|honestly")
_UNSURE = _rx(
    r"(?:weiss|weis|wees|woas|woass)(?: \w+){0,3} (?:nicht|nich|ned|net|nit|nid)|keine ahnung"
    r"|^ (?:ich hab[e]? )?(?:keinen|kein) plan|do not know"
    r"|(?:wissen|weiss|weis)(?: \w+){0,3} (?:nicht|nich|ned|net|nit|nid)|not sure|unsure|no idea"
    r"|no clue|maybe|perhaps|(?:it )?depends|hard to say|unsicher|nicht (?:so )?sicher"
    r"|schwer zu sagen|kann ich(?: \w+){0,2} nicht (?:sagen|beurteilen|einschatzen)"
    r"|kommt (?:drauf|darauf|auf \w+(?: \w+){0,3}) an|je nachdem|vielleicht|eventuell"
    r"|moglicherweise|unter umstanden|hoffe|hoffentlich|wer weiss|was weiss ich"
    r"|muss(?:te)? ich (?:\w+ ){0,3}"
    r"(?:nachschauen|nachsehen|nachfragen|fragen|prufen|checken|klaren|schauen|gucken)"
    r"|gute frage|weder noch|unklar|nicht klar|fraglich"
)
_PROGRESS = _rx(
    r"in planung|geplant|plan(?:en|t|e)|in arbeit|in bearbeitung|im aufbau|in vorbereitung"
    r"|in (?:der )?umsetzung|(?:sind|bin|ist|seid)(?: \w+){0,2} (?:dran|dabei)|gerade dabei"
    r"|arbeiten (?:\w+ ){0,2}(?:dran|daran)|angedacht|uberlegen|uberlegt|in progress|working on"
    r"|planned|planning|in den startlochern|bald|demnachst|(?:noch )?am anfang|erste schritte"
    r"|getting there"
)
_PARTIAL = _rx(
    r"teilweise|teils|zum teil|in teilen|jein|jaein|halb|so halb|halbwegs|ansatzweise|in ansatzen"
    r"|bedingt|eingeschrankt|einigermassen|mehr oder weniger|so lala|geht so|grob|ungefahr"
    r"|in etwa|oberflachlich|ein bisschen|bisschen|ein wenig|(?:noch )?nicht (?:so )?ganz"
    r"|(?:noch )?nicht (?:vollstandig|komplett|vollig|fertig|durchgehend|systematisch|regelmassig)"
    r"|(?:noch )?nicht (?:fur )?(?:alle|alles|uberall|immer)|unregelmassig|manchmal"
    r"|ab und (?:zu|an)|hin und wieder|gelegentlich|sporadisch|punktuell|vereinzelt|ein paar"
    r"|einige|manche|mittel|mittelmassig|das notigste|partially|partly|somewhat|kind of|sort of"
    r"|kinda|sorta|to some extent|not (?:fully|completely|entirely|always)|sometimes|in parts"
    r"|more or less"
)
_NO = _rx(
    r"nicht das?s ich wusste|auf keinen fall|keinesfalls|keineswegs"
    r"|nicht (?:so )?(?:wirklich|richtig)|eigentlich nicht|glaub[e]? nicht|denk[e]? nicht"
    r"|furchte nicht|eher (?:nicht|nein|weniger)|gar nicht|uberhaupt nicht|noch nicht"
    r"|bisher nicht|bis jetzt nicht|noch nie|leider (?:nicht|nein)|fehlanzeige|not yet|not really"
    r"|no way|not at all|mitnichten|nix|nichts|nada|negativ|nein+|nien|nei|neim|nee+|no+e?"
    r"|nop[e]?|nah|noch offen|steht noch aus|(?:mussen|muss) (?:wir|ich) (?:\w+ ){0,2}noch|nicht"
    r"|nich|ned|net|nit|nid|kein\w{0,2}|nie|niemals|niemand|never|none|nobody|not|kaum|selten"
    r"|fehlt|fehlen|leider"
)
_YES = _rx(
    r"(?:ich )?(?:glaub[e]?|denk[e]?) (?:schon|ja)|wohl schon|auf jeden fall|klar(?: doch)?"
    r"|selbstverstandlich|naturlich|sicher(?:lich)?|definitiv|absolut|genau|korrekt|richtig"
    r"|stimmt|logo|jawoh?l+|freilich|passt(?: scho)?|check|erledigt|haben wir|hamma|hab[e]? ich"
    r"|gibt (?:es|s)|gibts|(?:ist|alles|sind) (?:vorhanden|da)|vorhanden|lauft|laufen|machen wir"
    r"|mach ich|tun wir|sind wir|doch|schon|of course|sure|yes|yeah|yep|yup|yea|definitely"
    r"|absolutely|certainly|indeed|correct|done|we (?:have|do|did)|i (?:have|do|did)|ok(?:ay)?"
    r"|m+hm+|bestimmt|durchaus|trifft zu|zutreffend|positiv|jup+|jep+|jop+|jap+|jo+a?|ja+|jaja"
    r"|konform|fertig|abgeschlossen|regelmassig|laufend|standig"
    r"|jede[ns]? (?:woche|monat|jahr|quartal)"
)
_WEAK_YES = re.compile(
    r"\b(?:(?:ab|an|auf|aus|durch|ein|fest|um|vor|zu|nach|uber|dar|hin|zusammen)?ge\w{3,}(?:t|en)"
    r"|\w{3,}iert|erstellt|bewertet|berechnet|beschrieben|bewilligt|verglichen|erledigt"
    r"|bekommen|seit \w+|since \w+|wir haben|ich hab[e]?|hab[e]? ich|wir (?:nutzen|machen)"
    r"|nutzen wir)\b"
)
_YES_PARTICLE = _words("ja jaa jaja jo joa jup jep jop jap yes yeah yep yup klar")
_NO_PARTICLE = _words("nein nien nee ne no noe nope nah na")
_NO_OPENERS = _words("nicht nee ne no nein eher eigentlich kaum noch nope nah not")
_CONCLUDE = _words("also dann daher deshalb insofern sprich kurz kurzum somit")
_HEDGES = re.compile(r"\b(?:hm+|naja|na ja|tja|puh|uff|ahm|oh|well)\b")
_CONTRAST = re.compile(r"^(?:aber|allerdings|jedoch|but|wobei|ausser|nur)\b")

_LEXICON = (
    ("neutral", _NEUTRAL),
    ("idiom", _YES_IDIOMS),
    ("unsure", _UNSURE),
    ("progress", _PROGRESS),
    ("partial", _PARTIAL),
    ("no", _NO),
    ("yes", _YES),
    ("weak", _WEAK_YES),
)

Sig = Literal["ja", "nein", "unklar", "weak", None]


@dataclass(frozen=True)
class _Clause:
    sig: Sig
    bare: bool  # only a yes/no particle (plus filler words such as "also")
    contrast: bool
    conclude: bool
    kind: str  # which lexicon decided
    first: str  # first word


def _clause(text: str) -> _Clause:
    words = text.split()
    bare_words = [w for w in words if w not in _CONCLUDE]
    particle = bool(bare_words) and all(w in _YES_PARTICLE | _NO_PARTICLE for w in bare_words)
    found: dict[str, bool] = {}
    rest = f" {text} "
    for kind, pattern in _LEXICON:
        rest, n = pattern.subn(" | ", rest)
        found[kind] = found.get(kind, False) or n > 0
    sig: Sig = None
    kind = ""
    for kind, value in (
        ("unsure", "unklar"),
        ("partial", "unklar"),
        ("progress", "unklar"),
        ("no", "nein"),
        ("yes", "ja"),
        ("idiom", "ja"),
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


def classify(norm: str) -> tuple[AnswerLabel | None, float, str]:
    """Yes/no/unclear from the rules: (label or None, confidence, rule name)."""
    parts = [
        p
        for p in re.split(r"\s*(?:[,;:.!?–—]|\s-\s|\b(?=aber\b|but\b|allerdings\b))\s*", norm)
        if p.strip()
    ]
    clauses = [_clause(p.strip()) for p in parts]
    signed = [c for c in clauses if c.sig is not None]
    if not signed:
        return ("unklar", HEDGE, "rule:hedge") if _HEDGES.search(norm) else (None, 0.0, "none")
    last = signed[-1]
    if len(signed) > 1 and last.sig in ("ja", "nein") and (last.bare or last.conclude):
        return last.sig, STRONG, "rule:conclusion"  # type: ignore[return-value]
    head, later = signed[0], signed[1:]
    if head.sig == "unklar":
        return "unklar", STRONG, f"rule:{head.kind}"
    if head.sig == "nein":
        if any(c.kind == "partial" for c in later):
            return "unklar", MIXED, "rule:no+partial"
        return "nein", STRONG, f"rule:{'neg' if head.kind == 'no' else head.kind}"
    if head.bare and later and later[0].sig == "nein" and later[0].first in _NO_OPENERS:
        return "nein", MIXED, "rule:ja-nee"  # colloquial "ja, nicht wirklich"
    if any(c.sig in ("unklar", "nein") for c in later):
        return "unklar", MIXED, "rule:mixed"
    if head.sig == "weak" and all(c.sig == "weak" for c in later):
        return "ja", WEAK, "rule:statement"
    return "ja", STRONG, "rule:yes"
