"""Read the "KI-Readiness Checklist" (questions, sections, evaluation bands) from the guide text.

Works on the raw corpus text (questions wrapped over several lines, blank lines, "☐ Ja"
checkboxes, "▪" bullets, running page footers in between) as well as on cleaned text with one
logical unit per line ("[ ] Ja", "- " bullets, no blank lines, no footers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.clean import drop_page_furniture
from tutor.checklist.models import Band, Checklist, ChecklistItem, ChecklistParseError

__all__ = ["CHECKLIST_HEADING", "ChecklistParseError", "parse_checklist"]

_PREFIX = "Die Checkliste im Leitfaden konnte nicht gelesen werden: "

_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060]")
CHECKLIST_HEADING = re.compile(
    r"^(?:#+\s*)?KI[-\s]?Readiness[-\s]?Check(?:list|liste)\b"
    r"|\bKI[-\s]?Readiness[-\s]?Check(?:list|liste)$",  # glued onto the previous unit
    re.IGNORECASE,
)
# Page numbers the furniture detection leaves (a lone number without a repeated footer
# next to it); running footers themselves are detected, see :func:`parse_checklist`.
_PAGE_NUMBER = re.compile(
    r"^(?:(?:seite\s*)?\d{1,3}(?:\s*seite)?(?:\s*(?:von|/)\s*\d{1,3})?"
    r"|[-–]\s*\d{1,3}\s*[-–])$",
    re.IGNORECASE,
)
_BOX = r"(?:[☐☑☒□■▢○◯●]|\[\s*[xX✓]?\s*\])"
_BULLET = r"(?:[▪•·●■◦‣∙*]|[-–—](?=\s))"
_CHECKBOX = re.compile(rf"^(?:{_BULLET}\s*)?(?:{_BOX}?\s*(?:ja|nein)\b[\s/|,;]*)+$", re.IGNORECASE)
_TRAILING_BOXES = re.compile(rf"(?:\s*{_BOX}\s*(?:ja|nein)\b)+\s*$", re.IGNORECASE)
_LEADING_BOXES = re.compile(rf"^(?:{_BOX}\s*(?:ja|nein)\b[\s/|,;]*)+", re.IGNORECASE)
_QUESTION = re.compile(r"^(\d{1,3})\s*[.)]\s+(\S.*)$")
_EVALUATION = re.compile(r"^(?:#+\s*)?auswertung\b[^.]{0,40}$", re.IGNORECASE)
_BAND = re.compile(
    rf"^(?:{_BULLET}\s*)?(\d{{1,3}})\s*(?:[-–—]|bis)\s*(\d{{1,3}})"
    r"(?:\s*(?:punkte|ja-antworten|mal\s+ja|x\s+ja))?\s*[:：]\s*(.*)$",
    re.IGNORECASE,
)
_LEADING_MARK = re.compile(rf"^(?:#+\s*|{_BULLET}\s*)+")
_SENTENCE_END = (".", "!", "?", ":")


def _norm(line: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def _join(parts: list[str]) -> str:
    """Join wrapped line pieces with single spaces ("KI-" + "Tools" stays "KI-Tools")."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].isupper():
            out += part
        else:
            out = f"{out} {part}" if out else part
    return _norm(out)


def _looks_like_heading(unit: str) -> bool:
    return 0 < len(unit) <= 80 and not unit.endswith((".", "!", "?", ":", ","))


@dataclass
class _State:
    """Mutable scan state of :func:`parse_checklist`."""

    units: list[list[str]] = field(default_factory=list)  # text units since last question
    intro: str | None = None
    section: str = ""
    items: list[tuple[int, str, str]] = field(default_factory=list)
    q_no: int | None = None
    q_parts: list[str] = field(default_factory=list)
    q_open: bool = False  # question text not finished yet (no "?" and no checkbox seen)
    in_eval: bool = False
    bands: list[tuple[int, int, list[str]]] = field(default_factory=list)
    band_open: bool = False
    unit_open: bool = False

    def add_text(self, line: str) -> None:
        if self.unit_open and self.units and not self.units[-1][-1].endswith(_SENTENCE_END):
            self.units[-1].append(line)
        else:
            self.units.append([line])
        self.unit_open = True

    def take_section(self) -> None:
        units = [_join(u) for u in self.units]
        heading_idx = next(
            (i for i in range(len(units) - 1, -1, -1) if _looks_like_heading(units[i])), None
        )
        if self.intro is None:
            rest = [u for i, u in enumerate(units) if i != heading_idx]
            self.intro = _join(rest)
        if heading_idx is not None:
            self.section = _LEADING_MARK.sub("", units[heading_idx]).strip()
        self.units, self.unit_open = [], False

    def start_band(self, match: re.Match[str]) -> None:
        self.bands.append((int(match[1]), int(match[2]), [match[3]]))
        self.band_open = not match[3].endswith(_SENTENCE_END)

    def finish_question(self) -> None:
        if self.q_no is not None:
            self.items.append((self.q_no, self.section, _join(self.q_parts)))
        self.q_no, self.q_parts, self.q_open = None, [], False


