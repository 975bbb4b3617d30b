"""Enumeration membership: "Welcher dieser Punkte steht laut Modul 3 in der Aufzählung
„…“?" and the same with "NICHT". Wrong options are items of other lists of the same module (or
document) — points of the same kind, not items from an unrelated corner of the material — that
the truth check accepts: no paraphrase of any member of this list, and not stated elsewhere
about the list's subject. Lists inside a sentence ("Temperatur, Vibration oder Laufzeit") and
lists without an intro that names them are not asked.

The question asks what the text names, not what could belong to an open category; for the
same reason there is no true/false form ("Dazu gehört: Mitarbeiterinformationen" invites an
argument from general knowledge that a list question must not)."""

from __future__ import annotations

from functools import cached_property

from tutor.prompts import render
from tutor.quiz.build_common import (
    BuildContext,
    Builder,
    BuildRun,
    Candidate,
    capital,
    mc_options,
    nested,
    origin,
    place,
    section_key,
)
from tutor.quiz.distractors import Option
from tutor.quiz.facts import MAX_OPTION_CHARS, Enumeration, ListItem, refers_back
from tutor.quiz.material import split_sentences
from tutor.quiz.models import QuizItem, RejectReason

MAX_INTRO_WORDS = 30
NEAR = 1  # wrong options come from the same section or module (see BuildContext.locality)
# Every wrong option is a point of another list of the same module in the same form (phrase,
# action, sentence): one kind by construction, so e5 closeness to the key does not rank it out.
SAME_KIND = 1.0


def _noun_phrase(text: str) -> bool:
    """An item of a list inside a sentence that reads as a point of its own: an attributive
    adjective and its noun ("kurze Entwicklungszyklen", "regelmäßiges Feedback"). A single
    word is often inflected by the sentence around it ("Berichten") and stays out."""
    tokens = text.split()
    return len(tokens) >= 2 and tokens[0][:1].islower() and tokens[-1][:1].isupper()


def _item_quote(e: Enumeration, it: ListItem) -> str:
    """The intro and the one item a question is about (verbatim lines)."""
    return "\n".join(([e.intro] if e.intro else []) + [f"- {it.line}"])


def lead_in(intro: str) -> str:
    """How a stem names a list: the sentence that opens it, without its colon. Earlier
    sentences, which :func:`facts._intro` takes along when the opening one is short, are
    context („Die jüngsten … einzubeziehen. Der EU AI Act führt daher:“ → „Der EU AI Act
    führt daher“); the one before stays when the opening sentence refers back to it."""
    sentences = split_sentences(intro.strip()) or [intro.strip()]
    keep = 2 if len(sentences) > 1 and refers_back(sentences[-1]) else 1
    return " ".join(sentences[-keep:]).rstrip(" :")


