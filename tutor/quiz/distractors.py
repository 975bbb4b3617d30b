"""Wrong options from the same course material: sibling items of other lists, other figures,
other defined terms and descriptions — ranked for plausibility, drawn with the seeded RNG.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tutor.quiz.facts import MAX_OPTION_CHARS, FactBook, Figure
from tutor.quiz.textnorm import ARTICLES, content_stems, near_duplicate, shape, words

SHORT_TERM_WORDS = 4
MAX_DESCRIPTION_CHARS = 100
TOP_K = 8
PART_LETTERS = 5  # candidates kept after ranking; the RNG draws among them


@dataclass(frozen=True)
class Option:
    """A possible wrong option and where it comes from."""

    text: str
    chunk_id: str
    style: str  # label | item | term | desc | pred | figure
    group: str  # options of one list or definition share a group


def compound_parts(text: str) -> set[str]:
    """First and last five letters of each content word: German compounds that share a part
    ("Maschinendaten", "Datenverfügbarkeit") look related to a reader."""
    out: set[str] = set()
    for word in words(text):
        if len(word) >= PART_LETTERS and word not in ARTICLES and not word.isdigit():
            out.update({"<" + word[:PART_LETTERS], word[-PART_LETTERS:] + ">"})
    return out


def _figure_text(figure: Figure, number: str) -> str:
    return f"{number} {figure.unit}" if figure.unit != "%" else f"{number} %"


class DistractorPools:
    """Every option-sized text of the whole material, by kind, for drawing distractors."""

    def __init__(self, book: FactBook) -> None:
        self.items: list[Option] = []
        self.terms: list[Option] = []
        self.descriptions: list[Option] = []
        self.predicates: list[Option] = []
        self.figures: list[tuple[float, Option]] = []
        self.words: list[Option] = []
        for st in book.statements:
            group = f"{st.chunk.chunk_id}:{st.term}"
            self.words.append(Option(st.term, st.chunk.chunk_id, "word", group))
        for e in book.enumerations:
            for it in e.items:
                if len(it.text) > MAX_OPTION_CHARS:
                    continue
                style = "label" if it.label else "item"
                self.items.append(Option(it.text, e.chunk.chunk_id, style, e.key))
                if it.label and len(it.label.split()) <= SHORT_TERM_WORDS:
                    self.terms.append(Option(it.label, e.chunk.chunk_id, "label", e.key))
                if it.description and len(it.description) <= MAX_DESCRIPTION_CHARS:
                    desc = it.description.rstrip(".")
                    self.descriptions.append(Option(desc, e.chunk.chunk_id, "desc", e.key))
        for d in book.definitions:
            group = f"{d.chunk.chunk_id}:{d.term}"
            if d.form in {"bezeichnet", "sogenannt", "also", "klammer"}:
                self.terms.append(Option(d.term, d.chunk.chunk_id, "term", group))
            if d.description and len(d.description) <= MAX_DESCRIPTION_CHARS:
                self.descriptions.append(Option(d.description, d.chunk.chunk_id, "desc", group))
                if d.form == "also":
                    self.predicates.append(Option(d.description, d.chunk.chunk_id, "pred", group))
            if d.form == "ist":
                self.predicates.append(Option(d.term, d.chunk.chunk_id, "pred", group))
        for f in book.figures:
            value = float(f.number.replace(",", "."))
            option = Option(_figure_text(f, f.number), f.chunk.chunk_id, "figure", f.sentence)
            self.figures.append((value, option))

    def draw(
        self,
        pool: list[Option],
        k: int,
        rng: random.Random,
        correct: str,
        allowed: Callable[[Option], bool],
        style: str | None = None,
        topic: frozenset[str] = frozenset(),
        like: Sequence[str] = (),
    ) -> list[Option]:
        """``k`` plausible wrong options, then random among the best :data:`TOP_K`.

        Ranked by: same style (label/term/…), same shape as the right answer (sentence,
        infinitive phrase, noun phrase), words that share compound parts with ``like`` (the
        right answer and its siblings: "Datenverfügbarkeit" next to "Maschinendaten"), words
        from the question's module (``topic``), similar length. Never two near-duplicates,
        never one the caller forbids (e.g. a second right answer).
        """
        want = shape(correct)
        parts = {p for text in (correct, *like) for p in compound_parts(text)}

        def rank(o: Option) -> tuple[int, int, float, float, float, str]:
            stems = content_stems(o.text)
            affinity = sum(1 for s in stems if s in topic) / len(stems) if stems else 0.0
            own = compound_parts(o.text)
            kinship = len(own & parts) / len(own) if own else 0.0
            return (
                0 if style is None or o.style == style else 1,
                0 if shape(o.text) == want else 1,
                -round(kinship * 4) / 4,
                -round(affinity * 4) / 4,
                round(abs(len(o.text) - len(correct)) / max(len(correct), 1), 1),
                o.text,
            )

        return _pick(sorted(pool, key=rank), k, rng, correct, allowed)

    def draw_figures(
        self,
        k: int,
        rng: random.Random,
        figure: Figure,
        allowed: Callable[[Option], bool],
    ) -> list[Option]:
        """``k`` other percentages of the course, closest in value first."""
        value = float(figure.number.replace(",", "."))
        ranked = [
            Option(_figure_text(figure, o.text.split()[0]), o.chunk_id, o.style, o.group)
            for v, o in sorted(self.figures, key=lambda p: (abs(p[0] - value), p[1].text))
            if v != value
        ]
        return _pick(ranked, k, rng, figure.span, allowed, top=max(k + 2, 5))


def _pick(
    ranked: list[Option],
    k: int,
    rng: random.Random,
    correct: str,
    allowed: Callable[[Option], bool],
    top: int = TOP_K,
) -> list[Option]:
    chosen: list[Option] = []
    shortlist: list[Option] = []
    for option in ranked:
        if near_duplicate(option.text, correct) or not allowed(option):
            continue
        if any(near_duplicate(option.text, s.text) for s in shortlist):
            continue
        shortlist.append(option)
        if len(shortlist) >= max(top, k):
            break
    if len(shortlist) < k:
        return []
    chosen = rng.sample(shortlist, k)
    return chosen
