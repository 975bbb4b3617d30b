"""Handlers of the "Fragen" tab: ask, stream the answer, show numbered source cards.

Pure functions over the answer service; Gradio only calls them (no retrieval logic here).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from ingest.index import StoreError
from tutor.answer.models import Answer
from tutor.answer.service import AnswerService, InvalidQuestion
from tutor.prompts import render

Message = dict[str, Any]
EXAMPLES = [
    "Was versteht man unter Predictive Maintenance?",
    "Welche Pflichten gelten für Hochrisiko-KI nach dem EU AI Act?",
    "Mein Team hat Angst vor dem neuen System – was rät der Kurs?",
    "How can small businesses improve their data quality?",
]


def text_of(content: Any) -> str:
    """Plain text of a message content (a string or Gradio's list of blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(text_of(part) for part in content)
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    return ""


def previous_questions(history: list[Message], limit: int = 3) -> list[str]:
    """The learner's earlier questions in this conversation (oldest first)."""
    asked = [text_of(m.get("content")) for m in history if m.get("role") == "user"]
    return [q for q in asked if q.strip()][-limit:]


def module_choices(modules: dict[int, str]) -> list[str]:
    """Dropdown labels: 'all' plus one entry per course module."""
    return [render("ui", "fragen.alle")] + [f"Modul {n}: {t}" for n, t in sorted(modules.items())]


def module_from_label(label: str | None) -> int | None:
    """Module number from a dropdown label ('Modul 3: …' → 3)."""
    if label and label.startswith("Modul "):
        number = label.split(":", 1)[0].removeprefix("Modul ").strip()
        return int(number) if number.isdigit() else None
    return None


def escape(text: str) -> str:
    """Render retrieved or typed text inert (no HTML from documents or users)."""
    return html.escape(text, quote=False)


def sources_markdown(answer: Answer) -> str:
    """Numbered source cards: location line and the quoted passage."""
    if not answer.citations:
        return f"*{render('ui', 'fragen.keine_quellen')}*"
    cards = [f"### {render('ui', 'fragen.quellen')}"]
    for c in answer.citations:
        quote = escape(c.quote).replace("\n", "\n> ")
        cards.append(f"**[{c.n}]** {escape(c.location())}\n> {quote}")
    return "\n\n".join(cards)


def ask_stream(
    service: AnswerService, message: str, history: list[Message], module_label: str | None
) -> Iterator[tuple[list[Message], str]]:
    """Yield (chat history, sources) while the answer is written out, then the final state."""
    question = text_of(message).strip()
    history = [{"role": m.get("role"), "content": text_of(m.get("content"))} for m in history or []]
    previous = previous_questions(history)
    history.append({"role": "user", "content": escape(question)})
    history.append({"role": "assistant", "content": ""})
    draft = ""
    try:
        for event in service.ask_stream(question, previous, module_from_label(module_label)):
            if isinstance(event, Answer):
                answer = event
                break
            draft += event  # the LLM's unverified draft, replaced by the checked answer below
            history[-1]["content"] = f"*{escape(draft)}*"
            yield history, ""
    except (InvalidQuestion, StoreError) as exc:
        history[-1]["content"] = escape(str(exc))
        yield history, ""
        return
    history.pop()
    if draft or answer.note:
        note = f"*{escape(answer.note)}*\n\n" if answer.note else ""
        history.append({"role": "assistant", "content": note + escape(answer.answer)})
        yield history, sources_markdown(answer)
        return
    words = escape(answer.answer).split(" ")
    history.append({"role": "assistant", "content": ""})
    step = max(1, len(words) // 12)
    for i in range(step, len(words) + step, step):
        history[-1]["content"] = " ".join(words[:i])
        yield history, ""
    yield history, sources_markdown(answer)
