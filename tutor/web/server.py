"""Launch the web app with safe defaults: loopback, no share, no analytics, locked file routes,
logins with limits and idle expiry, trainer functions guarded on the server."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.middleware import Middleware

from tutor.container import Container
from tutor.prompts import render
from tutor.settings import Settings
from tutor.web.access import Access, StartRefused, decide_access
from tutor.web.auth import Authenticator
from tutor.web.guard import Guard, GuardMiddleware, TrainerFunctions
from tutor.web.limits import Admission, AdmissionMiddleware, TokenBuckets
from tutor.web.login_limits import LoginLimiter, LoginMiddleware
from tutor.web.sessions import SessionTokens, gradio_user

log = logging.getLogger(__name__)

# Gradio's own queue limit is only a backstop: our admission check refuses first, in German.
BACKSTOP_EXTRA = 32


def prepare_environment(settings: Settings) -> Path:
    """Gradio's temp folder outside the repo, analytics off; returns the temp folder."""
    temp = settings.data_dir / "gradio-tmp"
    temp.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(temp)
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return temp


def blocked_paths(settings: Settings) -> list[str]:
    """Folders the file routes must never serve: index, corpus, config, database, logs, models."""
    root = Path(__file__).resolve().parents[2]
    paths = [
        settings.store_dir,
        settings.corpus_dir,
        root / ".env",
        root / "tutor.toml",
        settings.data_dir / "db",
        settings.data_dir / "logs",
        settings.model_cache_dir,
    ]
    return [str(Path(p).resolve()) for p in paths]


def serve(settings: Settings, container: Container | None = None, block: bool = True) -> object:
    """Build and launch the app; returns the Blocks (non-blocking when ``block`` is False).

    Refuses to start (German message on stderr, exit code 2) on a network address without
    logins unless TUTOR_OPEN_ACCESS is set (see :mod:`tutor.web.access`).
    """
    setup_logging()
    access = _decide_access_or_exit(settings)
    temp = prepare_environment(settings)
    from tutor.web import a11y
    from tutor.web.app import CSS, build_app

    container = container or Container(settings)
    _check_llm_backend(container)
    demo = build_app(container, access.auth)
    demo.queue(
        default_concurrency_limit=settings.concurrency,
        max_size=settings.queue_size + BACKSTOP_EXTRA,
        api_open=False,  # queued events only through the queue (and its admission checks)
    )
    login = access.auth if access.mode == "login" else None
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        prevent_thread_lock=True,
        allowed_paths=[str(temp), str(settings.data_dir / "reports")],
        blocked_paths=blocked_paths(settings),
        max_file_size=f"{int(settings.max_file_mb)}mb",
        show_error=False,
        footer_links=[],
        css=CSS + a11y.CSS,
        theme=a11y.theme(),
        head=a11y.head(),
        quiet=True,
        auth=_threaded(login) if login else None,  # type: ignore[arg-type]  # Gradio awaits it
        auth_message=(
            render("zugang", "hinweis.login", anzahl=settings.login_max_failures) if login else None
        ),
        app_kwargs={"middleware": middleware(settings, demo, access)},
    )
    if login is not None:
        # after launch: Gradio creates its token map in launch()
        demo.server_app.tokens = SessionTokens(  # type: ignore[union-attr]
            settings.session_idle_minutes * 60, login.session_stamp
        )
    log.info("KI-Tutor läuft auf http://%s:%s (Zugang: %s)", settings.host, settings.port,
             access.mode)  # fmt: skip
    if block:
        demo.block_thread()
    return demo


def setup_logging() -> None:
    """Timestamped logs on stderr (journald under systemd), unless already configured: the
    tutor's own from INFO (logins, refusals, sessions), libraries' from WARNING."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(
            level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        for handler in root.handlers:
            handler.setLevel(logging.INFO)  # drops DEBUG of libraries that set their own level
        logging.getLogger("tutor").setLevel(logging.INFO)


def _decide_access_or_exit(settings: Settings) -> Access:
    try:
        return decide_access(settings)
    except StartRefused as exc:
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None


def _threaded(auth: Authenticator) -> Callable[[str, str], Awaitable[bool]]:
    """Gradio awaits a coroutine ``auth`` but calls a plain one in its event loop, where a
    600 000-round PBKDF2 check would stall every user for a moment: run it in a thread."""

    async def check(username: str, password: str) -> bool:
        return await anyio.to_thread.run_sync(auth, username, password)

    return check


def middleware(settings: Settings, demo: Any, access: Access) -> list[Middleware]:
    """Login limits (with logins), admission limits, then the trainer-function guard."""
    stack = []
    if access.mode == "login" and access.auth is not None:
        limiter = LoginLimiter(
            account_max=settings.login_max_failures,
            client_max=settings.login_client_max_failures,
            window_s=settings.login_window_minutes * 60,
            lockout_s=settings.login_lockout_s,
            lockout_max_s=settings.login_lockout_max_s,
        )
        known = access.auth.knows
        stack.append(Middleware(LoginMiddleware, limiter=limiter, known=known))  # type: ignore[arg-type]
    stack.append(admission_middleware(settings, demo))
    functions = cache(lambda: TrainerFunctions.of(demo))
    guard = Guard(access, functions, gradio_user(demo))
    stack.append(Middleware(GuardMiddleware, guard=guard))  # type: ignore[arg-type]
    return stack


def admission_middleware(settings: Settings, demo: Any) -> Middleware:
    """Busy/flood/size limits in front of the queue (see :mod:`tutor.web.limits`)."""
    admission = Admission(
        queue_size=settings.queue_size,
        max_body_bytes=settings.max_request_kb * 1024,
        buckets=TokenBuckets(settings.rate_burst, settings.rate_per_s),
        # Gradio has no public queue length; len() of its queue counts the waiting events.
        waiting=lambda: len(demo._queue),
    )
    return Middleware(AdmissionMiddleware, admission=admission)  # type: ignore[arg-type]


def _check_llm_backend(container: Container) -> None:
    """Fail at start-up, in German, when TUTOR_LLM is unusable (not at the first question)."""
    from tutor.llm import LLMConfigError

    try:
        container.answers  # noqa: B018 - builds the configured chat model once
    except LLMConfigError as exc:
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None
