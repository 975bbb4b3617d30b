"""Shared parts of the "Quiz" and "Für Trainer" tabs: scope choices and safe Markdown.

A scope is passed through the UI as a short value string ("3", "gemischt",
"quelle:<file name>") so that dropdown labels can change without breaking API callers.
"""

from __future__ import annotations

import re

from ingest.index import StoreError
from tutor.container import Container
from tutor.prompts import render
from tutor.quiz import QuizError, QuizGenerator, QuizScope

MIXED = "gemischt"
SOURCE_PREFIX = "quelle:"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def md(text: str) -> str:
    """Course or user text made inert for Markdown: HTML and Markdown syntax escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def generator(container: Container) -> QuizGenerator:
    """The quiz generator over the active index; QuizError (German) if there is none."""
    try:
        return container.quiz()
    except StoreError as exc:
        raise QuizError(str(exc)) from None


def module_choices(container: Container) -> list[tuple[str, str]]:
    """('Modul 3: Daten als Erfolgsfaktor', '3') per module, then 'Gemischt (alle Module)'."""
    titles: dict[int, str] = {}
    try:
        chunks = generator(container).material.chunks
    except QuizError:
        chunks = []
    for chunk in chunks:
        if chunk.module is not None:
            titles.setdefault(chunk.module, chunk.module_title or "")
    choices = [
        (render("ui_quiz", "bereich.modul", nummer=n, titel=t), str(n))
        for n, t in sorted(titles.items())
    ]
    return [*choices, (render("ui_quiz", "bereich.gemischt"), MIXED)]


def scope_choices(container: Container) -> list[tuple[str, str]]:
    """Module choices plus one entry per other document (e.g. the Leitfaden)."""
    documents: dict[str, str] = {}
    try:
        chunks = generator(container).material.chunks
    except QuizError:
        chunks = []
    # a document with numbered modules (the course) is already offered module by module
    with_modules = {chunk.source for chunk in chunks if chunk.module is not None}
    for chunk in chunks:
        if chunk.source not in with_modules:
            documents.setdefault(chunk.source, chunk.title or chunk.source)
    extra = [
        (render("ui_quiz", "bereich.dokument", titel=title), SOURCE_PREFIX + source)
        for source, title in sorted(documents.items(), key=lambda kv: kv[1])
    ]
    return [*module_choices(container), *extra]


def parse_scope_value(value: str | int | None) -> QuizScope:
    """'3' → module 3, 'quelle:<file>' → that document, 'gemischt'/empty → all modules.

    Also accepts a dropdown label such as 'Modul 3: …' (the number before the colon).
    """
    text = str(value if value is not None else "").strip()
    if text.startswith(SOURCE_PREFIX):
        return QuizScope(source=text.removeprefix(SOURCE_PREFIX))
    if not text or text.lower() in {MIXED, "alle"} or text.lower().startswith(MIXED):
        return QuizScope()
    head = text.split(":", 1)[0].removeprefix("Modul").strip()
    if not head.isdigit():
        raise QuizError(render("quiz", "fehler.modul_ungueltig", wert=text))
    return QuizScope(module=int(head))


def checked_scope(container: Container, value: str | int | None) -> QuizScope:
    """The parsed scope, checked against the index (German QuizError if it does not exist)."""
    scope = parse_scope_value(value)
    generator(container).material.check_scope(scope)
    return scope


def count_phrase(noun: str, n: int) -> str:
    """'1 Frage', '3 Fragen', 'kein Kandidat' — singular and plural from ``[anzahl]`` in
    prompts/ui_quiz.toml (``<noun>_0``, ``<noun>_1``, ``<noun>_n``)."""
    if n == 0:
        return render("ui_quiz", f"anzahl.{noun}_0")
    if n == 1:
        return render("ui_quiz", f"anzahl.{noun}_1")
    return render("ui_quiz", f"anzahl.{noun}_n", n=n)


def type_label(qtype: str) -> str:
    """'Multiple Choice', 'Wahr oder falsch', 'Lückentext'."""
    return render("ui_quiz", f"typ.{qtype}")
