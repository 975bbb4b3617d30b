"""Content sentence → topic: "Zu welchem Thema gehört diese Aussage laut Modul 5?" — the
learner maps a statement of the module to the topic that treats it.

Only sentences that say something specific qualify: from a section with a content title
(not "Reflexion", "Praxisbeispiele" …), not part of a case study, standing on their own (no
"Diese …", no "sie", no opener like "So …" or "Auch …" that needs the sentence before), with at
least :data:`MIN_RARE` words that are rare in the material and no number. Product names a tool
noun lists are left out of the stem ("Systeme wie Pipedrive AI … helfen" → "Systeme helfen");
a sentence that still names a product is not asked. The wrong topics are chosen as for case
studies (:meth:`CaseBuilder.other_topics`): no shared word, clearly further away. And the
sentence must be about its own topic, not merely stand there: by e5 it is closer to its own
section than to *every* other topic of the module by :data:`THEME_MARGIN` — so no topic left
out of the options would fit as well (a sentence on "Power BI" under "Ressourcenplanung" reads
as "Werkzeuge und Methoden"; review round 3 of issue #19).
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
from tutor.quiz.option_checks import MIN_OPTIONS
from tutor.quiz.sentence import refers_back, without_tool_list
from tutor.quiz.steps import step_name
from tutor.quiz.textnorm import content_stems, numbers
from tutor.retrieval.corpus import IndexedChunk

MIN_WORDS = 10
MAX_WORDS = 32
MIN_RARE = 2
RARE_CHUNKS = 3
OPTIONS = 4
# e5 margin of a sentence's own topic over the closest other topic of its module. Set from the
# five statement → topic items of review round 3: rated good/acceptable at margins 0.015,
# 0.017 and 0.027, bad at -0.006 (and 0.013 for a sentence opening with "So"). Five labels
# only: a floor that removes the clear misfits, not a fitted value.
THEME_MARGIN = 0.015
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
        if words[0].strip(",").lower() in self.ctx.lexicon.context_openers:
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
                    shown = without_tool_list(sentence)
                    if self._fits(shown) and not self.ctx.is_name(shown):
                        key = f"theme|{chunk.chunk_id}|{sentence[:60]}"
                        build = self._build(chunk, sentence, shown)
                        out.append(
                            Candidate(
                                "mc", "topic", key, section_key(chunk), chunk.chunk_id, build, key
                            )
                        )
        return out

    def _build(self, chunk: IndexedChunk, sentence: str, shown: str) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            if self.cases.own_margin(chunk, sentence, shown) < THEME_MARGIN:
                run.stats.short("thema_unklar")
                return None
            others = self.cases.other_topics(chunk, sentence, shown)
            if len(others) < MIN_OPTIONS - 1:
                run.stats.short("zu_wenige_themen")
                return None
            own = step_name(chunk.section or "")
            wrong = run.rng.sample(others, min(OPTIONS - 1, len(others)))
            question = render(
                "quiz", "frage.aussage_thema", ort=place(chunk), aussage=nested(shown)
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
                explanation=self.ctx.because(
                    "zuordnung", chunk, sentence, begriff=nested(shown), antwort=nested(own)
                ),
                subject=shown,
                right=[own],
            )

        return build
