"""The question-answering service: validate → resolve follow-up → retrieve → answer.

Without an LLM (the default) answers are extractive. With one (``TUTOR_LLM``) the answer is
generated, streamed and verified against the sources (:mod:`tutor.answer.generative`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import numpy as np

from tutor.answer.asked import asked_text
from tutor.answer.extractive import AnswerPolicy, extractive_answer
from tutor.answer.features import WEIGHTS_FILE
from tutor.answer.generative import GenerativeAnswerer
from tutor.answer.models import Answer
from tutor.answer.multianswer import documents_in_order, multipart_answer, with_documents
from tutor.answer.multipart import Part, question_parts
from tutor.answer.patterns import question_form
from tutor.answer.reader import Reader
from tutor.answer.rewrite import rewrite_followup
from tutor.prompts import render
from tutor.retrieval.ellipsis import substituted
from tutor.retrieval.followup import (
    ContextWeights,
    applies_to_own_case,
    asked_terms,
    asks_to_elaborate,
    context_text,
    context_weight,
    document_scope,
    in_context,
    refers_back,
    topic_words,
    with_aspects,
)
from tutor.retrieval.hybrid import HybridRetriever, Retrieval, idf_share
from tutor.retrieval.text import looks_english
from tutor.retrieval.vocabulary import unknown_terms

ANSWER_DEPTH = 10  # passages retrieved for an answer (lower ones may supply an asked figure)
RESOLVED_FROM = 0.5  # from this context weight on, the answer reads the question in context
EXAMPLE_BLEND = 0.5  # weight of "<request> <topic>" against the topic alone for example requests
OWN_CASE_BLEND = 0.5  # the same for the topic applied to the asker's own business


@cache
def conversation(path: Path = WEIGHTS_FILE) -> ContextWeights:
    """The fitted context weights of conversational retrieval."""
    data = json.loads(path.read_text(encoding="utf-8")).get("conversation", {})
    return ContextWeights(**data)


def asks_for_examples(question: str) -> bool:
    """A request for examples ("Gibt es dafür ein Praxisbeispiel?"): in a conversation it
    searches the topic under discussion, so the composer can pick that topic's cases."""
    form = question_form(question)
    return form is not None and form.name == "beispiel"


