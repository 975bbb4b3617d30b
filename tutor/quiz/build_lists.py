"""Questions from enumerations: "Welcher Punkt wird genannt?", "… NICHT genannt?", true/false
membership, and label ↔ description for 'Label: Erläuterung' lists."""

from __future__ import annotations

import random

from tutor.prompts import render
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    Candidate,
    mc_options,
    nested,
    origin,
    place,
    section_key,
)
from tutor.quiz.distractors import Option
from tutor.quiz.facts import GAP, MAX_OPTION_CHARS, Enumeration, ListItem
from tutor.quiz.models import QuizItem
from tutor.quiz.validate import second_correct

MAX_LABEL_WORDS = 3


def _stem(e: Enumeration, key: str, avoid: list[str], **values: str) -> str | None:
    """The stem with the list's intro, or naming its section; None if neither is possible
    (no intro, and the section title would give the answer away)."""
    where = place(e.chunk, avoid)
    if e.intro:
        return render("quiz", f"frage.{key}", ort=where, einleitung=nested(e.intro), **values)
    if where == place(e.chunk, []):
        return render("quiz", f"frage.{key}_ohne", ort=where, **values)
    return None


def _item_quote(e: Enumeration, it: ListItem) -> str:
    """The intro and the one item a question is about (verbatim lines)."""
    return "\n".join(([e.intro] if e.intro else []) + [f"- {it.line}"])


