"""All settings of the tutor (env prefix ``TUTOR_``, optional ``tutor.toml`` / ``.env``).

Extends the ingest settings so every command reads one consistent configuration.
"""

from __future__ import annotations

from pathlib import Path

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
    top_k: int = Field(5, ge=1, le=50, description="Passages retrieved per question.")
    host: str = Field("127.0.0.1", description="Address the web app binds to.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the web app.")
    data_dir: Path = Field(
        default_factory=lambda: default_cache_dir() / "data",
        description="Folder for uploads, reports and app data (outside the repo).",
    )
    auth_file: Path | None = Field(
        None,
        description="Login file (users, roles, password hashes); no login when unset.",
    )
    max_question_chars: int = Field(1000, ge=50, description="Longest accepted question.")


def load_settings() -> Settings:
    """Read settings from the environment and optional config files."""
    return Settings()
