"""Follow-up questions rewritten by the LLM ("Und welche Pflichten gelten dafür?" → stand-alone).

Only used when an LLM is configured and the question refers back. The rewrite is accepted only
when it is sane — one short line, no longer referring back, resolving the reference with a
topic of the earlier questions, and inventing no topic of its own — otherwise the question
is retrieved as asked, blended with its context (:mod:`tutor.retrieval.followup`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from langchain_core.messages import HumanMessage, SystemMessage

from tutor.answer.verify import CITE_RE, INSTRUCTION
from tutor.llm.streaming import LLMUnavailable, StreamLimits, stream_text
from tutor.prompts import render
from tutor.retrieval.followup import refers_back
from tutor.retrieval.text import content_terms

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

_PREFIX = re.compile(r"^\s*(eigenständige frage|frage|stand-alone question)\s*:\s*", re.I)


def clean_rewrite(text: str) -> str:
    """First non-empty line without a 'Frage:' prefix, quotes or surrounding spaces."""
    line = next((ln for ln in text.strip().splitlines() if ln.strip()), "")
    return _PREFIX.sub("", line).strip().strip("„“\"'*`").strip()


def sane_rewrite(candidate: str, question: str, previous: list[str]) -> bool:
    """Whether an LLM rewrite can replace the rule-based resolution."""
    if not 8 <= len(candidate) <= 2 * len(question) + 200:
        return False
    if CITE_RE.search(candidate) or INSTRUCTION.search(candidate) or refers_back(candidate):
        return False
    own = content_terms(candidate)
    asked = content_terms(question)
    context = set().union(*(content_terms(p) for p in previous)) if previous else set()
    invented = own - asked - context
    return bool(own & (context - asked)) and not invented


def rewrite_followup(
    model: BaseChatModel, limits: StreamLimits, question: str, previous: list[str]
) -> str:
    """Stand-alone question: the LLM's rewrite when sane, else the question unchanged."""
    if not previous or not refers_back(question):
        return question
    messages = [
        SystemMessage(render("llm", "nachfrage.system")),
        HumanMessage(
            render(
                "llm",
                "nachfrage.nutzer",
                bisher="\n".join(f"- {p}" for p in previous),
                frage=question,
            )
        ),
    ]
    once = StreamLimits(timeout_s=limits.timeout_s, retries=0, backoff_s=limits.backoff_s)
    try:
        candidate = clean_rewrite("".join(stream_text(model, messages, once)))
    except LLMUnavailable:
        return question
    return candidate if sane_rewrite(candidate, question, previous) else question