class ListBuilder:
    """Candidates from every list of the scope."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def _usable(self, e: Enumeration) -> list[ListItem]:
        return [it for it in e.items if len(it.text) <= MAX_OPTION_CHARS]

    def _is_tool_list(self, e: Enumeration) -> bool:
        return sum(self.ctx.is_name(it.text) for it in e.items) * 2 >= len(e.items)

    @cached_property
    def pool(self) -> list[Option]:
        """Items of every list as wrong options (origin: their list's subject)."""
        out: list[Option] = []
        for e in self.ctx.book.enumerations:
            if self._is_tool_list(e):
                continue
            style = "question" if e.questions else ("label" if e.labelled else "item")
            heading = e.chunk.section or e.chunk.chapter or ""
            for it in self._usable(e):
                if e.inline and not _noun_phrase(it.text):
                    continue  # an inflected fragment of a sentence ("Berichten") is no option
                if not self.ctx.specific(it.text):
                    continue
                origin = f"{e.subject} {heading}"
                out.append(Option(capital(it.text), e.chunk.chunk_id, style, e.key, origin))
        for unit in self.ctx.truth.units:  # questions asked in running text ("Welche …?")
            if unit.text.endswith("?") and not unit.is_item and len(unit.text) <= MAX_OPTION_CHARS:
                group = f"frage|{unit.chunk.chunk_id}|{unit.text}"
                out.append(Option(unit.text, unit.chunk.chunk_id, "question", group, unit.context))
        return out

    def candidates(self, chunk_ids: set[str]) -> list[Candidate]:
        """All questions the scope's lists can yield (lazily built)."""
        out: list[Candidate] = []
        for e in self.ctx.book.enumerations:
            if e.chunk.chunk_id not in chunk_ids or self._is_tool_list(e) or e.inline:
                continue
            if not e.intro or len(e.intro.split()) > MAX_INTRO_WORDS:
                continue
            sec, cid, g = section_key(e.chunk), e.chunk.chunk_id, e.key
            usable = self._usable(e)
            for it in usable if not e.inline else []:  # a sentence's list: only "NICHT"
                if not self.ctx.specific(it.text):
                    continue  # "Mitarbeiter", "Kunden": too general to be a key
                key = f"{e.key}|{it.text}"
                out.append(Candidate("mc", "enumeration", key, sec, cid, self._mc(e, it), g))
            if len(usable) >= 3 and not e.questions:
                key = f"{e.key}|NICHT"
                out.append(Candidate("mc", "enumeration", key, sec, cid, self._nicht(e), g))
        return out

    def _stem(self, e: Enumeration, key: str) -> str:
        intro = nested(lead_in(e.intro))
        return render("quiz", f"frage.{key}", ort=place(e.chunk), einleitung=intro)

    def _spread(self, e: Enumeration) -> float:
        """How close (e5) two distinct points of this list come: the highest similarity
        between two of its members. A foreign item closer than that to a member is taken for
        one more member (to e5 every two short points of this course look alike, so a fixed
        threshold would refuse every other list's items)."""
        texts = [it.text for it in e.items]
        sims = self.ctx.sim.matrix(texts, texts)
        return max(
            float(sims[i][j]) for i in range(len(texts)) for j in range(len(texts)) if i != j
        )

    def _not_member(self, e: Enumeration, o: Option) -> RejectReason | None:
        """A foreign list item is safe: not worded like a member (stems, shared nouns), not
        closer by e5 to a member than two members are to each other (:meth:`_spread`), and
        not stated elsewhere about the list's subject."""
        truth = self.ctx.truth
        right = [it.text for it in e.items]
        if any(
            truth.worded_alike(o.text, r) or truth.nouns(o.text) & truth.nouns(r) for r in right
        ):
            return RejectReason.DISTRACTOR_PARAPHRASE
        if self.ctx.sim.best(o.text, right) > self._spread(e):
            return RejectReason.DISTRACTOR_PARAPHRASE
        heading = e.chunk.section or e.chunk.chapter or ""
        subject = f"{e.subject} {heading}".strip()
        if o.origin and truth.about(o.origin, subject):
            return RejectReason.DISTRACTOR_TRUE
        if truth.stated_about(o.text, subject, skip=right):
            return RejectReason.DISTRACTOR_TRUE
        return None

    def check(self, item: QuizItem) -> list[RejectReason]:
        """The validator's check of a list item: every option outside the list passes
        :meth:`_not_member` (the same proof the builder used)."""
        e = next(
            (e for e in self.ctx.book.enumerations if [i.text for i in e.items] == item.right),
            None,
        )
        if e is None:
            return [RejectReason.UNSUPPORTED]
        members = {capital(t) for t in item.right}
        found = []
        for text in item.options:
            if text in members:
                continue
            if (text == item.answer) != (item.form == "liste_nicht"):
                return [RejectReason.CORRECT_COUNT]  # a non-member key, or a member as wrong
            problem = self._not_member(e, Option(text, e.chunk.chunk_id, "item", "", ""))
            if problem is not None:
                found.append(problem)
        return found

    def _wrong(self, e: Enumeration, k: int, run: BuildRun, key: str) -> list[Option]:
        questions = e.questions
        heading = e.chunk.section or e.chunk.chapter or ""
        material = self.ctx.material

        def near(o: Option) -> bool:
            kind_fits = (o.style == "question") == questions
            return kind_fits and self.ctx.locality(material.by_id[o.chunk_id], e.chunk) <= NEAR

        return self.ctx.pick(
            self.pool,
            k,
            run,
            key=capital(key),
            right=[it.text for it in e.items],
            subject=f"{e.subject} {heading}".strip(),
            group=e.key,
            home=e.chunk,
            shown=e.intro,
            safe=near,
            verify=lambda o: self._not_member(e, o),
            band=SAME_KIND,
        )

    def _mc(self, e: Enumeration, it: ListItem) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            if e.questions and not e.intro:
                return None
            wrong = self._wrong(e, 3, run, it.text)
            if not wrong:
                return None
            quote = _item_quote(e, it)
            stem_key = "liste_fragen" if e.questions else "liste"
            answer = capital(it.text)
            heading = e.chunk.section or e.chunk.chapter or ""
            return self.ctx.item(
                type="mc",
                family="enumeration",
                form="liste",
                chunk=e.chunk,
                quote=e.quote,
                question=self._stem(e, stem_key),
                options=mc_options(answer, [capital(o.text) for o in wrong], run.rng),
                answer=answer,
                fact=it.text,
                explanation=self.ctx.because("richtig", e.chunk, quote, antwort=nested(answer)),
                subject=f"{e.subject} {heading}".strip(),
                right=[i.text for i in e.items],
                distractor_sources=[o.chunk_id for o in wrong],
            )

        return build

    def _nicht(self, e: Enumeration) -> Builder:
        def build(run: BuildRun) -> QuizItem | None:
            inside = run.rng.sample([it.text for it in self._usable(e)], 3)
            foreign = self._wrong(e, 1, run, inside[0])
            if not foreign:
                return None
            answer = capital(foreign[0].text)
            explanation = render(
                "quiz",
                "erklaerung.nicht",
                antwort=nested(answer),
                herkunft=origin(self.ctx.material, foreign[0].chunk_id, e.chunk.chunk_id),
                ort=self.ctx.where(e.chunk, e.quote),
                zitat=nested(e.quote),
            )
            heading = e.chunk.section or e.chunk.chapter or ""
            return self.ctx.item(
                type="mc",
                family="enumeration",
                form="liste_nicht",
                chunk=e.chunk,
                quote=e.quote,
                question=self._stem(e, "liste_nicht"),
                options=mc_options(answer, [capital(t) for t in inside], run.rng),
                answer=answer,
                fact=inside[0],
                explanation=explanation,
                subject=f"{e.subject} {heading}".strip(),
                right=[i.text for i in e.items],
                distractor_sources=[foreign[0].chunk_id],
            )

        return build
