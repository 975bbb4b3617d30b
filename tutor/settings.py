"""All settings of the tutor (env prefix ``TUTOR_``, optional ``tutor.toml`` / ``.env``).

Extends the ingest settings so every command reads one consistent configuration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr

from ingest.settings import IngestSettings, default_cache_dir


class Settings(IngestSettings):
    """Retrieval, answering, LLM backend and web-app settings."""

    llm: str = Field(
        "none",
        description="Answer backend: 'none' (extractive, default), 'openai:<model>', "
        "'ollama:<model>', 'llamacpp:<path.gguf>' or 'fake' (tests).",
    )
    llm_base_url: str | None = Field(None, description="Base URL of the LLM server.")
    llm_api_key: SecretStr | None = Field(None, description="API key (never logged).")
    llm_timeout_s: float = Field(30.0, gt=0, description="Timeout per LLM request.")
    llm_retries: int = Field(
        1, ge=0, le=5, description="Retries (with backoff) when the LLM fails before any token."
    )
    llm_max_tokens: int = Field(400, ge=16, le=4096, description="Longest LLM answer in tokens.")
    quiz_drafts: bool = Field(
        False,
        description="Opt-in: with an LLM configured (TUTOR_LLM), the quiz asks it to draft "
        "questions from passages; every draft passes the same validator as the rule-built "
        "items, rejected ones are replaced by rule-built items.",
    )
    top_k: int = Field(5, ge=1, le=50, description="Passages retrieved per question.")
    fusion: Literal["convex", "rrf"] = Field(
        "convex",
        description="How BM25 and vector scores are fused: convex combination of z-scores or "
        "reciprocal rank fusion (see docs/BENCHMARKS.md).",
    )
    query_adapter: bool = Field(
        True,
        description="Rank passages with the query adapter fitted on the dev questions "
        "(tutor/retrieval/adapter.py); off: the plain e5 cosines.",
    )
    reader: bool = Field(
        True,
        description="Let the reader fitted on the dev and training questions "
        "(tutor/answer/reader.py) vote on which unit opens an answer when the best candidates "
        "are close; off: the composer's scores alone.",
    )
    host: str = Field("127.0.0.1", description="Address the web app binds to.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the web app.")
    data_dir: Path = Field(
        default_factory=lambda: default_cache_dir() / "data",
        description="Folder for uploads, reports and app data (outside the repo).",
    )
    auth_file: Path | None = Field(
        None,
        description="Login file (users, roles, password hashes); no login when unset. "
        "Required on a non-loopback host unless open_access is set.",
    )
    open_access: bool = Field(
        False,
        description="Start on a network address without logins anyway (closed classroom "
        "network): learners' tabs only; upload/ingest, trainer tab and Auswertung are refused.",
    )
    session_idle_minutes: float = Field(
        60.0, gt=0, description="A login session ends after this many minutes without a request."
    )
    login_max_failures: int = Field(
        5,
        ge=1,
        description="Failed logins per account (within login_window_minutes) before a lockout.",
    )
    login_client_max_failures: int = Field(
        30,
        ge=1,
        description="Failed logins per client address before a lockout (higher than per "
        "account: a classroom often shares one address).",
    )
    login_window_minutes: float = Field(
        15.0, gt=0, description="Failed logins older than this are forgotten."
    )
    login_lockout_s: float = Field(
        60.0, gt=0, description="First lockout after too many failed logins; doubles per repeat."
    )
    login_lockout_max_s: float = Field(
        900.0, gt=0, description="Longest lockout after repeated failed logins (seconds)."
    )
    audit_retention_days: int = Field(
        365,
        ge=1,
        le=3650,
        description="Days the audit trail of material changes is kept (`tutor privacy "
        "cleanup` deletes older entries).",
    )
    max_question_chars: int = Field(1000, ge=50, description="Longest accepted question.")
    database_url: SecretStr | None = Field(
        None,
        description="SQLAlchemy URL of the progress database (quiz attempts, saved checks); "
        "unset: SQLite file data_dir/db/fortschritt.sqlite; multi-instance: "
        "'postgresql+psycopg://user:pw@host/db'. Secret: may hold a password.",
    )
    pseudonym_secret: SecretStr | None = Field(
        None,
        description="Key for the pseudonymous learner ids (HMAC); unset: a random key in "
        "data_dir/db/pseudonym.key (mode 600). Set the same value on every instance.",
    )
    store_transcripts: bool = Field(
        False, description="Opt-in: store chat questions/answers under pseudonymous ids."
    )
    retention_days: int = Field(
        30,
        ge=1,
        le=3650,
        description="Days stored chat transcripts are kept (`tutor privacy cleanup` deletes "
        "older ones).",
    )
    concurrency: int = Field(
        4, ge=1, le=64, description="Requests of one kind the web app works on at the same time."
    )
    queue_size: int = Field(
        128,
        ge=1,
        description="Requests that may wait in the web app's queue; more get the German "
        "'ausgelastet' message.",
    )
    rate_burst: int = Field(
        30, ge=1, description="Requests one browser session may send in a burst."
    )
    rate_per_s: float = Field(
        2.0, gt=0, description="Sustained requests per second one browser session may send."
    )
    max_request_kb: int = Field(
        1024, ge=16, description="Largest request body the web app accepts (KB, uploads excluded)."
    )


def load_settings() -> Settings:
    """Read settings from the environment and optional config files."""
    return Settings()
