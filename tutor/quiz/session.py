"""The learner's quiz: one question after another, immediate feedback, a score at the end.

All state lives in :class:`QuizSession`, a plain pydantic model (``model_dump_json`` /
``model_validate_json``) that the web app keeps per user session and a database can store.
The functions here never mutate a session; they return the next one.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from tutor.prompts import render
from tutor.quiz.generate import QuizGenerator
from tutor.quiz.grading import Grade, Grader, choose, grade_answer, option_letters
from tutor.quiz.models import QuestionType, QuizError, QuizItem, QuizScope, QuizSet, SourceRef
from tutor.quiz.validate import true_false


class AnswerRecord(BaseModel):
    """What the learner answered to one item and whether it was right."""

    item_id: str
    given: str
    correct: bool


class QuestionView(BaseModel):
    """What the UI shows for the current question (no answer in it)."""

    number: int
    total: int
    type: QuestionType
    question: str
    options: list[str]
    letters: list[str]


class Feedback(BaseModel):
    """Immediate feedback: right/wrong, the right answer, explanation and cited source, a
    note when a free-text answer was counted as equivalent, and the running score."""

    correct: bool
    message: str
    correct_answer: str
    explanation: str
    location: str
    quote: str
    finished: bool
    note: str = ""  # "Ihre Antwort „Rangliste“ wurde als gleichwertig … gewertet (…)."
    right_so_far: int = 0
    answered: int = 0
    total: int = 0


class SectionToReview(BaseModel):
    """A section the learner should re-read (it holds the source of a wrong answer)."""

    location: str
    module: int | None
    section: str | None
    wrong: int


class QuizSummary(BaseModel):
    """Score and the sections to re-read."""

    correct: int
    total: int
    percent: int
    message: str
    review: list[SectionToReview] = Field(default_factory=list)
    review_message: str = ""


class QuizSession(BaseModel):
    """One learner's run through a quiz set."""

    scope: QuizScope
    seed: int | None = None
    items: list[QuizItem]
    answers: list[AnswerRecord] = Field(default_factory=list)

    @property
    def position(self) -> int:
        """Index of the current question (= number of answers given)."""
        return len(self.answers)

    @property
    def finished(self) -> bool:
        """All questions answered."""
        return self.position >= len(self.items)

    def current(self) -> QuizItem | None:
        """The question to answer next, or None when the quiz is over."""
        return None if self.finished else self.items[self.position]


def parse_scope(choice: str | int | None, source: str | None = None) -> QuizScope:
    """'gemischt' / None → all modules; 3, '3' or 'Modul 3' → module 3; or a document."""
    if source:
        return QuizScope(source=source)
    if choice is None or str(choice).strip().lower() in {"", "gemischt", "alle"}:
        return QuizScope()
    digits = "".join(ch for ch in str(choice) if ch.isdigit())
    if not digits:
        raise QuizError(render("quiz", "fehler.modul_ungueltig", wert=choice))
    return QuizScope(module=int(digits))


def start_quiz(
    generator: QuizGenerator,
    scope: QuizScope,
    count: int = 10,
    types: list[QuestionType] | None = None,
    seed: int | None = None,
) -> QuizSession:
    """Generate a validated set for the scope and start a session on it."""
    result = generator.generate(scope, count, types or ["mc", "tf", "cloze"], seed)
    if not result.quiz.items:
        raise QuizError(render("quiz", "fehler.keine", bereich=scope.label()))
    return session_for(result.quiz)


def session_for(quiz: QuizSet) -> QuizSession:
    """A fresh session on an existing set (e.g. one a trainer prepared)."""
    return QuizSession(scope=quiz.scope, seed=quiz.seed, items=list(quiz.items))


def view(session: QuizSession) -> QuestionView | None:
    """The current question as the UI shows it; None when the quiz is over."""
    item = session.current()
    if item is None:
        return None
    return QuestionView(
        number=session.position + 1,
        total=len(session.items),
        type=item.type,
        question=item.question,
        options=list(item.options),
        letters=option_letters(item.options),
    )


