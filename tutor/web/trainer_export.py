"""Exports of the "Für Trainer" tab: the format choices and writing a set to a file.

Plain functions over :mod:`tutor.quiz.exports`; they never touch Gradio.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from tutor.prompts import render
from tutor.quiz import QuizError, QuizScope, exports
from tutor.web.quiz_common import count_phrase
from tutor.web.trainer_set import hint, load


def format_choices() -> list[tuple[str, str]]:
    """('Moodle GIFT (.gift)', 'gift'), … for the export format radio."""
    return [(f.label, f.name) for f in exports.EXPORT_FORMATS]


def file_name(scope: QuizScope, fmt: str) -> str:
    """'quiz-modul-3.gift', 'quiz-gemischt.xml', 'quiz-leitfaden.csv'."""
    if scope.module is not None:
        stem = f"modul-{scope.module}"
    elif scope.source:
        stem = Path(scope.source).stem
    else:
        stem = "gemischt"
    return f"quiz-{stem}{exports.export_format(fmt).suffix}"


def export_file(state: Any, fmt: str, folder: Path) -> tuple[str | None, str]:
    """Write the set in ``fmt`` to a fresh sub-folder of ``folder``: (path or None, status)."""
    quiz = load(state)
    try:
        if quiz is None:
            raise QuizError(render("ui_quiz", "trainer.kein_satz"))
        if not quiz.items:
            raise QuizError(render("ui_quiz", "trainer.satz_leer"))
        chosen = exports.export_format(fmt or "")
        name = chosen.name
        result = exports.export(quiz, name)
        target = folder / uuid.uuid4().hex / file_name(quiz.scope, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        exports.write_atomic(target, result.text, chosen.encoding)
    except (QuizError, OSError) as exc:
        return None, hint(str(exc))
    status = render(
        "ui_quiz",
        "trainer.exportiert",
        fragen=count_phrase("frage", result.exported),
        format=chosen.label,
        datei=target.name,
    )
    return str(target), "\n\n".join([status, *(hint(n) for n in result.notes)])
