"""What the checklist conversation talks to and what it returns: the interpreter, answerer and
definer it is given (protocols), and one reply of the bot (:class:`Turn`) with its progress."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field

from tutor.answer.models import Answer, Citation
from tutor.checklist.definitions import TermAnswer
from tutor.checklist.interpret import Interpretation
from tutor.checklist.models import ChecklistItem
from tutor.checklist.result import ChecklistResult
from tutor.checklist.state import ChecklistState


class Interpreter(Protocol):
    """Understands a free-text answer (see :class:`tutor.checklist.interpret.AnswerInterpreter`)."""

    def interpret(self, answer: str, question: str = "") -> Interpretation:
        """Label ("ja" | "nein" | "unklar" | "frage") or navigation command of ``answer``."""
        ...


class Answerer(Protocol):
    """Answers a question back from the material (like the container's AnswerService)."""

    def ask(
        self, question: str, previous: list[str] | None = None, module: int | None = None
    ) -> Answer:
        """A cited German answer (or refusal); ``previous`` gives the conversation context."""
        ...


class Definer(Protocol):
    """Answers "Was heißt X?" from the material (see :mod:`tutor.checklist.definitions`)."""

    def answer(self, question: str) -> TermAnswer | None:
        """The definition(s) of the asked term, or None if ``question`` is no term question."""
        ...


class Progress(BaseModel):
    """Which question is shown (1-based number), out of how many, and how many are done."""

    current: int
    total: int
    answered: int


class Turn(BaseModel):
    """One reply of the checklist bot."""

    state: ChecklistState
    messages: list[str] = Field(description="German Markdown, to be shown in this order.")
    progress: Progress
    question: ChecklistItem | None = Field(
        None, description="The question now awaiting an answer (None once finished)."
    )
    citations: list[Citation] = Field(default_factory=list)
    finished: bool = False
    result: ChecklistResult | None = None

    @property
    def markdown(self) -> str:
        """All messages as one Markdown text."""
        return "\n\n".join(self.messages)
