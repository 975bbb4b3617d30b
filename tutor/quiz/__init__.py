"""Quiz: questions built from the course material by fixed patterns (no LLM), validated, for
learners (:mod:`tutor.quiz.session`) and trainers (exports, editing).

Flow: chunks → :mod:`facts` (lists, figures, definitions) → builders → :mod:`validate` →
:class:`QuizSet` → session / exports.
"""

from tutor.quiz.edit import delete_item, edit_item, regenerate_item
from tutor.quiz.exports import FORMATS, export, from_json, write_atomic
from tutor.quiz.generate import QuizGenerator, Rephrase
from tutor.quiz.models import (
    GenerationResult,
    GenerationStats,
    QuizError,
    QuizItem,
    QuizScope,
    QuizSet,
    RejectReason,
    SourceRef,
)
from tutor.quiz.session import (
    Feedback,
    QuestionView,
    QuizSession,
    QuizSummary,
    parse_scope,
    start_quiz,
    submit_answer,
    summary,
    view,
)

__all__ = [
    "FORMATS",
    "Feedback",
    "GenerationResult",
    "GenerationStats",
    "QuestionView",
    "QuizError",
    "QuizGenerator",
    "QuizItem",
    "QuizScope",
    "QuizSession",
    "QuizSet",
    "QuizSummary",
    "RejectReason",
    "Rephrase",
    "SourceRef",
    "delete_item",
    "edit_item",
    "export",
    "from_json",
    "parse_scope",
    "regenerate_item",
    "start_quiz",
    "submit_answer",
    "summary",
    "view",
    "write_atomic",
]
