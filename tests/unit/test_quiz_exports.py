"""Every export format read back and compared with the set it came from."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import xml.etree.ElementTree as ET

import pytest

from tests.unit.test_quiz_fixtures import generator
from tutor.quiz.exports import (
    CSV_COLUMNS,
    EXPORT_FORMATS,
    OPTION_SEPARATOR,
    check_format,
    export,
    format_for_suffix,
    from_json,
    write_atomic,
)
from tutor.quiz.gift import escape, parse_gift
from tutor.quiz.grading import option_letters
from tutor.quiz.models import QuizError, QuizScope, QuizSet

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def quiz() -> QuizSet:
    """Twelve mixed items from three modules (all three types)."""
    items = []
    for module, seed in ((3, 1), (7, 2), (11, 3)):
        items += generator().generate(QuizScope(module=module), 4, seed=seed).quiz.items
    return QuizSet(scope=QuizScope(), seed=1, items=items)


def test_json_round_trip_is_lossless(quiz):
    assert from_json(export(quiz, "json").text) == quiz
    with pytest.raises(QuizError, match="kein gültiger"):
        from_json('{"quiz": 3}')


def test_gift_round_trip(quiz):
    text = export(quiz, "gift").text
    parsed = parse_gift(text)
    assert len(parsed) == len(quiz.items)
    for item, q in zip(quiz.items, parsed, strict=True):
        assert q.text == item.question
        assert q.general_feedback == item.explanation  # explanation with its source
        assert q.category == f"$course$/KI-Tutor/Modul {item.module}"
        assert q.title.startswith(f"Modul {item.module} – Frage ")
        if item.type == "mc":
            assert q.type == "multichoice"
            assert [a.text for a in q.answers] == item.options
            assert [a.text for a in q.answers if a.correct] == [item.answer]
        elif item.type == "tf":
            assert q.type == "truefalse"
            truth = next(a.text for a in q.answers if a.correct)
            assert truth == ("true" if item.answer == "Wahr" else "false")
        else:
            assert q.type == "shortanswer"
            assert [a.text for a in q.answers] == list(dict.fromkeys([item.answer, *item.accepted]))
    assert text.count("// Quelle: Modul") == len(quiz.items)


def test_gift_escapes_every_special_character(quiz):
    nasty = "Was ist {a} = b~c #1: C:\\Pfad?\nZweite Zeile"
    item = quiz.items[0].model_copy(update={"question": nasty})
    assert escape("a:b") == "a\\:b"
    assert escape("\\") == "\\\\"
    parsed = parse_gift(export(QuizSet(items=[item]), "gift").text)
    assert parsed[0].text == nasty


def _html_text(node: ET.Element | None) -> str:
    assert node is not None
    text = node.findtext("text") or ""
    return html.unescape(re.sub(r"<br>", "\n", re.sub(r"</?p>", "", text)))


def test_moodle_xml_round_trip(quiz):
    root = ET.fromstring(export(quiz, "moodle-xml").text.encode("utf-8"))
    assert root.tag == "quiz"
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    assert categories[0] == "$course$/KI-Tutor/Modul 3"
    assert set(categories) == {f"$course$/KI-Tutor/Modul {m}" for m in (3, 7, 11)}
    questions = [q for q in root if q.get("type") != "category"]
    assert len(questions) == len(quiz.items)
    kinds = {"mc": "multichoice", "tf": "truefalse", "cloze": "shortanswer"}
    for item, q in zip(quiz.items, questions, strict=True):
        assert q.get("type") == kinds[item.type]
        assert q.find("questiontext").get("format") == "html"  # type: ignore[union-attr]
        assert _html_text(q.find("questiontext")) == item.question
        assert _html_text(q.find("generalfeedback")) == item.explanation
        assert (q.findtext("name/text") or "").startswith(f"Modul {item.module} – Frage")
        answers = q.findall("answer")
        right = [a for a in answers if a.get("fraction") == "100"]
        if item.type == "mc":
            assert q.findtext("single") == "true"
            assert q.findtext("shuffleanswers") == "true"
            assert [_html_text(a) for a in answers] == item.options
            assert [_html_text(a) for a in right] == [item.answer]
            assert all(a.find("feedback/text") is not None for a in answers)
        elif item.type == "tf":
            assert right[0].findtext("text") == ("true" if item.answer == "Wahr" else "false")
        else:
            assert right[0].findtext("text") == item.answer


def _parse_aiken(text: str) -> list[tuple[str, list[str], str]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        options = [ln[3:] for ln in lines[1:-1]]
        letters = [ln[:3] for ln in lines[1:-1]]
        assert 3 <= len(letters) <= 4  # three options where the material has two siblings
        assert letters == [f"{c}. " for c in "ABCD"[: len(letters)]]
        assert lines[-1].startswith("ANSWER: ")
        out.append((lines[0], options, lines[-1][len("ANSWER: ") :]))
    return out


def test_aiken_has_only_multiple_choice_and_says_what_it_skipped(quiz):
    result = export(quiz, "aiken")
    mc = [i for i in quiz.items if i.type == "mc"]
    assert result.exported == len(mc)
    assert result.skipped == len(quiz.items) - len(mc)
    assert "übersprungen" in result.notes[0]
    parsed = _parse_aiken(result.text)
    for item, (question, options, letter) in zip(mc, parsed, strict=True):
        assert question.startswith(item.question)
        assert "(Quelle: Modul" in question
        assert options == item.options
        assert options[option_letters(options).index(letter)] == item.answer


def test_csv_has_one_row_per_item(quiz):
    rows = list(csv.reader(io.StringIO(export(quiz, "csv").text), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(quiz.items) + 1
    for item, row in zip(quiz.items, rows[1:], strict=True):
        record = dict(zip(CSV_COLUMNS, row, strict=True))
        assert record["type"] == item.type
        assert record["module"] == str(item.module)
        assert record["question"] == item.question
        assert record["section"] == item.section
        assert record["options"] == OPTION_SEPARATOR.join(item.options)
        assert record["correct"].split(OPTION_SEPARATOR)[0] == item.answer
        assert record["source"].startswith(f"Modul {item.module} „")


def test_markdown_sheet_has_questions_then_the_answer_key(quiz):
    text = export(quiz, "md").text
    questions, _, key = text.partition("## Lösungen")
    for number, item in enumerate(quiz.items, 1):
        assert f"**{number}.** {item.question}" in questions
    answers = re.findall(r"^\*\*(\d+)\.\*\* Richtige Antwort: (.+)$", key, re.M)
    assert len(answers) == len(quiz.items)
    for (number, answer), item in zip(answers, quiz.items, strict=True):
        expected = item.answer
        if item.type == "mc":
            expected = f"{option_letters(item.options)[item.correct_index]}) {item.answer}"
        assert answer == expected, number
    assert key.count("_Quelle: Modul") == len(quiz.items)


def test_unknown_format_is_refused_in_german():
    with pytest.raises(QuizError, match="Unbekanntes Format „pdf“. Erlaubt sind: gift, moodle-xml"):
        check_format("pdf")


def test_each_format_is_named_by_its_file_ending():
    for fmt in EXPORT_FORMATS:
        assert f"({fmt.suffix})" in fmt.label, fmt.name  # the choice says what file comes out
        assert format_for_suffix(fmt.suffix.upper()) == fmt.name  # "-o quiz.XML" is understood
    assert format_for_suffix(".pdf") is None


def test_atomic_write_leaves_no_half_file(tmp_path, monkeypatch):
    target = tmp_path / "quiz.gift"
    target.write_text("alter Inhalt", encoding="utf-8")

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(QuizError, match="kann nicht geschrieben werden"):
        write_atomic(target, "neuer Inhalt")
    assert target.read_text(encoding="utf-8") == "alter Inhalt"
    assert [p.name for p in tmp_path.iterdir()] == ["quiz.gift"]


def test_writing_into_a_missing_folder_fails_kindly(tmp_path):
    with pytest.raises(QuizError, match="kann nicht geschrieben werden"):
        write_atomic(tmp_path / "fehlt" / "quiz.md", "x")
    assert not (tmp_path / "fehlt").exists()