def submit_answer(
    session: QuizSession, given: str, grader: Grader | None = None
) -> tuple[QuizSession, Feedback]:
    """Grade the answer to the current question; return the next session and feedback.

    Unreadable input ("", "E" for four options, "vielleicht") raises QuizError with a German
    hint and does not count as an answer. ``grader`` judges free text against the course's
    vocabulary (synonyms, other concepts); without one only spelling variants count.
    """
    item = session.current()
    if item is None:
        raise QuizError(render("quiz", "rueckmeldung.beendet"))
    if not given.strip():
        raise QuizError(render("quiz", "rueckmeldung.leer"))
    if item.type == "mc" and choose(item, given) is None:
        letters = option_letters(item.options)
        raise QuizError(
            render("quiz", "rueckmeldung.ungueltig_mc", erste=letters[0], letzte=letters[-1])
        )
    if item.type == "tf" and choose(item, given) is None:
        raise QuizError(render("quiz", "rueckmeldung.ungueltig_tf"))
    grade = grade_answer(item, given, grader)
    record = AnswerRecord(item_id=item.item_id, given=given.strip(), correct=grade.correct)
    nxt = session.model_copy(update={"answers": [*session.answers, record]})
    feedback = _feedback(item, grade, given.strip(), nxt)
    return nxt, feedback


def feedback_message(item: QuizItem, correct: bool) -> str:
    """'Richtig!', 'Richtig – die Aussage stimmt nicht.', 'Falsch – die Aussage stimmt.',
    'Leider falsch. Richtig ist: …' (a true/false item never answers "Richtig ist: Falsch")."""
    if item.type == "tf":
        true = item.answer == true_false()[0]
        key = ("richtig_" if correct else "falsch_") + ("wahr" if true else "falsch")
        return render("quiz", f"rueckmeldung.{key}")
    if correct:
        return render("quiz", "rueckmeldung.richtig")
    return render("quiz", "rueckmeldung.falsch", antwort=item.answer)


def grade_note(item: QuizItem, grade: Grade, given: str) -> str:
    """Why a free-text answer counted as equivalent, or which other concept it names."""
    if grade.correct and grade.equivalent:
        reason = render("quiz", f"gleichwertig.{grade.equivalent}")
        return render(
            "quiz", "rueckmeldung.gleichwertig", eingabe=given, antwort=item.answer, grund=reason
        )
    if not grade.correct and grade.other_concept:
        return render("quiz", "rueckmeldung.anderer_begriff", eingabe=given, antwort=item.answer)
    return ""


def _feedback(item: QuizItem, grade: Grade, given: str, session: QuizSession) -> Feedback:
    source: SourceRef = item.source
    return Feedback(
        correct=grade.correct,
        message=feedback_message(item, grade.correct),
        correct_answer=item.answer,
        explanation=item.explanation,
        location=source.location(),
        quote=source.quote_line(),
        finished=session.finished,
        note=grade_note(item, grade, given),
        right_so_far=sum(1 for a in session.answers if a.correct),
        answered=len(session.answers),
        total=len(session.items),
    )


def summary(session: QuizSession) -> QuizSummary:
    """Score so far and the sections of wrong answers, most mistakes first."""
    by_id = {it.item_id: it for it in session.items}
    right = sum(1 for a in session.answers if a.correct)
    total = len(session.items)
    percent = round(100 * right / total) if total else 0
    review: dict[str, SectionToReview] = {}
    for record in session.answers:
        item = by_id.get(record.item_id)
        if record.correct or item is None:
            continue
        where = _section_location(item)
        entry = review.setdefault(
            where,
            SectionToReview(location=where, module=item.module, section=item.section, wrong=0),
        )
        entry.wrong += 1
    ordered = sorted(review.values(), key=lambda r: (-r.wrong, r.location))
    return QuizSummary(
        correct=right,
        total=total,
        percent=percent,
        message=render(
            "quiz", "rueckmeldung.ergebnis", richtig=right, gesamt=total, prozent=percent
        ),
        review=ordered,
        review_message=render(
            "quiz", "rueckmeldung.nachlesen" if ordered else "rueckmeldung.alles_richtig"
        ),
    )


def _section_location(item: QuizItem) -> str:
    """'Modul 3 „…“, Abschnitt „…“' without the quote."""
    return item.source.location()
