"""Moodle XML export: ``<quiz>`` with a category question per module
(``$course$/KI-Tutor/Modul N``) and multichoice / truefalse / shortanswer questions.

Texts are HTML (escaped) inside CDATA; every question has a name, a general feedback with the
explanation and its source reference, per-answer feedback and fractions 100/0; multiple choice
is single-answer with shuffled options.
"""

from __future__ import annotations

import html
from xml.sax.saxutils import escape as xml_escape

from tutor.prompts import render
from tutor.quiz.gift import category, title
from tutor.quiz.models import QuizItem, QuizSet

_TYPE = {"mc": "multichoice", "tf": "truefalse", "cloze": "shortanswer"}


def cdata_html(text: str) -> str:
    """Text as an HTML paragraph in a CDATA section (']]>' split safely)."""
    body = "<p>" + html.escape(text, quote=False).replace("\n", "<br>") + "</p>"
    return "<![CDATA[" + body.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text(tag: str, text: str, fmt: str = "html", indent: str = "    ") -> str:
    return f'{indent}<{tag} format="{fmt}"><text>{cdata_html(text)}</text></{tag}>'


def _answer(text: str, fraction: int, feedback: str, fmt: str = "html") -> str:
    value = cdata_html(text) if fmt == "html" else xml_escape(text)
    return (
        f'    <answer fraction="{fraction}" format="{fmt}">\n'
        f"      <text>{value}</text>\n"
        f'      <feedback format="html"><text>{cdata_html(feedback)}</text></feedback>\n'
        "    </answer>"
    )


def _question(item: QuizItem, number: int) -> str:
    right = render("quiz", "rueckmeldung.richtig")
    wrong = render("quiz", "rueckmeldung.falsch", antwort=item.answer)
    lines = [
        f'  <question type="{_TYPE[item.type]}">',
        f"    <name><text>{xml_escape(title(item, number))}</text></name>",
        _text("questiontext", item.question),
        _text("generalfeedback", item.explanation),
        "    <defaultgrade>1</defaultgrade>",
        "    <penalty>0.3333333</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{xml_escape(item.item_id)}</idnumber>",
    ]
    if item.type == "mc":
        lines += [
            "    <single>true</single>",
            "    <shuffleanswers>true</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
            _text("correctfeedback", right),
            _text("incorrectfeedback", wrong),
        ]
        lines += [
            _answer(o, 100 if o == item.answer else 0, right if o == item.answer else wrong)
            for o in item.options
        ]
    elif item.type == "tf":
        truth = item.answer == item.options[0]
        lines.append(
            _answer("true", 100 if truth else 0, right if truth else wrong, "moodle_auto_format")
        )
        lines.append(
            _answer("false", 0 if truth else 100, wrong if truth else right, "moodle_auto_format")
        )
    else:
        lines.append("    <usecase>0</usecase>")
        lines += [
            _answer(a, 100, right, "moodle_auto_format")
            for a in dict.fromkeys([item.answer, *item.accepted])
        ]
    lines.append("  </question>")
    return "\n".join(lines)


def _category(path: str) -> str:
    return (
        '  <question type="category">\n'
        f"    <category><text>{xml_escape(path)}</text></category>\n"
        "  </question>"
    )


def to_moodle_xml(quiz: QuizSet) -> str:
    """The whole set as a Moodle XML file (UTF-8)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    current = None
    for number, item in enumerate(quiz.items, 1):
        cat = category(item)
        if cat != current:
            parts.append(_category(cat))
            current = cat
        parts.append(_question(item, number))
    parts.append("</quiz>")
    return "\n".join(parts) + "\n"
