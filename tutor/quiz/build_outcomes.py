"""Case study → outcome: "Welches Ergebnis berichtet Modul 3 zu diesem Beispiel? „Ein
Onlinehändler beginnt damit, seine Kundendaten … zusammenzuführen. Nach der Bereinigung
erkennt die KI, dass bestimmte Kundengruppen häufiger Produkte zurücksenden.“" — the learner
reads what a business did and found, and picks what came of it.

The wrong options are the outcomes of the *other* case studies of the same module (or of the
same chapter of a module-less document): results of the same kind, each reported for another
business, so none is true of this one. An outcome that makes the key's point (half its nouns
shared) is left out, and so is one that repeats a noun of the stem (a false lead). The key
itself must not repeat a noun of the stem either ("Seit der Einführung des Chatbots …"
under a chatbot case gives itself away). The stem shows the case up to its outcome
(:meth:`CaseBuilder.shown`).

Only cases that cannot be asked as case → topic (their section is no topic, the case names
its topic at once, e5 does not set the topics apart) are asked for their outcome: the topic
question asks more of the learner (reviewers rated it best). A case feeds one item per set.
"""

from __future__ import annotations

from functools import cached_property

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
from tutor.quiz.cases import CaseStudy
from tutor.quiz.distractors import Option
from tutor.quiz.giveaway import links
from tutor.quiz.models import QuizItem, RejectReason
from tutor.quiz.textnorm import contains_phrase, near_duplicate

OPTIONS = 4
MIN_WRONG = 3  # four options or no item (see :mod:`option_checks`)
ANY_OUTCOME = 1.0  # every pooled outcome is of the key's kind: no e5 band
MIN_HEAD = 5  # letters of a noun stem that counts as the head of a compound


class OutcomeBuilder:
    """Candidates from every case study with a reported outcome (case → outcome)."""

    def __init__(self, ctx: BuildContext, cases: CaseBuilder) -> None:
        self.ctx = ctx
        self.cases = cases

    @cached_property
    def pool(self) -> list[Option]:
        """The outcome of every case as a wrong option (origin: the case's setting) — except
        outcomes that name a term the course defines ("Die Conversion-Rate – also der Anteil
        … – stieg …"): shown in a set, they would give away the term question, which asks
        what the module teaches."""
        terms = [d.clean_term for d in self.ctx.book.definitions if d.clean_term]
        return [
            Option(c.outcome, c.chunk.chunk_id, "outcome", c.key, c.setting)
            for c in self.ctx.book.cases
            if not any(contains_phrase(c.outcome, t) for t in terms)
        ]

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """One case → outcome question per case of the scope."""
        out: list[Candidate] = []
        usable = {o.group for o in self.pool}
        for case in self.ctx.book.cases:
            chunk = case.chunk
            if chunk.chunk_id not in chunk_ids or case.key not in usable:
                continue
            if CaseBuilder.shown(case) is None or self.cases.asks_topic(case):
                continue  # case → topic asks more of the learner: the outcome is the fallback
            out.append(
                Candidate(
                    "mc",
                    "case",
                    f"{case.key}|ergebnis",
                    section_key(chunk),
                    chunk.chunk_id,
                    self._build(case),
                    case.key,
                    case=True,
                )
            )
        return out

    def problem(self, option: str, key: str, shown: str) -> RejectReason | None:
        """Why ``option`` cannot stand as a wrong outcome beside ``key`` (None: it can)."""
        if not any(o.text == option for o in self.pool):
            return RejectReason.UNSUPPORTED  # not the outcome of a case of the material
        if self.same_point(option, key):
            return RejectReason.DISTRACTOR_PARAPHRASE
        if self.echoes(option, shown):
            return RejectReason.DISTRACTOR_TRUE  # a false lead: it repeats the stem
        return None

    def echoes(self, outcome: str, shown: str) -> bool:
        """The outcome repeats a noun of the stem that is not generic in the material."""
        return bool(self.nouns(outcome) & self.nouns(shown))

    def heads(self, key: str, shown: str) -> bool:
        """A noun of the key is the head of a compound in the stem ("Newsletter" after
        "Kundennewsletter", "Anfragen" after "Kontaktanfragen"): the key gives itself away."""
        theirs = self.nouns(shown)
        return any(
            len(n) >= MIN_HEAD and t != n and t.endswith(n) for n in self.nouns(key) for t in theirs
        )

    def nouns(self, text: str) -> set[str]:
        """Non-generic nouns of a sentence, without its first word (capitalised as the
        sentence start: "Seitdem", "Dadurch")."""
        return self.ctx.truth.nouns(text[:1].lower() + text[1:])

    def same_point(self, a: str, b: str) -> bool:
        """Two outcomes a reader could take for the same result: near-duplicates, or half
        the nouns of the shorter one shared. (Every outcome sentence looks alike to e5 and
        shares generic words like "Unternehmen", so neither is asked.)"""
        if near_duplicate(a, b):
            return True
        mine, theirs = self.nouns(a), self.nouns(b)
        shared = len(mine & theirs)
        return bool(shared) and shared * 2 >= min(len(mine), len(theirs))

    def check(self, item: QuizItem) -> list[RejectReason]:
        """Form check of a finished outcome item (registered with the validator)."""
        for option in item.options:
            if option == item.answer:
                continue
            reason = self.problem(option, item.answer, item.subject)
            if reason is not None:
                return [reason]
        return []

    def _build(self, case: CaseStudy) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            shown = CaseBuilder.shown(case)
            key = case.outcome
            if shown is None or self.echoes(key, shown) or self.heads(key, shown):
                return None
            if links(key, shown, self.ctx.truth):  # "Produkte …" → "Produktbeschreibungen"
                return None
            wrong = self.ctx.pick(
                self.pool,
                OPTIONS - 1,
                run,
                key=key,
                right=[key],
                subject=shown,
                group=case.key,
                home=case.chunk,
                verify=lambda o: self.problem(o.text, key, shown),
                band=ANY_OUTCOME,
                twins=self.same_point,
                shaped=False,
                fewest=MIN_WRONG,
            )
            if not wrong:
                return None
            question = render(
                "quiz", "frage.ergebnis_fall", ort=place(case.chunk), fall=nested(shown)
            )
            return self.ctx.item(
                type="mc",
                family="case",
                form="ergebnis",
                chunk=case.chunk,
                quote=case.quote,
                question=question,
                options=mc_options(key, [o.text for o in wrong], run.rng),
                answer=key,
                fact=key,
                explanation=self.ctx.because(
                    "richtig", case.chunk, case.quote, antwort=nested(key)
                ),
                subject=shown,
                right=[key],
                distractor_sources=[o.chunk_id for o in wrong],
            )

        return build
