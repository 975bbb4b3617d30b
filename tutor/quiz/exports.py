"""Exports of a quiz set: JSON, Moodle GIFT, Moodle XML, Aiken, CSV and printable Markdown.

Every exported question carries its source reference (module/section) — as feedback, comment
or column. :data:`EXPORT_FORMATS` is the one table of formats (name, file ending, encoding;
the label is ``format.<name>`` in ``prompts/ui_quiz.toml``) that the CLI and the trainer tab
read. Files are written atomically (:func:`ingest.textkit.write_atomic`), so a failed export
never leaves a half-written file behind.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from ingest import textkit
from tutor.prompts import render
from tutor.quiz.gift import to_gift
from tutor.quiz.grading import option_letters
from tutor.quiz.models import QuizError, QuizItem, QuizSet
from tutor.quiz.moodle_xml import to_moodle_xml
from tutor.quiz.textnorm import content_stems, coverage


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name (CLI ``--format`` and web value), file ending and encoding."""

    name: str
    suffix: str  # ".gift"
    encoding: str = "utf-8"

    @property
    def label(self) -> str:
        """German label for choosing it: 'Moodle GIFT (.gift)'."""
        return render("ui_quiz", f"format.{self.name}")


# In the order a trainer picks from: the Moodle formats first.
EXPORT_FORMATS = (
    ExportFormat("gift", ".gift"),
    ExportFormat("moodle-xml", ".xml"),
    ExportFormat("aiken", ".txt"),
    ExportFormat("csv", ".csv", "utf-8-sig"),  # with BOM: Excel then shows umlauts
    ExportFormat("md", ".md"),
    ExportFormat("json", ".json"),
)
FORMATS = tuple(f.name for f in EXPORT_FORMATS)
CSV_COLUMNS = (
    "id",
    "type",
    "module",
    "section",
    "question",
    "options",
    "correct",
    "explanation",
    "source",
    "quote",
    "chunk_id",
)
OPTION_SEPARATOR = " | "
JSON_FORMAT = "ki-tutor-quiz"


class ExportResult(BaseModel):
    """The exported text and what could not be exported (with German notes)."""

    format: str
    text: str
    exported: int
    skipped: int = 0
    notes: list[str] = Field(default_factory=list)


def check_format(fmt: str) -> str:
    """The format name, or QuizError (German) listing the allowed ones."""
    name = fmt.strip().lower()
    if name not in FORMATS:
        raise QuizError(render("quiz", "fehler.format", format=fmt, erlaubt=", ".join(FORMATS)))
    return name


def export_format(fmt: str) -> ExportFormat:
    """The table entry of a format name (QuizError in German if there is none)."""
    name = check_format(fmt)
    return next(f for f in EXPORT_FORMATS if f.name == name)


def format_for_suffix(suffix: str) -> str | None:
    """The format a file ending stands for ('.xml' → 'moodle-xml'), None if none does."""
    return next((f.name for f in EXPORT_FORMATS if f.suffix == suffix.lower()), None)


def export(quiz: QuizSet, fmt: str) -> ExportResult:
    """Render the set in one of :data:`FORMATS`."""
    name = check_format(fmt)
    n = len(quiz.items)
    if name == "json":
        return ExportResult(format=name, text=to_json(quiz), exported=n)
    if name == "gift":
        return ExportResult(format=name, text=to_gift(quiz), exported=n)
    if name == "moodle-xml":
        return ExportResult(format=name, text=to_moodle_xml(quiz), exported=n)
    if name == "csv":
        return ExportResult(format=name, text=to_csv(quiz), exported=n)
    if name == "md":
        return ExportResult(format=name, text=to_markdown(quiz), exported=n)
    text, skipped = to_aiken(quiz)
    notes = [render("quiz", "export.aiken_uebersprungen", anzahl=skipped)] if skipped else []
    return ExportResult(format=name, text=text, exported=n - skipped, skipped=skipped, notes=notes)


