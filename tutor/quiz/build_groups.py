"""Which group a point belongs to: "Welcher dieser Punkte gehört laut Leitfaden zu „Personelle
Ressourcen“?" — one point of the group against three points of its sibling groups in the same
section (:mod:`tutor.quiz.groups`). The wrong options are of the same kind by construction and
wrong because the text files them under another heading; each is still checked against every
point of the asked group."""

from __future__ import annotations

from tutor.prompts import render
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    BuildRun,
    Candidate,
    capital,
    mc_options,
    nested,
    place,
    section_key,
)
from tutor.quiz.groups import Group, SiblingGroups
from tutor.quiz.models import QuizItem

OPTIONS = 4


def _text(item) -> str:  # type: ignore[no-untyped-def]  # a ListItem
    return capital(item.label or item.text)


class GroupBuilder:
    """Candidates from sibling groups of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """One question per group (and point) of every run of sibling groups in the scope."""
        out: list[Candidate] = []
        for sg in self.ctx.book.groups:
            if sg.chunk.chunk_id not in chunk_ids:
                continue
            sec, cid = section_key(sg.chunk), sg.chunk.chunk_id
            for g in sg.groups:
                for point in g.items:
                    key = f"{sg.key}|{g.name}|{_text(point)}"
                    build = self._mc(sg, g, _text(point))
                    out.append(Candidate("mc", "enumeration", key, sec, cid, build, sg.key))
        return out

    def _mc(self, sg: SiblingGroups, group: Group, answer: str) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            truth = self.ctx.truth
            mine = [_text(it) for it in group.items]
            others = [
                _text(it)
                for g in sg.groups
                if g is not group
                for it in g.items
                if not truth.member_conflict(_text(it), mine)
                and not self.ctx.echoes(_text(it), group.name)
            ]
            if len(others) < OPTIONS - 1 or self.ctx.echoes(answer, group.name):
                return None
            wrong = run.rng.sample(others, OPTIONS - 1)
            key = "gruppe_satz" if group.sentence_name else "gruppe"
            question = render(
                "quiz", f"frage.{key}", ort=place(sg.chunk), gruppe=nested(group.name)
            )
            quote = "\n".join(line for g in sg.groups for line in g.lines)
            return self.ctx.item(
                type="mc",
                family="enumeration",
                form="gruppe",
                chunk=sg.chunk,
                quote=quote,
                question=question,
                options=mc_options(answer, wrong, run.rng),
                answer=answer,
                fact=answer,
                explanation=render(
                    "quiz",
                    "erklaerung.gruppe",
                    antwort=nested(answer),
                    gruppe=nested(group.name),
                    ort=self.ctx.where(sg.chunk, quote),
                    zitat=nested(quote),
                ),
                subject=group.name,
                right=mine,
            )

        return build
