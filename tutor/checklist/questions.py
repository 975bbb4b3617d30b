"""Answers to questions asked back during the checklist ("Was ist mit Break-Even gemeint?").

The plain answer service would often quote the checklist itself, which only repeats the
question ("15. Ist eine Break-Even-Analyse durchgeführt worden? [ ] Ja [ ] Nein"). This adapter
asks the same service but drops the checklist chapter's passages before the answer is built,
so the explanation comes from the guide's chapters and the course.
"""

from __future__ import annotations

import dataclasses

from tutor.answer.extractive import extractive_answer
from tutor.answer.models import Answer
from tutor.answer.service import AnswerService
from tutor.checklist.models import CHECKLIST_CHAPTER

_EXTRA_HITS = 10  # fetched beyond top_k so enough passages remain after the checklist is gone


class ChecklistQuestionAnswerer:
    """:class:`~tutor.checklist.conversation.Answerer` that never cites the checklist chapter."""

    def __init__(self, service: AnswerService) -> None:
        self._service = service

    def ask(
        self, question: str, previous: list[str] | None = None, module: int | None = None
    ) -> Answer:
        """A cited German answer (or refusal); ``previous`` resolves "damit"/"das" follow-ups.

        Raises InvalidQuestion (German message) for empty or over-long questions and
        StoreError when there is no index, like :meth:`AnswerService.ask`.
        """
        service = self._service
        resolved, retrieval = service.retrieve(
            question, previous, module, k=service.top_k + _EXTRA_HITS
        )
        kept = [h for h in retrieval.hits if not CHECKLIST_CHAPTER.search(h.chunk.chapter or "")]
        kept = kept[: service.top_k]
        kept_ids = {h.chunk.chunk_id for h in kept}
        best = [cos for (cid, _), cos in retrieval.sentence_cos.items() if cid in kept_ids]
        filtered = dataclasses.replace(
            retrieval,
            hits=kept,
            top_sentence=max(best) if best else retrieval.top_sentence,
        )
        return extractive_answer(question.strip(), resolved, filtered, service.policy)
