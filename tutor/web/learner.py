"""Who is learning, and the small hooks that save their progress from the web tabs.

Identity: the login name (``gr.Request.username``) when login is on, else a random browser id
kept in the browser (``gr.BrowserState``). Both are turned into a pseudonymous id at once;
only that id is held in the server-side session state and written to the database.
Every hook returns a German note instead of raising, so a database outage never breaks a tab.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from tutor.checklist.conversation import ChecklistConversation
from tutor.checklist.state import ChecklistState
from tutor.container import Container
from tutor.progress import ProgressUnavailable, is_browser_id, new_browser_id
from tutor.prompts import render
from tutor.web.quiz_play import QuizTabState
from tutor.web.readiness import progress_text

log = logging.getLogger(__name__)
STORAGE_KEY = "ki-tutor-kennung"


def _t(key: str, **values: object) -> str:
    return render("fortschritt", key, **values)


def when(moment: datetime) -> str:
    """'22.11.2026, 14:05' in the server's local time."""
    return moment.astimezone().strftime("%d.%m.%Y, %H:%M")


def identify(container: Container, browser_id: Any, username: str | None) -> tuple[str, str]:
    """(browser id to keep in the browser, pseudonymous learner id for this session)."""
    browser = browser_id if is_browser_id(browser_id) else new_browser_id()
    if username:
        return browser, container.pseudonyms.for_login(username)
    return browser, container.pseudonyms.for_browser(browser)


def resolve(container: Container, learner: Any, username: str | None) -> str | None:
    """The session's learner id; API callers without a page load still count when logged in."""
    if isinstance(learner, str) and learner:
        return learner
    return container.pseudonyms.for_login(username) if username else None


def quiz_recorder(container: Container, learner: str | None) -> Any:
    """``on_finish`` for :func:`tutor.web.quiz_play.check`: store the finished attempt."""
    if learner is None:
        return None

    def record(tab: QuizTabState) -> str:
        duration = round(time.time() - tab.started_at) if tab.started_at else None
        try:
            container.progress.record_quiz(learner, tab.session, duration)
        except ProgressUnavailable as exc:
            return _t("quiz.nicht_gespeichert", grund=str(exc))
        return _t("quiz.gespeichert")

    return record


def save_check(
    container: Container, conv: ChecklistConversation, learner: str | None, state: Any
) -> str:
    """Save the readiness check after each reply; '' on success, else a German warning."""
    if learner is None or not state:
        return ""
    current = ChecklistState.model_validate(state)
    result = conv.result(current) if current.finished else None
    try:
        container.progress.save_checklist(learner, current, result)
    except ProgressUnavailable as exc:
        return _t("check.nicht_gespeichert", grund=str(exc))
    return ""


def resume_offer(
    container: Container, conv: ChecklistConversation, learner: str | None
) -> tuple[str, bool]:
    """(German note, whether "Fortsetzen" is possible) for this learner's stored check."""
    if learner is None:
        return "", False
    try:
        saved = container.progress.open_checklist(learner)
    except ProgressUnavailable as exc:
        return str(exc), False
    if saved is None or saved.answered == 0:
        return "", False
    offer = _t(
        "check.angebot",
        datum=when(saved.updated_at),
        beantwortet=saved.answered,
        gesamt=conv.checklist.max_score,
    )
    return offer, True


def resume(
    container: Container, conv: ChecklistConversation, learner: str | None
) -> tuple[list[dict[str, Any]], dict[str, Any], str] | str:
    """(chat history, engine state, progress line) of the stored unfinished check, or a
    German note why there is nothing to continue."""
    try:
        saved = container.progress.open_checklist(learner) if learner else None
    except ProgressUnavailable as exc:
        return str(exc)
    if saved is None:
        return _t("check.kein_stand")
    try:
        stored = ChecklistState.from_json(saved.state_json)
    except ValidationError:  # saved by an older, incompatible version
        return _t("check.kein_stand")
    turn = conv.resume(stored)
    history = [{"role": "assistant", "content": turn.markdown}]
    return history, turn.state.model_dump(mode="json"), progress_text(turn)


_TAGS = re.compile(r"<[^>]+>")  # the chat's own markup ([n] links), never stored


def transcribed(container: Container, learner: str | None, stream: Iterator[Any]) -> Iterator[Any]:
    """Pass a chat stream through unchanged; with TUTOR_STORE_TRANSCRIPTS on, store the final
    exchange (last user question and assistant answer of the history, the first output)."""
    last: Any = None
    for last in stream:
        yield last
    if not (container.settings.store_transcripts and learner) or last is None:
        return
    history = last[0] if isinstance(last, tuple) else last
    if not isinstance(history, list) or len(history) < 2:
        return
    question, answer = history[-2], history[-1]
    if question.get("role") != "user" or answer.get("role") != "assistant":
        return
    try:
        container.progress.add_transcript(
            learner,
            html.unescape(str(question.get("content") or "")),
            html.unescape(_TAGS.sub("", str(answer.get("content") or ""))),  # [n] links: text
        )
    except ProgressUnavailable:
        log.warning("chat transcript not stored: progress database unavailable")
