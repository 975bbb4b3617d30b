"""Launch the web app with safe defaults (loopback, no share, no analytics, locked file routes)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from starlette.middleware import Middleware

from tutor.container import Container
from tutor.prompts import render
from tutor.settings import Settings
from tutor.web.auth import Authenticator
from tutor.web.limits import Admission, AdmissionMiddleware, TokenBuckets

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
    """Build and launch the app; returns the Blocks (non-blocking when ``block`` is False)."""
    temp = prepare_environment(settings)
    from tutor.web import a11y
    from tutor.web.app import CSS, build_app

    container = container or Container(settings)
    _check_llm_backend(container)
    auth = Authenticator(settings.auth_file) if settings.auth_file else None
    demo = build_app(container, auth)
    demo.queue(
        default_concurrency_limit=settings.concurrency,
        max_size=settings.queue_size + BACKSTOP_EXTRA,
    )
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        prevent_thread_lock=not block,
        allowed_paths=[str(temp), str(settings.data_dir / "reports")],
        blocked_paths=blocked_paths(settings),
        max_file_size=f"{int(settings.max_file_mb)}mb",
        show_error=False,
        footer_links=[],
        css=CSS + a11y.CSS,
        theme=a11y.theme(),
        head=a11y.head(),
        quiet=True,
        auth=auth,
        auth_message=render("ui", "app.login") if auth else None,
        app_kwargs={"middleware": [admission_middleware(settings, demo)]},
    )
    return demo


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
    import sys

    from tutor.llm import LLMConfigError

    try:
        container.answers  # noqa: B018 - builds the configured chat model once
    except LLMConfigError as exc:
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None
