"""Server-side refusal of trainer functions, in front of Gradio, for every way to call them.

Every event whose trigger sits inside a trainer tab (:data:`TRAINER_TABS`: "Für Trainer",
"Kursmaterial", "Auswertung") is trainer-only — including ones added later and ones without
an ``api_name`` (reachable by ``fn_index``). :class:`GuardMiddleware` resolves the function of
each call (``queue/join`` by ``fn_index``; ``call``, ``call/v2``, ``run`` and ``api`` by
name) and refuses it unless :meth:`Access.may_train` allows the caller, in Gradio's
validation format (a German message in the browser and a ``ValidationError`` in
gradio_client). In open-access mode it also refuses file uploads (no learner tab takes
files). The tab handlers check the role themselves as well; this is the second wall.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gradio.data_classes import PredictBody
from pydantic import ValidationError

from tutor.prompts import render
from tutor.web.access import Access
from tutor.web.limits import CALL_PATH, ASGIApp, Receive, Scope, Send, refusal_body

log = logging.getLogger(__name__)
TRAINER_TABS = frozenset({"trainer", "material", "auswertung"})  # gr.Tab(id=…) of trainer tabs
JOIN_PATH = re.compile(r"/gradio_api/queue/join/?$")
UPLOAD_PATH = re.compile(r"/gradio_api/upload/?$")


def _in_trainer_tab(block: Any) -> bool:
    while block is not None:
        if getattr(block, "id", None) in TRAINER_TABS and type(block).__name__ == "Tab":
            return True
        block = getattr(block, "parent", None)
    return False


@dataclass(frozen=True)
class TrainerFunctions:
    """Ids and API names of the trainer-only event handlers of one Blocks app."""

    ids: frozenset[int]
    names: dict[str, int] = field(default_factory=dict)  # every api_name → fn id

    @classmethod
    def of(cls, demo: Any) -> TrainerFunctions:
        """Scan the app: a function is trainer-only when a trigger lies in a trainer tab."""
        ids = set()
        names = {}
        for fn_id, fn in demo.fns.items():
            if fn.api_name:
                names[str(fn.api_name)] = fn_id
            if any(_in_trainer_tab(demo.blocks.get(block_id)) for block_id, _ in fn.targets):
                ids.add(fn_id)
        return cls(frozenset(ids), names)

    def resolve(self, path: str, body: bytes) -> int | None:
        """The function a call targets (None: not a function call, or not known)."""
        if JOIN_PATH.search(path):
            # parsed with Gradio's own model: it coerces "35", 35.0 and true to an index too
            try:
                return PredictBody.model_validate_json(body or b"{}").fn_index
            except ValidationError:
                return None  # Gradio rejects this body as well
        match = CALL_PATH.search(path)
        return self.names.get(match.group("name")) if match else None

    def api_name(self, fn_id: int) -> str:
        """The API name of a function for the log (or its index)."""
        return next((f"/{n}" for n, i in self.names.items() if i == fn_id), f"fn_index {fn_id}")


@dataclass
class Guard:
    """The decision: which call of which caller to refuse, with which message."""

    access: Access
    functions: Callable[[], TrainerFunctions]
    user_of: Callable[[Scope], str | None]

    def check(self, scope: Scope, body: bytes) -> str | None:
        """A German refusal for a trainer-only call the caller may not make (or any call
        after the login session ended), else None."""
        user = self.user_of(scope)
        if self.access.mode == "login" and user is None:
            # Gradio would answer 401, which its page shows as a bare "Fehler"
            return render("zugang", "sperre.sitzung")
        fn_id = self.functions().resolve(str(scope.get("path", "")), body)
        if fn_id is None or fn_id not in self.functions().ids:
            return None
        client = (scope.get("client") or ("?", 0))[0]
        if self.access.may_train(user, client):
            return None
        log.warning(
            render(
                "zugang",
                "sperre.log",
                funktion=self.functions().api_name(fn_id),
                konto=user or "-",
                adresse=client,
            )
        )
        return self.access.refusal()


class GuardMiddleware:
    """ASGI middleware applying :class:`Guard` to function calls (and uploads when open)."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        if self.guard.access.mode == "offen" and UPLOAD_PATH.search(path):
            await _refuse(send, render("zugang", "sperre.hochladen"), 403)
            return
        if not (JOIN_PATH.search(path) or CALL_PATH.search(path)):
            await self.app(scope, receive, send)
            return
        body, more = b"", True
        while more:  # the admission middleware in front has already capped the size
            message = await receive()
            body += message.get("body", b"")
            more = bool(message.get("more_body"))
        refusal = self.guard.check(scope, body)
        if refusal is not None:
            await _refuse(send, refusal, 422)
            return
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Send, message: str, status: int) -> None:
    payload = refusal_body(message)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