class ListBuilder:
    """Candidates from every list of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def candidates(self, e: Enumeration) -> list[Candidate]:
        """All questions one list can yield (lazily built)."""
        out: list[Candidate] = []
        sec = section_key(e.chunk)
        usable = [it for it in e.items if len(it.text) <= MAX_OPTION_CHARS]
        for it in usable:
            key = f"{e.key}|{it.text}"
            out.append(Candidate("mc", "enumeration", key, sec, 0, self._liste_fn(e, it)))
            out.append(Candidate("tf", "enumeration", key, sec, 0, self._liste_tf_fn(e, it)))
            if e.labelled and it.label and it.description:
                out.append(Candidate("mc", "definition", key, sec, 0, self._desc_fn(e, it)))
                out.append(Candidate("tf", "definition", key, sec, 0, self._desc_tf_fn(e, it)))
                if len(it.label.split()) <= MAX_LABEL_WORDS:
                    out.append(
                        Candidate("cloze", "definition", key, sec, 0, self._desc_cloze_fn(e, it))
                    )
        if len(usable) >= 3:
            out.append(Candidate("mc", "enumeration", f"{e.key}|NICHT", sec, 0, self._nicht_fn(e)))
        return out

    def _wrong(self, e: Enumeration, correct: str, k: int, rng: random.Random) -> list[Option]:
        style = "label" if e.labelled else "item"
        allowed = self.ctx.foreign("liste", e.chunk, e.quote, correct, e.key)
        like = [it.text for it in e.items]
        pool = self.ctx.pools.items
        return self.ctx.draw(pool, k, rng, correct, allowed, e.chunk, style, like)

    def _liste_fn(self, e: Enumeration, it: ListItem) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            wrong = self._wrong(e, it.text, 3, rng)
            if not wrong:
                return None
            quote = _item_quote(e, it)
            question = _stem(e, "liste", [it.text])
            if question is None:
                return None
            return self.ctx.item(
                type="mc",
                kind="enumeration",
                form="liste",
                chunk=e.chunk,
                quote=quote,
                question=question,
                options=mc_options(it.text, [o.text for o in wrong], rng),
                answer=it.text,
                fact=it.text,
                explanation=self.ctx.explain_right(e.chunk, quote, it.text),
                distractor_sources=[o.chunk_id for o in wrong],
            )

        return build

    def _nicht_fn(self, e: Enumeration) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            usable = [it.text for it in e.items if len(it.text) <= MAX_OPTION_CHARS]
            inside = rng.sample(usable, 3)
            foreign = self._wrong(e, inside[0], 1, rng)
            if not foreign:
                return None
            answer = foreign[0].text
            question = _stem(e, "liste_nicht", [answer])
            if question is None:
                return None
            explanation = render(
                "quiz",
                "erklaerung.nicht",
                antwort=nested(answer),
                herkunft=origin(self.ctx.material, foreign[0].chunk_id),
                ort=self.ctx.explain_place(e.chunk, e.quote),
                zitat=nested(e.quote),
            )
            return self.ctx.item(
                type="mc",
                kind="enumeration",
                form="liste_nicht",
                chunk=e.chunk,
                quote=e.quote,
                question=question,
                options=mc_options(answer, inside, rng),
                answer=answer,
                fact=inside[0],
                explanation=explanation,
                distractor_sources=[foreign[0].chunk_id],
            )

        return build

    def _liste_tf_fn(self, e: Enumeration, it: ListItem) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            truth = rng.random() < 0.5
            shown, sources = it.text, []
            if not truth:
                wrong = self._wrong(e, it.text, 1, rng)
                if not wrong:
                    return None
                shown, sources = wrong[0].text, [wrong[0].chunk_id]
            quote = _item_quote(e, it) if truth else e.quote
            question = _stem(e, "liste_tf", [shown], punkt=nested(shown))
            if question is None:
                return None
            if truth:
                explanation = self.ctx.explain_tf(e.chunk, quote, True, "")
            else:
                explanation = render(
                    "quiz",
                    "erklaerung.liste_falsch",
                    punkt=nested(shown),
                    herkunft=origin(self.ctx.material, sources[0]),
                    ort=self.ctx.explain_place(e.chunk, quote),
                    zitat=nested(quote),
                )
            return self.ctx.tf_item(
                kind="enumeration",
                form="liste",
                chunk=e.chunk,
                quote=quote,
                question=question,
                truth=truth,
                fact=it.text,
                shown=shown,
                explanation=explanation,
                distractor_sources=sources,
            )

        return build

    def _labels(self, e: Enumeration, it: ListItem, k: int, rng: random.Random) -> list[str]:
        """Wrong labels: siblings of the same list first, then labels of other lists."""
        quote = _item_quote(e, it)
        label = it.label or it.text
        siblings = [s.label for s in e.items if s.label and s is not it]
        ok = [
            s
            for s in siblings
            if not second_correct(self.ctx.material, "beschreibung", s, e.chunk, quote, label)
        ]
        picked = rng.sample(ok, min(k, len(ok)))
        if len(picked) < k:
            allowed = self.ctx.foreign("beschreibung", e.chunk, quote, label, e.key)
            pool = self.ctx.pools.terms
            extra = self.ctx.draw(
                pool, k - len(picked), rng, label, allowed, e.chunk, "label", siblings
            )
            if not extra:
                return []
            picked += [o.text for o in extra]
        return picked

    def _desc_fn(self, e: Enumeration, it: ListItem) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            label, desc = it.label or "", it.description or ""
            wrong = self._labels(e, it, 3, rng)
            if len(wrong) < 3:
                return None
            quote = _item_quote(e, it)
            where = place(e.chunk, [label])
            return self.ctx.item(
                type="mc",
                kind="definition",
                form="beschreibung",
                chunk=e.chunk,
                quote=quote,
                question=render("quiz", "frage.beschreibung", ort=where, beschreibung=nested(desc)),
                options=mc_options(label, wrong, rng),
                answer=label,
                fact=label,
                explanation=self.ctx.explain_right(e.chunk, quote, label),
            )

        return build

    def _desc_tf_fn(self, e: Enumeration, it: ListItem) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            label, desc = it.label or "", it.description or ""
            truth = rng.random() < 0.5
            shown = label
            if not truth:
                wrong = self._labels(e, it, 1, rng)
                if not wrong:
                    return None
                shown = wrong[0]
            quote = _item_quote(e, it)
            where = place(e.chunk, [label, shown])
            return self.ctx.tf_item(
                kind="definition",
                form="beschreibung",
                chunk=e.chunk,
                quote=quote,
                question=render(
                    "quiz",
                    "frage.beschreibung_tf",
                    ort=where,
                    begriff=nested(shown),
                    beschreibung=nested(desc),
                ),
                truth=truth,
                fact=label,
                shown=shown,
            )

        return build

    def _desc_cloze_fn(self, e: Enumeration, it: ListItem) -> Builder:
        def build(rng: random.Random) -> QuizItem | None:
            del rng  # nothing to draw: the gap has one answer
            label, desc = it.label or "", it.description or ""
            quote = _item_quote(e, it)
            where = place(e.chunk, [label])
            return self.ctx.item(
                type="cloze",
                kind="definition",
                form="beschreibung",
                chunk=e.chunk,
                quote=quote,
                question=render(
                    "quiz",
                    "frage.beschreibung_cloze",
                    ort=where,
                    luecke=GAP,
                    beschreibung=nested(desc),
                ),
                answer=label,
                fact=label,
                explanation=self.ctx.explain_gap(e.chunk, quote, label),
            )

        return build