def _find_start(lines: list[str]) -> int:
    starts = [i for i, ln in enumerate(lines) if len(ln) <= 120 and CHECKLIST_HEADING.search(ln)]
    if not starts:
        raise ChecklistParseError(_PREFIX + "Überschrift „KI-Readiness Checklist“ nicht gefunden.")
    with_questions = [s for s in starts if any(_QUESTION.match(ln) for ln in lines[s + 1 :])]
    return (with_questions or starts)[-1]


def _scan(lines: list[str]) -> _State:
    st = _State()
    for line in lines:
        if not line:
            st.unit_open = False
            st.band_open = False
            continue
        if _PAGE_NUMBER.match(line):
            continue
        band = _BAND.match(line)
        if st.in_eval:
            if band:
                st.start_band(band)
            elif st.band_open:
                st.bands[-1][2].append(line)
                st.band_open = not line.endswith(_SENTENCE_END)
            elif st.bands:
                break  # first paragraph after the bands: the checklist is over
            continue
        question = _QUESTION.match(line)
        if question:
            st.finish_question()
            st.take_section()
            text = question[2]
            stripped = _TRAILING_BOXES.sub("", text)
            st.q_no, st.q_parts = int(question[1]), [stripped]
            st.q_open = stripped == text and not stripped.endswith("?")
            continue
        if _CHECKBOX.match(line):
            st.q_open = False
            st.units, st.unit_open = [], False
            continue
        if _EVALUATION.match(line) or (band and st.items):
            st.finish_question()
            st.in_eval = True
            if band:
                st.start_band(band)
            continue
        if st.q_open:
            st.q_parts.append(line)
            st.q_open = not line.endswith("?")
            continue
        st.add_text(line)
    st.finish_question()
    return st


def _split_glued(lines: list[str]) -> list[str]:
    """Split "[ ] Nein Pilotprojekt starten" (checkbox glued to the next unit) into two lines."""
    out: list[str] = []
    for line in lines:
        boxes = _LEADING_BOXES.match(line)
        if boxes and line[boxes.end() :].strip():
            out += [line[: boxes.end()].strip(), line[boxes.end() :].strip()]
        else:
            out.append(line)
    return out


def _numbers_phrase(nos: list[int]) -> str:
    if len(nos) == 1:
        return f"Frage {nos[0]} fehlt."
    listed = ", ".join(str(n) for n in nos[:-1])
    return f"Fragen {listed} und {nos[-1]} fehlen."


def _validate(items: list[tuple[int, str, str]], bands: list[tuple[int, int, str]]) -> list[str]:
    problems: list[str] = []
    if not items:
        return ["keine Fragen gefunden."]
    nos = [no for no, _, _ in items]
    dupes = sorted({n for n in nos if nos.count(n) > 1})
    problems += [f"Frage {n} kommt mehrfach vor." for n in dupes]
    if not dupes and nos != sorted(nos):
        bad = next(i for i in range(1, len(nos)) if nos[i] < nos[i - 1])
        problems.append(f"Frage {nos[bad]} steht nach Frage {nos[bad - 1]}.")
    top = max([*nos, *(hi for _, hi, _ in bands)])
    missing = sorted(set(range(1, top + 1)) - set(nos))
    if missing:
        problems.append(_numbers_phrase(missing))
    problems += [f"Frage {no} hat keinen Text." for no, _, text in items if not text]
    if not bands:
        problems.append("keine Auswertung (Punktebereiche) gefunden.")
        return problems
    for lo, hi, verdict in bands:
        if lo > hi:
            problems.append(f"Punktebereich {lo}-{hi} ist ungültig.")
        if not verdict:
            problems.append(f"Punktebereich {lo}-{hi} hat keinen Text.")
    if problems:
        return problems
    expected = 0
    for lo, hi, _ in sorted(bands):
        if lo > expected:
            gap = f"{expected}" if lo - 1 == expected else f"{expected} bis {lo - 1}"
            problems.append(f"Punktebereich für {gap} Ja-Antworten fehlt in der Auswertung.")
        elif lo < expected:
            problems.append(f"Punktebereich {lo}-{hi} überschneidet sich mit einem anderen.")
        expected = max(expected, hi + 1)
    if expected <= top:
        gap = f"{top}" if expected == top else f"{expected} bis {top}"
        problems.append(f"Punktebereich für {gap} Ja-Antworten fehlt in der Auswertung.")
    return problems


def parse_checklist(text: str) -> Checklist:
    """Parse the KI-Readiness checklist from the guide; raise ChecklistParseError if incomplete."""
    # running headers/footers are found as the ingest finds them (lines repeated next to page
    # numbers), so a guide with another title or footer parses the same way
    lines = _split_glued([_norm(ln) for ln in drop_page_furniture(text.splitlines())])
    start = _find_start(lines)
    st = _scan(lines[start + 1 :])
    bands = [(lo, hi, _join(parts)) for lo, hi, parts in st.bands]
    problems = _validate(st.items, bands)
    if problems:
        raise ChecklistParseError(_PREFIX + " ".join(problems))
    return Checklist(
        items=[ChecklistItem(no=no, section=sec, text=txt) for no, sec, txt in st.items],
        bands=[Band(min=lo, max=hi, verdict=verdict) for lo, hi, verdict in bands],
        intro=st.intro or "",
    )
