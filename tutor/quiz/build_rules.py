"""Applying a rule: which category of a scheme an example — or a system described elsewhere
in the material — falls into ("In welche Kategorie fällt ein solcher Chatbot?"). Score
scales and time spans are in :mod:`tutor.quiz.build_scales`."""

from __future__ import annotations

from tutor.prompts import render
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
from tutor.quiz.rules import ClassScheme, RuleClass

OPTIONS = 4


class RuleBuilder:
    """Candidates from the class schemes of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """Rule questions whose rule stands in the scope."""
        out: list[Candidate] = []
        for scheme in self.ctx.book.schemes:
            if len(scheme.classes) < 2:
                continue
            for cls in scheme.classes:
                if cls.chunk.chunk_id not in chunk_ids:
                    continue
                sec, cid = section_key(cls.chunk), cls.chunk.chunk_id
                group = f"{scheme.key}|{cls.name}"  # one question per class list and set
                for example in cls.examples:
                    key = f"{scheme.key}|{example}"
                    build = self._example(scheme, cls, example)
                    out.append(Candidate("mc", "rule", key, sec, cid, build, group))
                    build = self._example_tf(scheme, cls, example)
                    out.append(Candidate("tf", "rule", key, sec, cid, build, group))
            for case in self.ctx.book.cases:
                found = scheme.classify(case.quote)
                home = scheme.classes[0].chunk
                if (
                    len(found) != 1
                    or case.chunk.module == home.module
                    or home.chunk_id not in chunk_ids
                ):
                    continue
                key = f"{scheme.key}|{case.key}"
                sec, cid = section_key(found[0].chunk), found[0].chunk.chunk_id
                build = self._case(scheme, found[0], case)
                out.append(Candidate("mc", "rule", key, sec, cid, build, case.key, case=True))
        return out

    def _names(self, scheme: ClassScheme, answer: str, run: BuildRun) -> list[str]:
        others = [c.name for c in scheme.classes if c.name != answer]
        return run.rng.sample(others, min(OPTIONS - 1, len(others)))

    def _item(
        self,
        *,
        qtype: str,
        form: str,
        cls_chunk,
        quote: str,
        question: str,
        answer: str,
        options: list[str],
        explanation: str,
        subject: str,
        right: list[str],
        shown: str = "",
    ) -> QuizItem:
        return self.ctx.item(
            type=qtype,  # type: ignore[arg-type]  # "mc" or "tf"
            family="rule",
            form=form,  # type: ignore[arg-type]  # regel_klasse | regel_band
            chunk=cls_chunk,
            quote=quote,
            question=question,
            options=options,
            answer=answer,
            fact=right[0],
            shown=shown,
            explanation=explanation,
            subject=subject,
            right=right,
        )

    def _explain_class(self, cls: RuleClass, evidence: str) -> str:
        return render(
            "quiz",
            "erklaerung.regel_klasse",
            ort=self.ctx.where(cls.chunk, cls.quote),
            beleg=nested(evidence),
            antwort=nested(cls.name),
            zitat=nested(cls.quote),
        )

    def _example(self, scheme: ClassScheme, cls: RuleClass, example: str) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            question = render(
                "quiz", "frage.regel_klasse", ort=place(cls.chunk), beispiel=nested(example)
            )
            options = mc_options(cls.name, self._names(scheme, cls.name, run), run.rng)
            return self._item(
                qtype="mc",
                form="regel_klasse",
                cls_chunk=cls.chunk,
                quote=cls.quote,
                question=question,
                answer=cls.name,
                options=options,
                explanation=self._explain_class(cls, example),
                subject=scheme.key,
                right=[example, cls.name],
            )

        return build

    def _example_tf(self, scheme: ClassScheme, cls: RuleClass, example: str) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            truth = run.rng.random() < 0.5
            shown = cls.name if truth else run.rng.choice(self._names(scheme, cls.name, run))
            question = render(
                "quiz",
                "frage.regel_klasse_tf",
                ort=place(cls.chunk),
                beispiel=nested(example),
                klasse=nested(shown),
            )
            return self._item(
                qtype="tf",
                form="regel_klasse",
                cls_chunk=cls.chunk,
                quote=cls.quote,
                question=question,
                answer="Wahr" if truth else "Falsch",
                options=["Wahr", "Falsch"],
                explanation=self._explain_class(cls, example),
                subject=scheme.key,
                right=[example, cls.name],
                shown=shown,
            )

        return build

    def _case(self, scheme: ClassScheme, cls: RuleClass, case) -> Builder:  # type: ignore[no-untyped-def]
        def build(run: BuildRun) -> QuizItem | None:
            evidence = next(e for e in cls.examples if scheme.classify(e) == [cls])
            question = render(
                "quiz",
                "frage.regel_klasse_fall",
                fall=nested(case.sentences[0]),
                ort=place(cls.chunk),
            )
            options = mc_options(cls.name, self._names(scheme, cls.name, run), run.rng)
            return self._item(
                qtype="mc",
                form="regel_klasse",
                cls_chunk=cls.chunk,
                quote=cls.quote,
                question=question,
                answer=cls.name,
                options=options,
                explanation=self._explain_class(cls, evidence),
                subject=scheme.key,
                right=[evidence, cls.name],
            )

        return build