def to_json(quiz: QuizSet) -> str:
    """The set as JSON (re-importable with :func:`from_json`)."""
    data = {"format": JSON_FORMAT, "version": 1, "quiz": quiz.model_dump(mode="json")}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def from_json(text: str) -> QuizSet:
    """Read a set written by :func:`to_json` (QuizError in German if it is not one)."""
    try:
        data = json.loads(text)
        return QuizSet.model_validate(data["quiz"])
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        raise QuizError(f"Die Datei ist kein gültiger KI-Tutor-Quiz-Export: {exc}") from None


def _source_line(item: QuizItem) -> str:
    return render("quiz", "export.quelle", ort=item.source.location())


def to_csv(quiz: QuizSet) -> str:
    """One row per item (';'-separated for German spreadsheet programs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in quiz.items:
        writer.writerow(
            [
                item.item_id,
                item.type,
                "" if item.module is None else item.module,
                item.section or "",
                item.question,
                OPTION_SEPARATOR.join(item.options),
                OPTION_SEPARATOR.join([item.answer, *item.accepted]),
                item.explanation,
                item.source.location(),
                item.source.quote_line(),
                item.source.chunk_id,
            ]
        )
    return buffer.getvalue()


def _aiken_source(item: QuizItem) -> str:
    """Source reference for the question line, without the section if it names the answer."""
    where = item.source.location()
    if content_stems(item.answer) and coverage(item.answer, where) >= 0.5:
        where = item.source.short_location()
    return render("quiz", "export.quelle", ort=where)


def to_aiken(quiz: QuizSet) -> tuple[str, int]:
    """Multiple-choice items in Aiken format (other types skipped): text and skip count."""
    blocks: list[str] = []
    skipped = 0
    for item in quiz.items:
        if item.type != "mc":
            skipped += 1
            continue
        question = f"{item.question} ({_aiken_source(item)})".replace("\n", " ")
        lines = [question]
        letters = option_letters(item.options)
        lines += [
            f"{letter}. {o.replace(chr(10), ' ')}"
            for letter, o in zip(letters, item.options, strict=True)
        ]
        lines.append(f"ANSWER: {letters[item.correct_index]}")
        blocks.append("\n".join(lines))
    return ("\n\n".join(blocks) + "\n" if blocks else ""), skipped


def to_markdown(quiz: QuizSet) -> str:
    """Printable sheet: the questions, then an answer key with explanations and sources."""
    out = [f"# {render('quiz', 'export.titel', bereich=quiz.scope.label())}", ""]
    for number, item in enumerate(quiz.items, 1):
        out.append(f"**{number}.** {item.question}")
        out.append("")
        if item.type == "mc":
            letters = option_letters(item.options)
            out += [f"- {letter}) {o}" for letter, o in zip(letters, item.options, strict=True)]
        elif item.type == "tf":
            out.append(render("quiz", "export.wahr_falsch"))
        else:
            out.append(render("quiz", "export.luecke_antwort"))
        out.append("")
    out += [f"## {render('quiz', 'export.loesungen')}", ""]
    for number, item in enumerate(quiz.items, 1):
        if item.type == "mc":
            answer = f"{option_letters(item.options)[item.correct_index]}) {item.answer}"
        else:
            answer = item.answer
        out.append(f"**{number}.** {render('quiz', 'export.richtige_antwort', antwort=answer)}")
        out.append(f"   {item.explanation}")
        out.append(f"   _{_source_line(item)}_")
        out.append("")
    return "\n".join(out)


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (a missing folder is not created).

    On any failure no temporary file is left, ``path`` is untouched, and QuizError says why.
    """
    path = Path(path)
    try:
        if not path.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path.parent))
        textkit.write_atomic(path, text.encode(encoding))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise QuizError(render("quiz", "fehler.schreiben", pfad=path, grund=reason)) from None


def encoding_for(fmt: str) -> str:
    """File encoding of a format (see :data:`EXPORT_FORMATS`)."""
    return export_format(fmt).encoding
