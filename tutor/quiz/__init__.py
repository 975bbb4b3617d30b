"""Quiz: questions built from the structure of the course material (lists, definitions,
ordered steps, case studies, categories, rules), every wrong option checked against the whole
material, for learners (:mod:`tutor.quiz.session`) and trainers (exports, editing). An LLM can
draft questions (opt-in); its drafts pass the same validator.

Flow: chunks → :mod:`facts` (+ definitions, cases, steps, rules) → builders (``build_*``) →
:mod:`validate` (with :mod:`truth`, :mod:`forms`, :mod:`german`) → :class:`QuizSet` →
session (graded by :mod:`grading`) / exports.
"""

from tutor.quiz.edit import delete_item, edit_item, regenerate_item
from tutor.quiz.exports import FORMATS, export, from_json, write_atomic
from tutor.quiz.generate import QuizGenerator
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
