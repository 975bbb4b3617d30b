"""Applying a scale: which band of a score scale a score lands in ("17 von 29
Ja-Antworten: welche Einschätzung?"), which named time span a duration falls into
("18 Monate: mittelfristig?")."""

from __future__ import annotations

from tutor.prompts import render
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    BuildRun,
    Candidate,
    mc_options,
    nested,
    place,
    section_key,
)
from tutor.quiz.models import QuizItem
from tutor.quiz.rules import BandRule, SpanRule
from tutor.retrieval.corpus import IndexedChunk

OPTIONS = 4


class ScaleBuilder:
    """Candidates from the score scales and time spans of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """Scale questions whose scale stands in the scope."""
        out: list[Candidate] = []
        for span in self.ctx.book.spans:
            if span.chunk.chunk_id in chunk_ids:
                sec, cid = section_key(span.chunk), span.chunk.chunk_id
                cand = Candidate("mc", "rule", span.key, sec, cid, self._span(span), span.key)
                out.append(cand)
        for rule in self.ctx.book.bands:
            if rule.chunk.chunk_id in chunk_ids:
                sec, cid = section_key(rule.chunk), rule.chunk.chunk_id
                out.append(
                    Candidate("mc", "rule", rule.key, sec, cid, self._band(rule, "mc"), rule.key)
                )
                out.append(
                    Candidate("tf", "rule", rule.key, sec, cid, self._band(rule, "tf"), rule.key)
                )
        return out

    def _item(
        self,
        *,
        qtype: str,
        chunk: IndexedChunk,
        quote: str,
        question: str,
        answer: str,
        options: list[str],
        explanation: str,
        subject: str,
        right: list[str],
        shown: str = "",
    ) -> QuizItem:
        return self.ctx.item(
            type=qtype,  # type: ignore[arg-type]  # "mc" or "tf"
            family="rule",
            form="regel_band",
            chunk=chunk,
            quote=quote,
            question=question,
            options=options,
            answer=answer,
            fact=right[0],
            shown=shown,
            explanation=explanation,
            subject=subject,
            right=right,
        )

    def _span(self, rule: SpanRule) -> Builder:
        """Multiple choice over the named spans ("Ein Ziel soll in 18 Monaten erreicht sein:
        welcher Zeithorizont?"), with a duration inside a span, never on its edge — an edge
        value tests the reading of "3–6" rather than the idea of the horizons."""

        def build(run: BuildRun) -> QuizItem | None:
            if len(rule.spans) < 3:
                return None
            band = run.rng.choice(rule.spans)
            inside = interior_duration(band.low, band.high)
            if inside is None:
                return None
            months, dauer = inside
            names = [b.text for b in rule.spans]
            question = render("quiz", "frage.regel_spanne", ort=place(rule.chunk), dauer=dauer)
            explanation = render(
                "quiz",
                "erklaerung.regel_spanne",
                dauer=dauer,
                antwort=nested(band.text),
                ort=self.ctx.where(rule.chunk, rule.sentence),
                zitat=nested(rule.sentence),
            )
            wrong = [n for n in names if n != band.text][: OPTIONS - 1]
            return self._item(
                qtype="mc",
                chunk=rule.chunk,
                quote=rule.sentence,
                question=question,
                answer=band.text,
                options=mc_options(band.text, wrong, run.rng),
                explanation=explanation,
                subject=f"{rule.key}|{months}",
                right=[band.text],
            )

        return build

    def _band(self, rule: BandRule, qtype: str) -> Builder:
        """A score on the edge between two bands ("24 von 29"): a score in the middle of a
        band, or near the top or bottom of the scale, is answered by picking the most
        positive or negative band without knowing the scale (review round 4, issue #19)."""

        def build(run: BuildRun) -> QuizItem | None:
            edges = edge_scores(rule)
            if not edges:
                return None
            score = run.rng.choice(edges)
            band = rule.band(score)
            if band is None:
                return None
            shown = band.text
            truth = qtype == "mc" or run.rng.random() < 0.5
            if not truth:
                shown = run.rng.choice([b.text for b in rule.bands if b is not band])
            values = {
                "ort": place(rule.chunk),
                "punkte": str(score),
                "maximum": str(rule.maximum),
                "einheit": rule.unit,
            }
            if qtype == "mc":
                question = render("quiz", "frage.regel_band", **values)
                wrong = [b.text for b in rule.bands if b is not band][: OPTIONS - 1]
                options, answer = mc_options(band.text, wrong, run.rng), band.text
            else:
                question = render(
                    "quiz", "frage.regel_band_tf", einschaetzung=nested(shown), **values
                )
                options, answer = ["Wahr", "Falsch"], "Wahr" if truth else "Falsch"
            explanation = render(
                "quiz",
                "erklaerung.regel_band",
                punkte=str(score),
                von=str(band.low),
                bis=str(band.high),
                antwort=nested(band.text),
                ort=self.ctx.where(rule.chunk, rule.quote),
                zitat=nested(rule.quote),
            )
            return self._item(
                qtype=qtype,
                chunk=rule.chunk,
                quote=rule.quote,
                question=question,
                answer=answer,
                options=options,
                explanation=explanation,
                subject=f"{rule.key}|{score}",
                right=[band.text],
                shown=shown,
            )

        return build


def edge_scores(rule: BandRule) -> list[int]:
    """The scores on either side of every border between two bands of ``rule``, ascending."""
    out: set[int] = set()
    for band in rule.bands:
        for other in rule.bands:
            if other.low == band.high + 1:
                out.update({band.high, other.low})
    return sorted(out)


def interior_duration(low: int, high: int) -> tuple[int, str] | None:
    """A duration strictly inside ``low``–``high`` months: (months, German text) — "4 Jahren"
    when a whole number of years fits inside, else "18 Monaten"; None when there is no inside."""
    years = [y for y in range(2, high // 12 + 1) if low < 12 * y < high]  # not "1 Jahren"
    if years:
        year = years[len(years) // 2]
        return 12 * year, render("quiz", "dauer.jahre", anzahl=str(year))
    if high - low < 2:
        return None
    months = (low + high) // 2
    return months, render("quiz", "dauer.monate", anzahl=str(months))