def judged_as_asked(retrieval: Retrieval, question: str) -> Retrieval:
    """The retrieval of a follow-up that refers back, with the share of words the material
    does not know judged on what the question asks (:func:`asked_terms`): a request word
    ("Zahlen") is still a word the material knows, and the refusal must see it; the asker's
    description of their own business ("als Bäckerei") and a pro-form are not."""
    snap = retrieval.snapshot
    if snap is None or looks_english(question):
        return retrieval
    terms = asked_terms(question)
    unknown = unknown_terms(terms, snap.doc_freq, retrieval.translated)
    share = idf_share(snap, terms, unknown)
    return dataclasses.replace(retrieval, unknown=unknown, unknown_share=share)


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
        reader: Reader | None = None,
    ) -> None:
        self.retriever = retriever
        self.reader = reader  # votes on the lead (see tutor.answer.reader); None: scores only
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
        depth = max(k or self.top_k, 1)
        if not earlier:
            return cleaned, self.retriever.retrieve(cleaned, depth, module=module)
        fitted = conversation()
        context = context_text(earlier, fitted.turns)
        if self.generator is not None:
            gen = self.generator
            rewritten = rewrite_followup(gen.model, gen.limits, cleaned, earlier)
            if rewritten != cleaned:  # the LLM made it stand-alone: no blending needed
                return rewritten, self.retriever.retrieve(rewritten, depth, module=module)
        if asks_to_elaborate(cleaned):  # no words of its own: the topic under discussion
            retrieval = self.retriever.retrieve(context, depth, module=module)
            return in_context(cleaned, earlier, fitted.turns), retrieval
        if asks_for_examples(cleaned):  # cases of the topic, with what the request adds
            # ("… aus dem Handwerk", "… mit Zahlen"): the topic's ranking blended equally with
            # the request read in that topic
            retrieval = self.retriever.retrieve(
                context, depth, module, None, cleaned, EXAMPLE_BLEND
            )
            return in_context(cleaned, earlier, fitted.turns), retrieval
        snap = self.retriever.corpus.snapshot()
        # a follow-up that names a document ("Was sagt der Leitfaden dazu?") searches the
        # topic under discussion in that document; the document's name is no topic word
        source, own = document_scope(cleaned, snap)
        # the words of its request frame ("Welche *Tools* gibt es dafür?") say what is asked
        # about the topic under discussion; they do not search for a topic of their own
        topic = topic_words(own)
        weight = context_weight(topic, snap.doc_freq, fitted)
        own_case = applies_to_own_case(cleaned)
        # a general aspect ("Wer macht das bei uns?") is searched with the material's words
        # for it; the weight stays that of the question's own words
        topic = with_aspects(topic, cleaned)
        if own_case:
            # the topic applied to the asker's own business ("Was heißt das konkret für mich
            # als Bäckerei?", "Und bei einem Handwerksbetrieb wie meinem?"): the topic's
            # ranking blended equally with the question read in that topic, so passages on
            # the topic that fit the asker's case lead, not any passage about their trade
            retrieval = self.retriever.retrieve(context, depth, module, None, topic, OWN_CASE_BLEND)
        else:
            # an ellipsis ("Und fürs Projektmanagement?") replaces the earlier question's
            # final phrase: that question is searched with the new phrase in its place, and
            # as asked, since an ellipsis may also narrow it ("Und bei der Menge der Daten?")
            replaced = substituted(cleaned, earlier)
            if replaced != earlier:
                context = f"{context_text(replaced, fitted.turns)} {earlier[-1]}"
            retrieval = self.retriever.retrieve(topic, depth, module, source, context, weight)
        if refers_back(cleaned):
            retrieval = judged_as_asked(retrieval, cleaned)
        resolved = (
            in_context(cleaned, earlier, fitted.turns)
            if own_case or weight >= RESOLVED_FROM
            else cleaned
        )
        return resolved, retrieval

    def own_vector(self, question: str, resolved: str) -> np.ndarray | None:
        """The e5 vector of the question's own words: a follow-up as asked, a question that
        tells a story first its interrogative sentence (:func:`asked_text`); None otherwise."""
        own = question if question.strip() != resolved.strip() else asked_text(question)
        return None if own is None else self.retriever.embedder.embed_queries([own])[0]

    def compose(
        self, question: str, resolved: str, retrieval: Retrieval, module: int | None = None
    ) -> Answer:
        """The extractive answer (or refusal) for a retrieved question (``module``: the
        learner's module filter, kept when the parts of a multi-part question are searched)."""
        if resolved != question and asks_to_elaborate(question):
            # "Können Sie das genauer erklären?" has no words of its own to rank or shape
            # the answer: it is answered as the question under discussion
            answer = extractive_answer(
                resolved, resolved, retrieval, self.policy, reader=self.reader
            )
            return answer.model_copy(update={"question": question})
        own = self.own_vector(question, resolved)
        answer = extractive_answer(
            question, resolved, retrieval, self.policy, own, reader=self.reader
        )
        alone = question.strip() == resolved.strip()  # not a follow-up
        if alone and not retrieval.context_weight and not answer.refused:
            # a question that asks two things (not a follow-up): each part its own lead
            return self.multipart(question, retrieval, module, answer.lead) or answer
        return answer

    def multipart(
        self, question: str, retrieval: Retrieval, module: int | None, lead: str = ""
    ) -> Answer | None:
        """The answer that gives each part of a multi-part question its own lead unit
        (:mod:`tutor.answer.multianswer`), or None for a question that asks one thing."""
        snap = self.retriever.corpus.snapshot()
        split = question_parts(question, documents_in_order(question, snap))
        if split is None:
            return None

        def retrieve(part: Part) -> Retrieval:
            # a later clause is read like a follow-up of the earlier ones: the fewer words
            # of its own it has, the more their topic shapes its ranking
            weight = context_weight(part.text, snap.doc_freq, conversation()) * bool(part.earlier)
            if part.weight is not None:  # a document searched in the light of another's lead
                weight = part.weight
            return self.retriever.retrieve(
                part.text, ANSWER_DEPTH, module, part.source, part.earlier or None, weight
            )

        return multipart_answer(
            question, retrieval, with_documents(split, snap), retrieve, self.policy, lead
        )

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
        extractive = self.compose(question.strip(), resolved, retrieval, module)
        if self.generator is None:
            yield extractive
            return
        yield from self.generator.stream(resolved, retrieval, extractive)
