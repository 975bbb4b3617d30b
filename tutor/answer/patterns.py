"""Answer-type, question-form and unit patterns as validated data
(``tutor/answer/data/patterns.toml``).

Each category carries a one-line rationale naming the general class it covers. Loading
checks that every pattern compiles, every ``<<building block>>`` exists and every form
names known unit categories; the container loads them at start-up, so a broken file stops
the tutor with a German message instead of failing on the first question.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PATTERNS_FILE = Path(__file__).with_name("data") / "patterns.toml"
UNIT_KINDS = frozenset({"satz", "aufzaehlung", "fall", "gliederung"})
_BLOCK = re.compile(r"<<(\w+)>>")


class PatternError(ValueError):
    """The pattern file is missing or invalid (German message naming the entry)."""


@dataclass(frozen=True)
class AnswerType:
    """A kind of fact a question asks for and the pattern of text that supplies it."""

    name: str
    rationale: str
    question: re.Pattern[str]
    answer: re.Pattern[str]
    event: bool  # the answer must stand in a sentence with the question's event verb
    counted: bool = False  # the number must count the noun the question counts


@dataclass(frozen=True)
class QuestionForm:
    """A form of question and the unit categories (or kinds) that fit it."""

    name: str
    rationale: str
    question: re.Pattern[str]
    fits: tuple[str, ...]
    leads: bool = False  # a unit of this form always leads when one is among the candidates
    figures: re.Pattern[str] | None = None  # asking for figures: only the first kind fits


@dataclass(frozen=True)
class UnitCategory:
    """A kind of unit recognised by its text and/or the title of its section."""

    name: str
    rationale: str
    text: re.Pattern[str] | None
    section: re.Pattern[str] | None
    asked: re.Pattern[str] | None = None  # a question asking for units of this category


@dataclass(frozen=True)
class FocusRules:
    """Syntax categories that find the interrogative sentence of a question and its nouns."""

    boundary: re.Pattern[str]  # between sentences
    asks: re.Pattern[str]  # an interrogative sentence (question mark)
    opens: re.Pattern[str]  # … or its opening (interrogative word, finite verb first)
    clause: re.Pattern[str]  # a boundary after which a capital opens a clause, not a noun
    name: re.Pattern[str]  # a word that is a name whatever its case (digits: norms, versions)
    own: re.Pattern[str]  # the asker's own business ("meines Friseursalons"): context
    activity: re.Pattern[str]  # a nominalised infinitive ("beim Aussortieren"): not a thing


@dataclass(frozen=True)
class Patterns:
    """Everything in the pattern file, compiled."""

    answer_types: tuple[AnswerType, ...]
    forms: tuple[QuestionForm, ...]
    units: dict[str, UnitCategory]
    numbers: dict[str, int]  # number words a question counts with ("drei" → 3)
    overview: re.Pattern[str]  # the form of an overview question
    parts_of_target: re.Pattern[str]  # "which steps does the guide recommend for …" (see toml)
    part: re.Pattern[str]  # words that name a part of a document ("Abschnitt", "Kapitel")
    form_words: frozenset[str]  # the overview form's own words (not the topic)
    material_words: frozenset[str]  # nouns naming a document or part of the material
    focus: FocusRules  # the interrogative sentence of a question


def _expand(pattern: str, blocks: dict[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in blocks:
            raise PatternError(f"{where}: Baustein <<{m.group(1)}>> ist nicht definiert.")
        return blocks[m.group(1)]

    return _BLOCK.sub(sub, pattern)


def _compile(raw: Any, blocks: dict[str, str], where: str, ignore_case: bool) -> re.Pattern[str]:
    parts = [raw] if isinstance(raw, str) else raw
    if not isinstance(parts, list) or not parts or not all(isinstance(p, str) for p in parts):
        raise PatternError(f"{where}: Muster fehlen oder sind keine Texte.")
    joined = "|".join(f"(?:{_expand(p, blocks, where)})" for p in parts)
    try:
        return re.compile(joined, re.IGNORECASE if ignore_case else 0)
    except re.error as exc:
        raise PatternError(f"{where}: ungültiger regulärer Ausdruck ({exc}).") from None


def rationale(entry: dict[str, Any], where: str) -> str:
    """The one-line rationale every entry of a rules file names (a German message if not)."""
    text = entry.get("rationale")
    if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
        raise PatternError(f"{where}: braucht eine einzeilige Begründung (rationale).")
    return text.strip()


def _ignore_case(entry: dict[str, Any]) -> bool:
    """Matching ignores case unless the entry says ``gross_klein = true``."""
    return not bool(entry.get("gross_klein", False))


def parse(data: dict[str, Any]) -> Patterns:
    """Compile and validate the parsed TOML of a pattern file."""
    blocks = {str(k): str(v) for k, v in data.get("bausteine", {}).items()}
    types = []
    for name, entry in data.get("antworttyp", {}).items():
        where = f"[antworttyp.{name}]"
        types.append(
            AnswerType(
                name,
                rationale(entry, where),
                _compile(entry.get("frage"), blocks, where, True),
                _compile(entry.get("antwort"), blocks, where, _ignore_case(entry)),
                bool(entry.get("ereignis", False)),
                bool(entry.get("gezaehlt", False)),
            )
        )
    units = {}
    for name, entry in data.get("einheit", {}).items():
        where = f"[einheit.{name}]"
        ignore = _ignore_case(entry)
        text = _compile(entry["muster"], blocks, where, ignore) if "muster" in entry else None
        section = (
            _compile(entry["abschnitt"], blocks, where, True) if "abschnitt" in entry else None
        )
        if text is None and section is None:
            raise PatternError(f"{where}: braucht 'muster' oder 'abschnitt'.")
        asked = _compile(entry["erbeten"], blocks, where, True) if "erbeten" in entry else None
        units[name] = UnitCategory(name, rationale(entry, where), text, section, asked)
    forms = []
    for name, entry in data.get("frageform", {}).items():
        where = f"[frageform.{name}]"
        fits = tuple(entry.get("einheit", []))
        unknown = [f for f in fits if f not in units and f not in UNIT_KINDS]
        if not fits or unknown:
            raise PatternError(f"{where}: unbekannte oder fehlende Einheiten {unknown}.")
        question = _compile(entry.get("frage"), blocks, where, True)
        leads = bool(entry.get("fuehrt", False))
        figures = _compile(entry["zahlen"], blocks, where, True) if "zahlen" in entry else None
        forms.append(QuestionForm(name, rationale(entry, where), question, fits, leads, figures))
    if not types or not forms or not units:
        raise PatternError("Die Musterdatei braucht Antworttypen, Frageformen und Einheiten.")
    counted = data.get("zahlwoerter", {})
    rationale(counted, "[zahlwoerter]")
    numbers = counted.get("werte", {})
    if not numbers or not all(isinstance(v, int) and v > 1 for v in numbers.values()):
        raise PatternError("[zahlwoerter]: 'werte' braucht Zahlwörter mit Zahlen größer 1.")
    over = data.get("ueberblick", {})
    rationale(over, "[ueberblick]")
    material = data.get("materialwoerter", {})
    rationale(material, "[materialwoerter]")
    names = material.get("woerter", [])
    if not names or not all(isinstance(w, str) and w.strip() for w in names):
        raise PatternError("[materialwoerter]: 'woerter' braucht eine Liste von Wörtern.")
    fokus = data.get("fokus", {})
    rationale(fokus, "[fokus]")
    focus = FocusRules(
        *(
            _compile(fokus.get(key), blocks, "[fokus]", True)
            for key in (
                "satzgrenze",
                "fragesatz",
                "frageeinleitung",
                "teilsatz",
                "name",
                "eigener_betrieb",
                "verbalnomen",
            )
        )
    )
    return Patterns(
        tuple(types),
        tuple(forms),
        units,
        {str(k): v for k, v in numbers.items()},
        _compile(over.get("frage"), blocks, "[ueberblick]", True),
        _compile(over.get("gliederung_mit_bezug"), blocks, "[ueberblick]", True),
        _compile(over.get("teil"), blocks, "[ueberblick]", True),
        frozenset(str(w) for w in over.get("formwoerter", [])),
        frozenset(names),
        focus,
    )


@cache
def patterns(path: Path = PATTERNS_FILE) -> Patterns:
    """The project's patterns, loaded and validated once."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PatternError(f"Musterdatei {path} fehlt oder ist fehlerhaft: {exc}") from exc
    return parse(data)


def unit_pattern(name: str) -> re.Pattern[str]:
    """The text pattern of a unit category (one that never matches if it has none)."""
    category = patterns().units[name]
    return category.text or re.compile(r"(?!)")


def question_form(question: str) -> QuestionForm | None:
    """The first form the (lower-cased) question has, if any."""
    q = question.lower()
    return next((f for f in patterns().forms if f.question.search(q)), None)


def counted(question: str) -> int | None:
    """How many things a question asks for, when it says so ("Welche drei Formen …")."""
    for word in re.findall(r"\w+", question.lower()):
        if word in patterns().numbers:
            return patterns().numbers[word]
        if word.isdigit() and 1 < int(word) <= 12:
            return int(word)
    return None


def kind_only(kind: str) -> QuestionForm:
    """A one-kind form, to ask whether a unit is of that kind or category."""
    return QuestionForm(kind, "", re.compile("(?!)"), (kind,))
