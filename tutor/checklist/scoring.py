"""Score a checklist run: the outcome of every question, the band and the ordered next steps."""

from __future__ import annotations

from tutor.checklist.models import Checklist
from tutor.checklist.priority import mark_urgent
from tutor.checklist.result import (
    ActionSource,
    ChecklistResult,
    ItemOutcome,
    SectionScore,
)
from tutor.checklist.state import ChecklistState


def item_outcomes(checklist: Checklist, state: ChecklistState) -> list[ItemOutcome]:
    """Status and answer text of every question, in checklist order."""
    return [
        ItemOutcome(
            item=item,
            status=state.status_of(item.no),
            answer=state.answers[item.no].shown if item.no in state.answers else "",
        )
        for item in checklist.items
    ]


def evaluate(checklist: Checklist, state: ChecklistState, actions: ActionSource) -> ChecklistResult:
    """Score the run: unanswered, skipped and unclear questions all count as not "Ja".

    Next steps cover every question answered "Nein"/unklar or skipped, in the guide's phase
    order with the three most urgent marked; questions left open by an early "Ergebnis" are
    only counted, since the user has not said anything about them.
    """
    outcomes = item_outcomes(checklist, state)
    score = sum(o.status == "ja" for o in outcomes)
    sections = [
        SectionScore(
            section=name,
            ja=sum(o.status == "ja" for o in outcomes if o.item.section == name),
            total=sum(o.item.section == name for o in outcomes),
        )
        for name in checklist.sections
    ]
    to_improve = [o for o in outcomes if o.status not in ("ja", "offen")]
    steps = mark_urgent(actions.next_steps(to_improve))
    return ChecklistResult(
        score=score,
        max_score=checklist.max_score,
        band=checklist.band_for(score),
        sections=sections,
        outcomes=outcomes,
        next_steps=steps,
        finished_early=state.finished_early,
        unanswered=sum(o.status == "offen" for o in outcomes),
        bands=list(checklist.bands),
    )
