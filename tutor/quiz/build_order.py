"""Order of steps and phases: "Welcher Schritt folgt direkt auf …?" (only where the material
numbers the steps), "Welcher dieser Schritte kommt zuerst / zuletzt?" (four steps far enough
apart that the order is unmistakable) and "X kommt vor Y" (true/false)."""

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
from tutor.quiz.steps import Sequence, step_name

MIN_GAP = 2  # steps compared in first/last questions stand at least this far apart
OPTIONS = 4


def spread_positions(n: int, run: BuildRun, k: int = OPTIONS) -> list[int] | None:
    """``k`` positions of ``n`` steps, pairwise at least :data:`MIN_GAP` apart (seeded)."""
    for _ in range(50):
        picked = sorted(run.rng.sample(range(n), k))
        if all(b - a >= MIN_GAP for a, b in zip(picked, picked[1:], strict=False)):
            return picked
    return None


class OrderBuilder:
    """Candidates from every ordered sequence of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """All order questions the scope's sequences can yield."""
        out: list[Candidate] = []
        for seq in self.ctx.book.sequences:
            if seq.chunk.chunk_id not in chunk_ids:
                continue
            sec, cid = section_key(seq.chunk), seq.chunk.chunk_id
            n = len(seq.steps)
            if seq.numbered and n >= OPTIONS:
                for i in range(n - 1):
                    key = seq.key  # one order question per sequence and set
                    out.append(
                        Candidate("mc", "order", key, sec, cid, self._after(seq, i), seq.key)
                    )
            if n >= MIN_GAP * (OPTIONS - 1) + 1:
                for form in ("folge_erst", "folge_letzt"):
                    key = seq.key
                    out.append(
                        Candidate("mc", "order", key, sec, cid, self._extreme(seq, form), seq.key)
                    )
            key = seq.key
            out.append(Candidate("tf", "order", key, sec, cid, self._before(seq), seq.key))
        return out

    def _explain(self, seq: Sequence) -> str:
        order = " → ".join(f"„{nested(s.text)}“" for s in seq.steps)
        return render(
            "quiz",
            "erklaerung.folge",
            ort=self.ctx.where(seq.chunk, seq.quote),
            reihenfolge=order,
            zitat=nested(seq.quote.splitlines()[0]),
        )

    def _item(
        self,
        seq: Sequence,
        form: str,
        question: str,
        answer: str,
        options: list[str],
        shown: str = "",
    ) -> QuizItem:
        return self.ctx.item(
            type="tf" if form == "folge_vor" else "mc",
            family="order",
            form=form,  # type: ignore[arg-type]  # one of the folge_* forms
            chunk=seq.chunk,
            quote=seq.quote,
            question=question,
            options=options,
            answer=answer,
            fact=seq.quote.splitlines()[0],
            shown=shown,
            explanation=self._explain(seq),
            subject=seq.key,
            right=[s.text for s in seq.steps],
        )

    def _intro(self, seq: Sequence) -> str:
        """What the steps are of: the section title (the list's intro only names a count)."""
        return nested(step_name(seq.chunk.section or seq.chunk.chapter or "") or seq.what)

    def _after(self, seq: Sequence, i: int) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            step, nxt = seq.steps[i].text, seq.steps[i + 1].text
            others = [s.text for j, s in enumerate(seq.steps) if j not in (i, i + 1)]
            if len(others) < OPTIONS - 1:
                return None
            wrong = run.rng.sample(others, OPTIONS - 1)
            question = render(
                "quiz",
                "frage.folge_nach",
                ort=place(seq.chunk),
                was=self._intro(seq),
                schritt=nested(step),
            )
            return self._item(seq, "folge_nach", question, nxt, mc_options(nxt, wrong, run.rng))

        return build

    def _extreme(self, seq: Sequence, form: str) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            positions = spread_positions(len(seq.steps), run)
            if positions is None:
                return None
            chosen = [seq.steps[p].text for p in positions]
            answer = chosen[0] if form == "folge_erst" else chosen[-1]
            wrong = [c for c in chosen if c != answer]
            question = render("quiz", f"frage.{form}", ort=place(seq.chunk), was=self._intro(seq))
            return self._item(seq, form, question, answer, mc_options(answer, wrong, run.rng))

        return build

    def _before(self, seq: Sequence) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            n = len(seq.steps)
            first = run.rng.randrange(n - MIN_GAP)
            second = run.rng.randrange(first + MIN_GAP, n)
            truth = run.rng.random() < 0.5
            early, late = seq.steps[first].text, seq.steps[second].text
            if not truth:
                early, late = late, early
            question = render(
                "quiz",
                "frage.folge_vor",
                ort=place(seq.chunk),
                was=self._intro(seq),
                frueher=nested(early),
                spaeter=nested(late),
            )
            answer = "Wahr" if truth else "Falsch"
            return self._item(
                seq, "folge_vor", question, answer, ["Wahr", "Falsch"], shown=f"{early} → {late}"
            )

        return build
