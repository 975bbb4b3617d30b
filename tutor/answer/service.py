"""The question-answering service: validate → resolve follow-up → retrieve → answer.

Without an LLM (the default) answers are extractive. With one (``TUTOR_LLM``) the answer is
generated, streamed and verified against the sources (:mod:`tutor.answer.generative`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from tutor.answer.extractive import AnswerPolicy, extractive_answer
from tutor.answer.generative import GenerativeAnswerer
from tutor.answer.models import Answer
from tutor.answer.patterns import question_form
from tutor.answer.rewrite import rewrite_followup
from tutor.prompts import render
from tutor.retrieval.followup import resolve_followup
from tutor.retrieval.hybrid import HybridRetriever, Retrieval

ANSWER_DEPTH = 10  # passages retrieved for an answer (lower ones may supply an asked figure)


def example_topic(question: str, resolved: str, earlier: list[str]) -> str:
    """What to search for: a follow-up that only asks for examples ("Gibt es dafür ein
    Praxisbeispiel?") searches the topic under discussion (the earlier question, itself
    resolved), so the composer can pick that topic's cases; any other question itself."""
    form = question_form(question)
    if not earlier or resolved == question or form is None or form.name != "beispiel":
        return resolved
    return resolve_followup(earlier[-1], earlier[:-1])


class InvalidQuestion(ValueError):
    """A question that cannot be processed; the message is German and says what to do."""


class AnswerService:
    """Answers learners' questions from the course material only."""

    def __init__(
        self,
        retriever: HybridRetriever,
        top_k: int = 5,
        max_chars: int = 1000,
        policy: AnswerPolicy | None = None,
        generator: GenerativeAnswerer | None = None,
    ) -> None:
        self.retriever = retriever
        self.top_k = top_k
        self.max_chars = max_chars
        self.policy = policy or AnswerPolicy()
        self.generator = generator

    def validate(self, question: str) -> str:
        """Strip the question; raise InvalidQuestion for empty or over-long input."""
        cleaned = " ".join((question or "").split())
        if not cleaned:
            raise InvalidQuestion(render("antworten", "antwort.leere_frage"))
        if len(cleaned) > self.max_chars:
            raise InvalidQuestion(
                render("antworten", "antwort.zu_lang", laenge=len(cleaned), maximum=self.max_chars)
            )
        return cleaned

    def retrieve(
        self,
        question: str,
        previous: list[str] | None = None,
        module: int | None = None,
        k: int | None = None,
    ) -> tuple[str, Retrieval]:
        """Resolve a follow-up and retrieve passages; returns (stand-alone question, result)."""
        cleaned = self.validate(question)
        earlier = [p for p in (previous or []) if p.strip()]
        if self.generator is not None:
            gen = self.generator
            resolved = rewrite_followup(gen.model, gen.limits, cleaned, earlier)
        else:
            resolved = resolve_followup(cleaned, earlier)
        depth = max(k or self.top_k, 1)
        return resolved, self.retriever.retrieve(
            example_topic(cleaned, resolved, earlier), depth, module=module
        )

    def own_vector(self, question: str, resolved: str) -> np.ndarray | None:
        """The e5 vector of a follow-up as asked (None when it needed no context)."""
        if question.strip() == resolved.strip():
            return None
        return self.retriever.embedder.embed_queries([question])[0]

    def compose(self, question: str, resolved: str, retrieval: Retrieval) -> Answer:
        """The extractive answer (or refusal) for a retrieved question."""
        own = self.own_vector(question, resolved)
        return extractive_answer(question, resolved, retrieval, self.policy, own)

    def ask(
        self, question: str, previous: list[str] | None = None, module: int | None = None
    ) -> Answer:
        """A short, cited German answer (or refusal) to the question."""
        final: Answer | None = None
        for event in self.ask_stream(question, previous, module):
            if isinstance(event, Answer):
                final = event
        assert final is not None  # ask_stream always ends with the answer
        return final

    def ask_stream(
        self, question: str, previous: list[str] | None = None, module: int | None = None
    ) -> Iterator[str | Answer]:
        """Yield the LLM's text deltas as they arrive (none without an LLM), then the final,
        verified Answer that replaces them."""
        resolved, retrieval = self.retrieve(question, previous, module, ANSWER_DEPTH)
        extractive = self.compose(question.strip(), resolved, retrieval)
        if self.generator is None:
            yield extractive
            return
        yield from self.generator.stream(resolved, retrieval, extractive)
