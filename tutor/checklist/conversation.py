"""The KI-Readiness checklist as a conversation: one question at a time, free-text answers.

UI-free and pure: :meth:`ChecklistConversation.reply` takes a state and the user's text and
returns a :class:`Turn` with the new state, the German Markdown messages to show, progress,
citations (when a question back was answered) and the result once finished. The web app keeps
the state per session (it is plain JSON); Ja/Nein buttons simply send "ja"/"nein".
"""

from __future__ import annotations

from ingest.index import StoreError
from tutor.checklist._rules import NOT_YET
from tutor.checklist.interpret import Interpretation
from tutor.checklist.models import Checklist, ChecklistItem
from tutor.checklist.report import render_markdown, status_text
from tutor.checklist.result import ActionSource, ChecklistResult
from tutor.checklist.scoring import evaluate
from tutor.checklist.state import ChecklistState, RecordedAnswer, RecordedLabel
from tutor.checklist.turns import Answerer, Definer, Interpreter, Progress, Turn
from tutor.checklist.wordlists import wordlist
from tutor.prompts import render


def _t(key: str, **values: object) -> str:
    return render("checklist", key, **values)


class ChecklistConversation:
    """Runs the checklist dialogue; holds no per-user data (that lives in the state)."""

    def __init__(
        self,
        checklist: Checklist,
        interpreter: Interpreter,
        answerer: Answerer,
        actions: ActionSource,
        definitions: Definer | None = None,
    ) -> None:
        """``definitions`` answers term questions ("Was heißt X?") with the defining sentences
        of the material; other questions back go to ``answerer``."""
        self.checklist = checklist
        self._interpreter = interpreter
        self._answerer = answerer
        self._actions = actions
        self._definitions = definitions
        self._items = checklist.items

    # -- public API ---------------------------------------------------------------------
    def start(self) -> Turn:
        """A fresh run: welcome, how to answer, and the first question."""
        state = ChecklistState.new(self.checklist)
        return self._ask(state, self._welcome())

    def resume(self, state: ChecklistState) -> Turn:
        """Show where a stored run stands (its current question, or its result)."""
        if self._stale(state):
            return self._ask(ChecklistState.new(self.checklist), [_t("start.geaendert")])
        if state.finished:
            return self._result_turn(state, [_t("ende.abgeschlossen")])
        note = _t(
            "start.fortsetzen", beantwortet=len(state.answers), gesamt=self.checklist.max_score
        )
        return self._ask(state, [note])

    def reply(self, state: ChecklistState, text: str) -> Turn:
        """Process one user message (free text, a command, or "ja"/"nein" from a button)."""
        if self._stale(state):
            return self._ask(ChecklistState.new(self.checklist), [_t("start.geaendert")])
        state = state.model_copy(deep=True)
        text = (text or "").strip()
        item = self._items[state.index]
        meaning = self._interpreter.interpret(text, item.text) if text else None
        if meaning and meaning.command == "neustart":
            return self._ask(ChecklistState.new(self.checklist), [_t("start.neustart")])
        if state.finished:
            return self._after_finish(state, meaning)
        if meaning is None:
            return self._ask(state, [_t("frage.leer")])
        match meaning.command:
            case "zurueck":
                return self._back(state)
            case "ueberspringen":
                return self._skip(state)
            case "ergebnis":
                return self._finish(state, early=True)
        if meaning.label == "frage":
            return self._question_back(state, text)
        if meaning.label == "unklar" and state.pending is None:
            state.pending = text
            key = "frage.widerspruch" if meaning.rule == "rule:contradiction" else "frage.nachfrage"
            return self._ask(state, [_t(key)], repeat=False)
        label: RecordedLabel = "unklar" if meaning.label in ("unklar", None) else meaning.label
        if state.pending is not None:
            recorded = RecordedAnswer(label=label, text=state.pending, followup=text)
        else:
            recorded = RecordedAnswer(label=label, text=text)
        return self._record(state, recorded, self._acknowledge(label, meaning.rule))

    def result(self, state: ChecklistState) -> ChecklistResult:
        """Evaluate a state now (unanswered questions count as not "Ja")."""
        return evaluate(self.checklist, state, self._actions)

    # -- steps --------------------------------------------------------------------------
    @staticmethod
    def _acknowledge(label: RecordedLabel, rule: str) -> str:
        """'Notiert: Nein.' plus, for partial/planned/unfinished points, one sentence on why
        the guide does not count them as Ja."""
        if label == "unklar":
            return _t("quittung.unklar")
        ack = _t("quittung.notiert", status=status_text(label))
        kind = rule.removeprefix("rule:")
        if label == "nein" and kind in NOT_YET:
            ack = f"{ack} {wordlist('checklist_antworten', NOT_YET[kind]).grund}"
        return ack

    def _record(self, state: ChecklistState, answer: RecordedAnswer, ack: str) -> Turn:
        no = self._items[state.index].no
        state.answers[no] = answer
        state.pending = None
        return self._advance(state, [ack])

    def _advance(self, state: ChecklistState, messages: list[str]) -> Turn:
        following = self._next_open(state)
        if following is None:
            return self._finish(state, early=False, messages=messages)
        state.index = following
        return self._ask(state, messages)

    def _back(self, state: ChecklistState) -> Turn:
        state.pending = None
        if state.index == 0:
            return self._ask(state, [_t("quittung.erste_frage")])
        state.index -= 1
        return self._ask(state, self._previous_answer_note(state))

    def _skip(self, state: ChecklistState) -> Turn:
        item = self._items[state.index]
        state.pending = None
        kept = state.answers.get(item.no)
        if kept and kept.label != "uebersprungen":  # skipping a revisited answer keeps it
            note = _t("quittung.beibehalten", nummer=item.no, status=status_text(kept.label))
            return self._advance(state, [note])
        state.answers[item.no] = RecordedAnswer(label="uebersprungen")
        return self._advance(state, [_t("quittung.uebersprungen", nummer=item.no)])

    def _question_back(self, state: ChecklistState, text: str) -> Turn:
        item = self._items[state.index]
        if self._definitions is not None:
            try:
                term = self._definitions.answer(text)
            except StoreError as exc:  # no index: German message, the question stays open
                reason = str(exc)
                return self._ask(state, [_t("rueckfrage.nicht_moeglich", grund=reason)], again=True)
            if term is not None:
                return self._ask(state, [term.markdown()], again=True)
        try:
            answer = self._answerer.ask(text, previous=[item.text])
        except (ValueError, StoreError) as exc:  # InvalidQuestion / no index: German message
            return self._ask(state, [_t("rueckfrage.nicht_moeglich", grund=str(exc))], again=True)
        lines = [answer.answer]
        if answer.citations:
            sources = [
                _t("rueckfrage.quelle", nummer=c.n, ort=c.location()) for c in answer.citations
            ]
            lines.append(_t("rueckfrage.quellen") + "\n" + "\n".join(f"- {s}" for s in sources))
        turn = self._ask(state, ["\n\n".join(lines)], again=True)
        return turn.model_copy(update={"citations": list(answer.citations)})

    def _finish(
        self, state: ChecklistState, early: bool, messages: list[str] | None = None
    ) -> Turn:
        state.pending = None
        state.finished = True
        open_count = sum(1 for it in self._items if it.no not in state.answers)
        state.finished_early = early and open_count > 0
        intro = (
            _t("ende.vorzeitig", offen=open_count) if state.finished_early else _t("ende.fertig")
        )
        return self._result_turn(state, [*(messages or []), intro], report=True)

    def _after_finish(self, state: ChecklistState, meaning: Interpretation | None) -> Turn:
        if meaning and meaning.command == "zurueck":
            state.finished = state.finished_early = False
            state.index = len(self._items) - 1
            return self._ask(state, self._previous_answer_note(state))
        return self._result_turn(state, [_t("ende.abgeschlossen")])

    # -- rendering ----------------------------------------------------------------------
    def _ask(
        self,
        state: ChecklistState,
        messages: list[str],
        repeat: bool = True,
        again: bool = False,
    ) -> Turn:
        """Turn that shows ``messages`` and then the current question (or its follow-up)."""
        item = self._items[state.index]
        shown = list(messages)
        if repeat:
            question = self.question_text(item)
            if state.pending is not None:
                question = f"{question}\n\n{_t('frage.nachfrage')}"
            shown.append(_t("frage.wiederholen", frage_text=question) if again else question)
        return Turn(state=state, messages=shown, progress=self._progress(state), question=item)

    def _result_turn(
        self, state: ChecklistState, messages: list[str], report: bool = False
    ) -> Turn:
        result = self.result(state)
        shown = [*messages, render_markdown(result, answers=False)] if report else messages
        progress = Progress(
            current=self.checklist.max_score,
            total=self.checklist.max_score,
            answered=len(state.answers),
        )
        return Turn(state=state, messages=shown, progress=progress, finished=True, result=result)

    def question_text(self, item: ChecklistItem) -> str:
        """'Abschnitt Kosten-Nutzen-Analyse, Frage 13 von 29: Sind …?'."""
        return _t(
            "frage.stellen",
            abschnitt=item.section,
            nummer=item.no,
            gesamt=self.checklist.max_score,
            frage=item.text,
        )

    def _welcome(self) -> list[str]:
        hello = _t("start.begruessung", gesamt=self.checklist.max_score)
        return [m for m in (hello, self.checklist.intro, _t("start.hilfe")) if m]

    def _previous_answer_note(self, state: ChecklistState) -> list[str]:
        recorded = state.answers.get(self._items[state.index].no)
        if recorded is None:
            return []
        status = status_text(recorded.label)
        if recorded.shown:
            return [_t("frage.bisher", status=status, antwort=recorded.shown)]
        return [_t("frage.bisher_ohne_text", status=status)]

    def _progress(self, state: ChecklistState) -> Progress:
        return Progress(
            current=self._items[state.index].no,
            total=self.checklist.max_score,
            answered=len(state.answers),
        )

    def _next_open(self, state: ChecklistState) -> int | None:
        """Index of the next question without an answer, after the current one first."""
        n = len(self._items)
        for step in range(1, n + 1):
            i = (state.index + step) % n
            if self._items[i].no not in state.answers:
                return i
        return None

    def _stale(self, state: ChecklistState) -> bool:
        """A stored state from another checklist (the guide was replaced) or out of range."""
        fresh = ChecklistState.new(self.checklist)
        return state.fingerprint != fresh.fingerprint or state.index >= len(self._items)
