"""Fakes and a driver shared by the checklist-conversation tests (unit and integration)."""

from __future__ import annotations

from collections.abc import Sequence

from tutor.answer.models import Answer, Citation
from tutor.checklist.conversation import ChecklistConversation
from tutor.checklist.result import CourseRef, GuideAdvice, ItemOutcome, NextStep
from tutor.checklist.turns import Turn


class FakeAnswerer:
    """Records questions back and answers them with one citation."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str] | None]] = []

    def ask(
        self, question: str, previous: list[str] | None = None, module: int | None = None
    ) -> Answer:
        self.calls.append((question, previous))
        citation = Citation(
            n=1,
            chunk_id="c1",
            source="leitfaden-ki-integration-kmu.txt",
            title="Leitfaden",
            chapter="Machbarkeitsstudie",
            section="Kosten-Nutzen-Analyse",
            quote="Berechnen Sie den Zeitpunkt …",
        )
        return Answer(
            question=question,
            resolved_question=question,
            answer="Der Zeitpunkt, an dem sich die Investition deckt [1].",
            citations=[citation],
        )


class FakeActions:
    """One made-up guide quote and course module per question."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def next_steps(self, outcomes: Sequence[ItemOutcome]) -> list[NextStep]:
        self.asked += [o.item.no for o in outcomes]
        return [
            NextStep(
                item=o.item,
                status=o.status,
                answer=o.answer,
                guide=[GuideAdvice(quote=f"Schritt zu Frage {o.item.no}: Tun Sie es.", title="L")],
                course=[CourseRef(module=8, module_title="Strategische Einführung")],
            )
            for o in outcomes
        ]


def run(conv: ChecklistConversation, answers: list[str], turn: Turn | None = None) -> Turn:
    """Reply with each answer in order, from ``turn`` or a fresh start; return the last turn."""
    turn = turn or conv.start()
    for text in answers:
        turn = conv.reply(turn.state, text)
    return turn


# the conversation's follow-up after an unclear answer
FOLLOW_UP = (
    "Würden Sie eher Ja oder Nein sagen? Wenn Sie es nicht wissen, schreiben Sie „weiß nicht“ "
    "– dann notiere ich „unklar“ (zählt wie Nein)."
)
