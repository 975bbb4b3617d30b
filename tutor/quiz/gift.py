"""Moodle GIFT export (and a small parser for reading it back).

Per question: a ``// Quelle: …`` comment, ``::Titel::`` and the answer block — multiple choice
as ``{=richtig#… ~falsch#…}``, true/false as ``{T#…#…}`` / ``{F#…#…}``, cloze as short answer
``{=Antwort =Variante}``; the explanation with its source reference is the general feedback
(``####``). Special characters ``~ = # { } :`` and the backslash are escaped with ``\\``,
line breaks as ``\\n``. A ``$CATEGORY:`` line precedes each module's questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.prompts import render
from tutor.quiz.models import QuizItem, QuizSet

_SPECIAL = "~=#{}:"
_PLACEHOLDER = "\x00{}\x00"


def escape(text: str) -> str:
    """Escape GIFT control characters (backslash first) and line breaks."""
    out = text.replace("\\", "\\\\")
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r", "").replace("\n", "\\n")


def category(item: QuizItem) -> str:
    """Moodle category path of an item: $course$/KI-Tutor/Modul N (or the document)."""
    if item.module is not None:
        name = render("quiz", "export.kategorie_modul", nummer=item.module)
    else:
        name = render("quiz", "export.kategorie_dokument", dokument=item.source.title)
    return f"$course$/KI-Tutor/{name}"


def title(item: QuizItem, number: int) -> str:
    """Question name: 'Modul 3 – Frage 1'."""
    label = category(item).rsplit("/", 1)[-1]
    return f"{label} – {render('quiz', 'export.frage', nummer=number)}"


def _answers(item: QuizItem) -> str:
    right = escape(render("quiz", "rueckmeldung.richtig"))
    wrong = escape(render("quiz", "rueckmeldung.falsch", antwort=item.answer))
    general = escape(item.explanation)
    if item.type == "mc":
        lines = [
            f"={escape(o)}#{right}" if o == item.answer else f"~{escape(o)}#{wrong}"
            for o in item.options
        ]
        return "{\n" + "\n".join(lines) + f"\n####{general}\n}}"
    if item.type == "tf":
        flag = "T" if item.answer == item.options[0] else "F"
        return f"{{{flag}#{wrong}#{right}####{general}}}"
    answers = " ".join(
        f"={escape(a)}#{right}" for a in dict.fromkeys([item.answer, *item.accepted])
    )
    return f"{{{answers}####{general}}}"


def to_gift(quiz: QuizSet) -> str:
    """The whole set as a GIFT text file."""
    blocks: list[str] = [f"// KI-Tutor – {quiz.scope.label()} (Seed {quiz.seed})"]
    current = None
    for number, item in enumerate(quiz.items, 1):
        cat = category(item)
        if cat != current:
            blocks.append(f"$CATEGORY: {cat}")
            current = cat
        source = render("quiz", "export.quelle", ort=item.source.location())
        blocks.append(
            f"// {source.replace(chr(10), ' ')}\n"
            f"::{escape(title(item, number))}::{escape(item.question)} {_answers(item)}"
        )
    return "\n\n".join(blocks) + "\n"


# -- reading GIFT back (for round-trip tests and trainer imports) ---------------------------


@dataclass
class GiftAnswer:
    """One answer of a parsed GIFT question."""

    text: str
    correct: bool
    feedback: str = ""


@dataclass
class GiftQuestion:
    """A parsed GIFT question."""

    title: str
    text: str
    type: str  # multichoice | truefalse | shortanswer
    answers: list[GiftAnswer] = field(default_factory=list)
    general_feedback: str = ""
    category: str = ""


def _protect(text: str) -> str:
    text = text.replace("\\\\", _PLACEHOLDER.format("bs"))
    for ch in _SPECIAL:
        text = text.replace("\\" + ch, _PLACEHOLDER.format(ord(ch)))
    return text.replace("\\n", _PLACEHOLDER.format("nl"))


def _restore(text: str) -> str:
    for ch in _SPECIAL:
        text = text.replace(_PLACEHOLDER.format(ord(ch)), ch)
    text = text.replace(_PLACEHOLDER.format("nl"), "\n")
    return text.replace(_PLACEHOLDER.format("bs"), "\\").strip()


def _split_feedback(part: str) -> tuple[str, str]:
    text, _, feedback = part.partition("#")
    return _restore(text), _restore(feedback)


def _parse_answers(block: str) -> tuple[str, list[GiftAnswer], str]:
    body, sep, general = block.rpartition("####")
    if not sep:
        body, general = block, ""
    body = body.strip()
    head = body.split("#", 1)[0].strip()
    if head in {"T", "TRUE", "F", "FALSE"}:
        parts = body.split("#")
        truth = head.startswith("T")
        wrong_fb = _restore(parts[1]) if len(parts) > 1 else ""
        right_fb = _restore(parts[2]) if len(parts) > 2 else ""
        answers = [GiftAnswer("true", truth, right_fb if truth else wrong_fb)]
        answers.append(GiftAnswer("false", not truth, wrong_fb if truth else right_fb))
        return "truefalse", answers, _restore(general)
    if "~" in body:
        pieces = [p for p in body.replace("=", "~=").split("~") if p.strip()]
        answers = []
        for p in pieces:
            p = p.strip()
            text, feedback = _split_feedback(p[1:] if p.startswith("=") else p)
            answers.append(GiftAnswer(text, p.startswith("="), feedback))
        return "multichoice", answers, _restore(general)
    answers = []
    for p in (p for p in body.split("=") if p.strip()):
        text, feedback = _split_feedback(p)
        answers.append(GiftAnswer(text, True, feedback))
    return "shortanswer", answers, _restore(general)


def parse_gift(text: str) -> list[GiftQuestion]:
    """Questions of a GIFT file (multiple choice, true/false, short answer)."""
    out: list[GiftQuestion] = []
    current_category = ""
    for raw_block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in raw_block.splitlines() if not ln.strip().startswith("//")]
        block = _protect("\n".join(lines).strip())
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            current_category = block[len("$CATEGORY:") :].strip()
            continue
        name = ""
        if block.startswith("::"):
            name, _, block = block[2:].partition("::")
        start, end = block.find("{"), block.rfind("}")
        if start < 0 or end < start:
            continue
        qtype, answers, general = _parse_answers(block[start + 1 : end])
        out.append(
            GiftQuestion(
                title=_restore(name),
                text=_restore(block[:start]),
                type=qtype,
                answers=answers,
                general_feedback=general,
                category=current_category,
            )
        )
    return out
