"""Items whose options are all points of one labelled list ("Label: description").

The author's labels set such points apart, so they are judged by their wording only: e5 puts
any two short points on one subject above the paraphrase threshold ("Anforderungen an Server
und Computer" beside "Bedarf an Datenbanken und Speichersystemen"), which left the guide's
labelled lists without questions although same-list siblings are the wrong options reviewers
rated best (review round 4 of issue #19: Nr. 5 and 21). A sibling is refused when it shares
the wording of the right point (:func:`points_alike`) or names the asked term; the item is
refused when the label is one general word ("Mitarbeiter" beside "Kunden"), or the label and
the right point share the opening of a word that no wrong option shares ("Kunden" → "Sammeln
von Kundenfeedback"), however common the word is in the material: with a label as the whole
stem a reader matches it at once; and when the asked label carries one side of an antonym
pair (``gegenteile.paare`` in ``prompts/quiz_woerter.toml``) and every other option's label the
other side, the key is the odd one out ("Chancenbewertung" among three "…risiken" points).
"""

from __future__ import annotations

from ingest.textkit import fold_for_grading
from tutor.quiz.facts import Enumeration, FactBook
from tutor.quiz.lexicon import lexicon
from tutor.quiz.models import QuizItem, RejectReason
from tutor.quiz.textnorm import ARTICLES, content_stems, normalise, words
from tutor.quiz.truth import TruthCheck


def sibling_list(book: FactBook, item: QuizItem) -> tuple[Enumeration, bool] | None:
    """The labelled list that holds the key and every option, and whether the options are
    its labels (True: "Unter welchem Punkt steht …?") or its descriptions (False); else None."""
    options = {normalise(o.rstrip(".")) for o in item.options}
    for e in book.enumerations:
        if not e.labelled:
            continue
        labels = {normalise(it.label) for it in e.items if it.label}
        texts = {normalise(it.description.rstrip(".")) for it in e.items if it.description}
        if options <= labels:
            return e, True
        if options <= texts:
            return e, False
    return None


def sibling_problems(book: FactBook, truth: TruthCheck, item: QuizItem) -> list[RejectReason]:
    """Why the options of a labelled-list item are not each one right answer (empty: fine);
    [UNSUPPORTED] when the options are not the points of one labelled list."""
    found = sibling_list(book, item)
    if found is None:
        return [RejectReason.UNSUPPORTED]
    e, as_labels = found
    if as_labels and _general_word(truth, item.answer):
        return [RejectReason.WEAK_FORM]  # "Mitarbeiter" beside "Kunden": it names no one point
    meaning = {normalise(it.label or ""): it.description or "" for it in e.items}
    key_label = normalise(item.answer) if as_labels else ""
    right = meaning.get(key_label, "") if as_labels else item.answer
    term = item.answer if as_labels else item.subject
    key_text = right if as_labels else item.answer
    wrong_texts = [
        meaning.get(normalise(o), "") if as_labels else o for o in item.options if o != item.answer
    ]
    if _openings(term) & _openings(key_text) - set().union(*map(_openings, wrong_texts)):
        return [RejectReason.ANSWER_IN_STEM]
    labels = {normalise((it.description or "").rstrip(".")): it.label or "" for it in e.items}
    wrong_labels = [
        o if as_labels else labels.get(normalise(o.rstrip(".")), "")
        for o in item.options
        if o != item.answer
    ]
    if odd_opposite(term, wrong_labels):
        return [RejectReason.ANSWER_IN_STEM]
    for option in item.options:
        if option == item.answer:
            continue
        text = meaning.get(normalise(option), "") if as_labels else option
        if points_alike(truth, text, right):
            return [RejectReason.DISTRACTOR_PARAPHRASE]
        if truth.about(text, term):
            return [RejectReason.DISTRACTOR_TRUE]
    return []


OPENING = 5  # letters of a word opening a reader matches ("Kunden" → "Kundenfeedback")
RARE_CHUNKS = 3  # a single word in at most this many chunks names something specific


def _openings(text: str) -> set[str]:
    """The openings of the content words of ``text`` (articles and short words left out)."""
    return {w[:OPENING] for w in words(text) if len(w) >= OPENING and w not in ARTICLES}


def odd_opposite(label: str, others: list[str]) -> bool:
    """``label`` carries one side of an antonym pair that it alone lacks the other side of,
    and every label of ``others`` carries that other side."""
    mine = fold_for_grading(label)
    theirs = [fold_for_grading(o) for o in others]
    for left, right in lexicon().antonyms:
        for x, y in ((left, right), (right, left)):
            if len(x) > 3 and x in mine and y not in mine and all(y in t for t in theirs):
                return True
    return False


def _general_word(truth: TruthCheck, label: str) -> bool:
    """One word found in more than :data:`RARE_CHUNKS` chunks of the material."""
    stems = content_stems(label)
    if len(label.split()) != 1 or not stems:
        return False
    return truth.material.doc_freq.get(stems[0], 0) > RARE_CHUNKS


def points_alike(truth: TruthCheck, a: str, b: str) -> bool:
    """Two points of one list a reader could take for the same: worded alike
    (:meth:`TruthCheck.worded_alike`), or a non-generic noun of one stands inside a word of
    the other ("Schutz personenbezogener Daten" / "… Daten … geschützt sind")."""
    a, b = a.rstrip("."), b.rstrip(".")
    if truth.worded_alike(a, b):
        return True
    return _noun_inside(truth, a, b) or _noun_inside(truth, b, a)


def _noun_inside(truth: TruthCheck, a: str, b: str) -> bool:
    nouns = [x for x in truth.nouns(a) if len(x) >= OPENING]
    stems = [y for y in content_stems(b) if len(y) >= OPENING and y not in truth.generic]
    return any(x in y for x in nouns for y in stems)
