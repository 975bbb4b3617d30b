"""A learner's progress from the stored attempts: per-module scores, weak sections, next step.

Pure functions over typed records (no database, no UI), so the rules are easy to test.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.progress.models import (
    AttemptRecord,
    ModuleProgress,
    ProgressReport,
    SavedChecklist,
    Suggestion,
    WeakSection,
)

PASS_PERCENT = 70  # below this last result a module counts as weak
TOP_SECTIONS = 5


def module_progress(
    attempts: Sequence[AttemptRecord], modules: dict[int, str]
) -> list[ModuleProgress]:
    """Best and last score per module, in course order (module number).

    ``modules`` are the course modules from the index (number → title); modules that only
    occur in old attempts are listed too. Mixed quizzes do not count for a single module.
    """
    titles = dict(modules)
    for attempt in attempts:
        if attempt.module is not None:
            titles.setdefault(attempt.module, attempt.scope)
    result = []
    for number in sorted(titles):
        own = [a for a in attempts if a.module == number]
        last = max(own, key=lambda a: (a.finished_at, a.id)) if own else None
        result.append(
            ModuleProgress(
                module=number,
                title=titles[number],
                attempts=len(own),
                best_percent=max((a.percent for a in own), default=None),
                last_percent=last.percent if last else None,
                last_at=last.finished_at if last else None,
            )
        )
    return result


def weak_sections(attempts: Sequence[AttemptRecord], top: int = TOP_SECTIONS) -> list[WeakSection]:
    """Sections whose questions were answered wrong most often (all quizzes, mixed included)."""
    counts: dict[str, WeakSection] = {}
    for attempt in attempts:
        for answer in attempt.answers:
            entry = counts.setdefault(
                answer.location,
                WeakSection(location=answer.location, module=answer.module, wrong=0, answered=0),
            )
            entry.answered += 1
            entry.wrong += 0 if answer.correct else 1
    ranked = sorted(
        (s for s in counts.values() if s.wrong),
        key=lambda s: (-s.wrong, -s.wrong / s.answered, s.location),
    )
    return ranked[:top]


def suggest(
    progress: Sequence[ModuleProgress], pass_percent: int = PASS_PERCENT
) -> Suggestion | None:
    """What to do next: the weakest started module below ``pass_percent`` (earlier module on
    a tie); else the first module not started yet (course order); else the weakest module to
    revise. None when there are no modules at all."""
    weak = [m for m in progress if m.started and (m.last_percent or 0) < pass_percent]
    if weak:
        pick = min(weak, key=lambda m: (m.last_percent or 0, m.module))
        return Suggestion(
            module=pick.module, title=pick.title, reason="schwach", percent=pick.last_percent
        )
    fresh = [m for m in progress if not m.started]
    if fresh:
        first = fresh[0]
        return Suggestion(module=first.module, title=first.title, reason="neu")
    if not progress:
        return None
    pick = min(progress, key=lambda m: (m.last_percent or 0, m.module))
    return Suggestion(
        module=pick.module, title=pick.title, reason="wiederholen", percent=pick.last_percent
    )


def build_report(
    attempts: Sequence[AttemptRecord],
    modules: dict[int, str],
    open_checklist: SavedChecklist | None = None,
    last_checklist: SavedChecklist | None = None,
) -> ProgressReport:
    """The whole "Mein Fortschritt" view for one learner."""
    per_module = module_progress(attempts, modules)
    return ProgressReport(
        modules=per_module,
        mixed_attempts=sum(1 for a in attempts if a.module is None),
        weak_sections=weak_sections(attempts),
        suggestion=suggest(per_module),
        total_attempts=len(attempts),
        open_checklist=open_checklist,
        last_checklist=last_checklist,
    )
