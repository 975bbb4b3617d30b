"""Content sentence → topic: "Zu welchem Thema gehört diese Aussage laut Modul 5?" — the
learner maps a statement of the module to the topic that treats it.

Only sentences that say something specific qualify: from a section with a content title
(not "Reflexion", "Praxisbeispiele" …), not part of a case study, standing on their own (no
"Diese …", no "sie" that needs the sentence before), with at least :data:`MIN_RARE` words
that are rare in the material, no product name and no number. The wrong topics are chosen
as for case studies (:meth:`CaseBuilder.other_topics`): no shared word, clearly further away.
"""

from __future__ import annotations

import re

from tutor.prompts import render
from tutor.quiz.build_cases import CaseBuilder
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    BuildRun,
    Candidate,
    mc_options,
    nested,
    place,
    section_key,
)
from tutor.quiz.models import QuizItem
from tutor.quiz.sentence import refers_back
from tutor.quiz.steps import step_name
from tutor.quiz.textnorm import content_stems, numbers
from tutor.retrieval.corpus import IndexedChunk

MIN_WORDS = 10
MAX_WORDS = 32
MIN_RARE = 2
RARE_CHUNKS = 3
OPTIONS = 4
PRONOUN = re.compile(r"\b(?:sie|er|es|ihn|ihm|ihnen|diese[mnrs]?|dies|solche[mnrs]?)\b")


class ThemeBuilder:
    """Candidates from the content sentences of a module's sections."""

    def __init__(self, ctx: BuildContext, cases: CaseBuilder) -> None:
        self.ctx = ctx
        self.cases = cases
        self._case_sentences = {s for c in ctx.book.cases for s in c.sentences}

    def _fits(self, sentence: str) -> bool:
        words = sentence.split()
        if not MIN_WORDS <= len(words) <= MAX_WORDS or sentence.endswith((":", "?")):
            return False
        if sentence in self._case_sentences or refers_back(words) or PRONOUN.search(sentence):
            return False
        if numbers(sentence) or self.ctx.is_name(sentence) or "„" in sentence:
            return False
        df = self.ctx.material.doc_freq
        rare = {s for s in content_stems(sentence) if df.get(s, 0) <= RARE_CHUNKS}
        return len(rare) >= MIN_RARE

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """One question per fitting sentence of the scope's content sections."""
        out: list[Candidate] = []
        lex = self.ctx.lexicon
        for chunk in self.ctx.material.chunks:
            if chunk.chunk_id not in chunk_ids or chunk.module is None or not chunk.section:
                continue
            if lex.is_non_topic(chunk.section):
                continue
            for line in self.ctx.material.lines[chunk.chunk_id]:
                if line.is_item:
                    continue
                for sentence in line.sentences:
                    if self._fits(sentence):
                        key = f"theme|{chunk.chunk_id}|{sentence[:60]}"
                        build = self._build(chunk, sentence)
                        out.append(
                            Candidate(
                                "mc", "topic", key, section_key(chunk), chunk.chunk_id, build, key
                            )
                        )
        return out

    def _build(self, chunk: IndexedChunk, sentence: str) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            others = self.cases.other_topics(chunk, sentence, sentence)
            if len(others) < OPTIONS - 1:
                return None
            own = step_name(chunk.section or "")
            wrong = run.rng.sample(others, OPTIONS - 1)
            question = render(
                "quiz", "frage.aussage_thema", ort=place(chunk), aussage=nested(sentence)
            )
            return self.ctx.item(
                type="mc",
                family="topic",
                form="zuordnung",
                chunk=chunk,
                quote=sentence,
                question=question,
                options=mc_options(own, wrong, run.rng),
                answer=own,
                fact=sentence,
                explanation=render(
                    "quiz",
                    "erklaerung.zuordnung",
                    begriff=nested(sentence),
                    antwort=nested(own),
                    ort=self.ctx.where(chunk, sentence),
                    zitat=nested(sentence),
                ),
                subject=sentence,
                right=[own],
            )

        return build
