"""Composition root: settings → embedder → corpus → retriever → services.

The only place that wires concrete parts together; tests swap parts here and nowhere else.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.embeddings.backends import TextEmbedder, embedder_for
from tutor.answer.service import AnswerService
from tutor.retrieval.adapter import QueryAdapter, load_adapter
from tutor.retrieval.corpus import LiveCorpus
from tutor.retrieval.expansion import default_glossary
from tutor.retrieval.hybrid import HybridRetriever, RetrievalWeights
from tutor.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from tutor.answer.reader import Reader
    from tutor.checklist.conversation import ChecklistConversation
    from tutor.progress import ProgressStore, Pseudonymizer
    from tutor.quiz import QuizGenerator
    from tutor.quiz.drafting import Drafter as QuizDrafter


class Container:
    """Lazily built, shared parts of the tutor for one configuration."""

    def __init__(
        self,
        settings: Settings,
        embedder: TextEmbedder | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._quiz: tuple[Path, QuizGenerator] | None = None
        self._chat_model = chat_model  # tests inject a fake LLM here; else from TUTOR_LLM

    @cached_property
    def embedder(self) -> TextEmbedder:
        """The embedding model (loaded once)."""
        return self._embedder or embedder_for(self.settings)

    @cached_property
    def corpus(self) -> LiveCorpus:
        """The active index, reloaded after each ingest."""
        return LiveCorpus(self.settings.store_dir, self.embedder)

    @cached_property
    def retriever(self) -> HybridRetriever:
        """Hybrid BM25 + dense retriever for learners' questions (with the query adapter)."""
        adapter = load_adapter(self.embedder.name) if self.settings.query_adapter else None
        return self._hybrid(adapter)

    @cached_property
    def item_retriever(self) -> HybridRetriever:
        """The same retriever without the query adapter, for the readiness report's course
        matcher: its queries are checklist items, not the learners' questions the adapter was
        fitted on (with the adapter its recall fell 0.59 → 0.53, docs/BENCHMARKS.md)."""
        return self._hybrid(None)

    def _hybrid(self, adapter: QueryAdapter | None) -> HybridRetriever:
        weights = RetrievalWeights(fusion=self.settings.fusion)
        return HybridRetriever(self.corpus, self.embedder, weights, default_glossary(), adapter)

    @cached_property
    def checklist(self) -> ChecklistConversation:
        """The readiness-check conversation engine, shared by the web app and the CLI (it
        keeps no per-user data; its caches of example vectors and guide advice are worth
        sharing). ChecklistParseError (German) when the guide's checklist cannot be read."""
        from tutor.checklist.actions import GuideActionFinder, short_title
        from tutor.checklist.conversation import ChecklistConversation
        from tutor.checklist.definitions import DefinitionFinder
        from tutor.checklist.guide import load_guide
        from tutor.checklist.interpret import AnswerInterpreter
        from tutor.checklist.questions import ChecklistQuestionAnswerer
        from tutor.corpus_roles import document_roles

        embedder, corpus = self.embedder, self.corpus
        guide = load_guide(self.settings)
        actions = GuideActionFinder(
            guide.outline,
            guide.title,
            guide.checklist.items,
            corpus,
            embedder,
            course_source=document_roles(self.settings.corpus_dir).kurs,
            generation=lambda: corpus.snapshot().generation,
            retriever=self.item_retriever,
        )
        definitions = DefinitionFinder(
            corpus, guide.outline, guide.source, short_title(guide.title)
        )
        return ChecklistConversation(
            guide.checklist,
            AnswerInterpreter(embed=lambda texts: embedder.embed_queries(texts)),
            ChecklistQuestionAnswerer(self.answers),
            actions,
            definitions,
        )

    def quiz(self) -> QuizGenerator:
        """Quiz generator over the active index (rebuilt after an ingest activates a new one)."""
        from tutor.quiz import QuizGenerator

        snap = self.corpus.snapshot()
        if self._quiz is None or self._quiz[0] != snap.generation:
            generator = QuizGenerator(snap.chunks, self.embedder, self._quiz_drafter())
            self._quiz = (snap.generation, generator)
        return self._quiz[1]

    def _quiz_drafter(self) -> QuizDrafter | None:
        """LLM drafts for the quiz: only with TUTOR_QUIZ_DRAFTS=true and an LLM configured."""
        if not self.settings.quiz_drafts:
            return None
        from tutor.llm.factory import create_chat_model
        from tutor.llm.streaming import StreamLimits
        from tutor.quiz.drafting import Drafter

        model = self._chat_model or create_chat_model(self.settings)
        if model is None:
            return None
        limits = StreamLimits(timeout_s=self.settings.llm_timeout_s, retries=0)
        return Drafter(model, limits)

    @cached_property
    def progress(self) -> ProgressStore:
        """Learner progress database (schema migrated on first use, not on construction)."""
        from tutor.progress import ProgressStore

        return ProgressStore.from_settings(self.settings)

    @cached_property
    def pseudonyms(self) -> Pseudonymizer:
        """Turns login names / browser ids into the pseudonymous ids that are stored."""
        from tutor.progress import Pseudonymizer

        return Pseudonymizer.from_settings(self.settings)

    @cached_property
    def answers(self) -> AnswerService:
        """Question answering (extractive by default; generated and verified with TUTOR_LLM)."""
        from tutor.answer.checks import check_answer_data
        from tutor.answer.generative import build_generator

        check_answer_data()  # patterns, weights and openings are valid before the first question
        return AnswerService(
            self.retriever,
            self.settings.top_k,
            self.settings.max_question_chars,
            generator=build_generator(self.settings, self.embedder, self._chat_model),
            reader=self.reader,
        )

    @cached_property
    def reader(self) -> Reader | None:
        """The fine-tuned reader that votes on an answer's lead (None: off or not fitted)."""
        from ingest.embeddings.e5_onnx import ensure_e5_tokenizer
        from tutor.answer.reader import Reader, ensure_reader, reader_weights

        fitted = reader_weights() if self.settings.reader else None
        if fitted is None:
            return None
        folder = ensure_reader(self.settings.model_cache_dir, fitted)
        return Reader(folder, ensure_e5_tokenizer(self.settings.model_cache_dir), fitted)
