"""Handlers of the "Fragen" tab: ask, stream the answer, show numbered source cards.

Pure functions over the answer service; Gradio only calls them (no retrieval logic here).
Each source card shows the whole passage with the quoted units highlighted, collapsed by
default; the [n] markers of the answer link to their card (``#quelle-n``). All document and
user text is escaped: the only markup is the tool's own.
"""

from __future__ import annotations

import html
import re
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


_MARKER = re.compile(r"\[(\d{1,2})\]")


def card_id(n: int) -> str:
    """HTML id of source card ``n`` (the target of the answer's [n] links)."""
    return f"quelle-{n}"


def linked(answer_html: str) -> str:
    """The (escaped) answer with every [n] marker turned into a link to its source card."""
    return _MARKER.sub(
        lambda m: (
            f'<a href="#{card_id(int(m.group(1)))}" class="quelle-link" '
            f'title="{escape(render("ui", "fragen.zur_quelle", n=m.group(1)))}">[{m.group(1)}]</a>'
        ),
        answer_html,
    )


def merged(passage: str, highlights: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges sorted, with overlapping ones and those apart only by white space joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(highlights):
        if out and not passage[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def highlighted(passage: str, highlights: list[tuple[int, int]]) -> str:
    """The passage, escaped, with the quoted ranges in <mark>."""
    out, at = [], 0
    for start, end in merged(passage, highlights):
        start = max(start, at)
        if end <= start or start >= len(passage):
            continue
        out += [escape(passage[at:start]), f"<mark>{escape(passage[start:end])}</mark>"]
        at = end
    out.append(escape(passage[at:]))
    return "".join(out)


def sources_html(answer: Answer) -> str:
    """Numbered, collapsible source cards: location line, then the whole passage with the
    quoted units highlighted."""
    if not answer.citations:
        return f'<p class="keine-quellen">{escape(render("ui", "fragen.keine_quellen"))}</p>'
    cards = [f'<h3 class="quellen-titel">{escape(render("ui", "fragen.quellen"))}</h3>']
    for c in answer.citations:
        passage = highlighted(c.passage or c.quote, c.highlights if c.passage else [])
        cards.append(
            f'<details class="quelle" id="{card_id(c.n)}" data-chunk="{escape(c.chunk_id)}">'
            f'<summary><span class="quelle-nr">[{c.n}]</span> {escape(c.location())}</summary>'
            f'<div class="quelle-text">{passage}</div></details>'
        )
    return "\n".join(cards)


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
    note = f"*{escape(answer.note)}*\n\n" if answer.note else ""
    final = note + linked(escape(answer.answer))
    if draft or answer.note:
        history.append({"role": "assistant", "content": final})
        yield history, sources_html(answer)
        return
    words = escape(answer.answer).split(" ")
    history.append({"role": "assistant", "content": ""})
    step = max(1, len(words) // 12)
    for i in range(step, len(words), step):
        history[-1]["content"] = " ".join(words[:i])
        yield history, ""
    history[-1]["content"] = final
    yield history, sources_html(answer)
