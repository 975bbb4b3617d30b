"""Generative answers: numbered sources → chat model (streamed) → verified, cited Answer.

The model only runs when retrieval found the material (the calibrated extractive gate did not
refuse); its answer is checked sentence by sentence (:mod:`tutor.answer.verify`). Unsupported
sentences are dropped; when too little survives, or the server fails, the extractive answer is
returned with a German note saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from ingest.embeddings.backends import TextEmbedder
from tutor.answer.models import Answer, Citation
from tutor.answer.verify import Source, Verification, VerifyPolicy, verify_answer
from tutor.llm.factory import backend_label, create_chat_model
from tutor.llm.streaming import LLMUnavailable, StreamLimits, stream_text
from tutor.prompts import render
from tutor.retrieval.hybrid import Retrieval

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from tutor.settings import Settings


def source_location(source: Source) -> str:
    """Short German location of a source for the prompt ('Kurs …, Modul 3 „…“, Abschnitt …')."""
    return Citation.of(source.n, source.chunk, "").location()


def build_messages(question: str, sources: list[Source]) -> list[BaseMessage]:
    """System rules + the numbered sources and the question (sources only as values)."""
    blocks = [
        render("llm", "antwort.quelle", n=s.n, ort=source_location(s), text=s.chunk.text)
        for s in sources
    ]
    return [
        SystemMessage(render("llm", "antwort.system")),
        HumanMessage(render("llm", "antwort.nutzer", quellen="\n\n".join(blocks), frage=question)),
    ]


def _shortened_note(dropped: int) -> str | None:
    if dropped == 0:
        return None
    if dropped == 1:
        return render("llm", "hinweis.gekuerzt_eins")
    return render("llm", "hinweis.gekuerzt", anzahl=dropped)


@dataclass
class GenerativeAnswerer:
    """Streams an LLM answer over the top passages and turns it into a verified Answer."""

    model: BaseChatModel
    label: str  # reported as Answer.backend, e.g. 'llm:openai:qwen2.5-7b-instruct'
    limits: StreamLimits = field(default_factory=StreamLimits)
    embedder: TextEmbedder | None = None
    policy: VerifyPolicy = field(default_factory=VerifyPolicy)
    passages: int = 3

    def stream(
        self, question: str, retrieval: Retrieval, extractive: Answer
    ) -> Iterator[str | Answer]:
        """Yield text deltas as they arrive, then the verified (or fallback) Answer."""
        if extractive.refused or not retrieval.hits:
            yield extractive  # the material does not cover it: no model call, same refusal
            return
        sources = [
            Source(i + 1, hit.chunk) for i, hit in enumerate(retrieval.hits[: self.passages])
        ]
        parts: list[str] = []
        try:
            for delta in stream_text(self.model, build_messages(question, sources), self.limits):
                parts.append(delta)
                yield delta
        except LLMUnavailable as exc:
            note = render("llm", "hinweis.nicht_erreichbar", grund=exc.reason)
            yield extractive.model_copy(update={"note": note})
            return
        yield self.finish("".join(parts), sources, extractive)

    def finish(self, text: str, sources: list[Source], extractive: Answer) -> Answer:
        """Verify the model's text; keep supported sentences or fall back to ``extractive``."""
        check = verify_answer(text, sources, self.embedder, self.policy)
        if check.only_not_covered:
            return extractive.model_copy(
                update={
                    "answer": render("antworten", "antwort.ablehnung"),
                    "citations": [],
                    "refused": True,
                    "backend": self.label,
                }
            )
        kept = check.kept
        if not kept or len(kept) < self.policy.min_kept_share * len(check.checkable):
            return extractive.model_copy(update={"note": render("llm", "hinweis.ersetzt")})
        body, citations = self._renumber(check, {s.n: s for s in sources})
        dropped = len(check.dropped)
        return extractive.model_copy(
            update={
                "answer": body,
                "citations": citations,
                "refused": False,
                "backend": self.label,
                "repaired": dropped > 0,
                "note": _shortened_note(dropped),
            }
        )

    @staticmethod
    def _renumber(check: Verification, by_n: dict[int, Source]) -> tuple[str, list[Citation]]:
        """Number the cited sources 1..m in order of first use; quote the supporting sentence."""
        new: dict[int, int] = {}
        quotes: dict[int, tuple[float, str]] = {}
        sentences: list[str] = []
        for c in check.kept:
            for n in c.cited:
                new.setdefault(n, len(new) + 1)
            if c.best_unit:
                n, unit = c.best_unit
                if n not in quotes or c.lexical > quotes[n][0]:
                    quotes[n] = (c.lexical, unit)
            markers = ", ".join(str(new[n]) for n in c.cited)
            sentences.append(f"{c.text} [{markers}]")
        citations = []
        for old, number in new.items():
            units = by_n[old].units
            quote = quotes.get(old, (0.0, units[0] if units else by_n[old].chunk.text))[1]
            citations.append(Citation.of(number, by_n[old].chunk, quote))
        return " ".join(sentences), citations


def build_generator(
    settings: Settings, embedder: TextEmbedder, model: BaseChatModel | None = None
) -> GenerativeAnswerer | None:
    """The generative answerer for ``settings.llm`` (None for 'none'); ``model`` overrides it."""
    model = model if model is not None else create_chat_model(settings)
    if model is None:
        return None
    limits = StreamLimits(timeout_s=settings.llm_timeout_s, retries=settings.llm_retries)
    spec = settings.llm if settings.llm.strip().lower() not in ("", "none") else "fake"
    return GenerativeAnswerer(model, backend_label(spec), limits, embedder)
