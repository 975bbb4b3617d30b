"""Definition ↔ term across the course (:mod:`tutor.quiz.build_terms`): a term the running text
defines ("sogenannte 'digitale Zwillinge' – virtuelle Abbilder …", "die Conversion-Rate – also
der Anteil der Besucher …") is asked against the *other defined terms of the whole material*
when its own module defines too few. Defined terms are one kind by construction (concepts the
course introduces and explains), so another module's term is a plausible option to a learner
who did not study — unlike a list label or a list point of another module, which stays barred
(:data:`tutor.quiz.build_common.MAX_REACH`).

e5 on two bare terms says nothing (any two short German phrases score 0.80–0.90), so a wrong
term is judged by the text's own definitions (:func:`other_concept`), as the validator judges
"begriff" items (:meth:`tutor.quiz.forms.FormChecks._terms`).
"""

from __future__ import annotations

from tutor.quiz.build_common import BuildContext, BuildRun, capital
from tutor.quiz.distractors import MAX_DESCRIPTION_CHARS, Option
from tutor.quiz.models import RejectReason
from tutor.quiz.terms import TermFact
from tutor.quiz.truth import TruthCheck

ANYWHERE = 3  # BuildContext.locality: the whole material


def defined_meanings(facts: list[TermFact]) -> list[Option]:
    """Noun-phrase definitions ("eine Übersicht über alle verfügbaren Daten") of defined terms:
    the same form as the asked one; sentences would mix forms (see option_checks)."""
    return [
        Option(capital(f.meaning.rstrip(".")), f.chunk.chunk_id, "desc", f.group, f.term)
        for f in facts
        if not f.in_list and f.np and len(f.meaning) <= MAX_DESCRIPTION_CHARS
    ]


def other_concept(truth: TruthCheck, option: Option, f: TermFact) -> RejectReason | None:
    """Why the defined term ``option`` must not stand beside ``f`` (None: another concept).

    It is another concept when its wording is not the key's, its own definition
    (``option.origin``) is no paraphrase of the asked one, neither definition names the
    other term, and no sentence of the material states the option about the asked meaning."""
    if truth.worded_alike(option.text, f.term):
        return RejectReason.DISTRACTOR_PARAPHRASE
    meaning = f.meaning.rstrip(".")
    # e5 reads "… sein." and "… sein" a little apart: refuse if either form overlaps
    if truth.overlaps(option.origin.rstrip("."), meaning) or truth.overlaps(
        option.origin, f.meaning
    ):
        return RejectReason.DISTRACTOR_PARAPHRASE
    if truth.about(meaning, option.text) or truth.about(option.origin, f.term):
        return RejectReason.DISTRACTOR_TRUE
    if truth.stated_about(option.text, meaning, skip=[f.term]):
        return RejectReason.DISTRACTOR_TRUE
    return None


def pick_defined(
    ctx: BuildContext,
    pool: list[Option],
    f: TermFact,
    k: int,
    picked: list[Option],
    run: BuildRun,
    asks_term: bool,
) -> list[Option]:
    """``k`` defined terms (``asks_term``) or noun-phrase definitions from anywhere in the
    material, none already ``picked``: the fallback when a defined term's own module
    defines too few others. Definitions keep the default truth check (their e5 is
    calibrated); terms are judged by :func:`other_concept`."""
    return ctx.pick(
        pool,
        k,
        run,
        key=f.term if asks_term else capital(f.meaning.rstrip(".")),
        right=[f.term] if asks_term else [f.meaning],
        subject=f.meaning if asks_term else f.term,
        group=f.group,
        home=f.chunk,
        shown=f.shown if asks_term else "",
        reach=ANYWHERE,
        band=1.0,  # one kind by construction: every defined term is a fair option
        safe=lambda o: o.text not in {p.text for p in picked},
        verify=(lambda o: other_concept(ctx.truth, o, f)) if asks_term else None,
        twins=ctx.truth.worded_alike if asks_term else None,
    )
