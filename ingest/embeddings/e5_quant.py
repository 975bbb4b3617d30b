"""Linear layers of the e5 graph in fp32 or int8 (per-token activations, per-channel weights).

int8 recipe (measured in docs/BENCHMARKS.md "Faster engine"): weights int8 symmetric per
output channel; activations quantised at run time **per token** (one scale per row of the
[tokens × features] input), symmetric, stored as uint8 with zero point 128 so ONNX Runtime's
``MatMulInteger`` takes its u8·s8 path (VNNI dot products where the CPU has them); the int32
result is rescaled by both scales and the fp32 bias is added. ONNX Runtime's own
``quantize_dynamic`` uses one activation scale per *batch*: one loud token (``<s>``, a
punctuation mark) then coarsens every other token, and that recipe failed the quality
criterion (dev MRR −0.018). Asymmetric per-token scales halve the vector error again, but moved
the held-out MRR by +0.015 (outside ±0.01 as well) and cost 10 % speed, so they are not used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

Node = Callable[..., str]
Const = Callable[[str, np.ndarray], str]
Linear = Literal["q4", "fp32", "int8"]


def linear_layer(
    kind: Linear, node: Node, const: Const, x: str, weight: np.ndarray, bias: np.ndarray, tag: str
) -> str:
    """``x @ weight.T + bias`` for an [out, in] ``weight``, as fp32 ``MatMul`` or int8."""
    if kind == "int8":
        return _int8_linear(node, const, x, weight, bias, tag)
    w = const(f"{tag}.w", np.ascontiguousarray(weight.T))
    return node("Add", [node("MatMul", [x, w], f"{tag}.mm"), const(f"{tag}.b", bias)], f"{tag}.out")


def quantise_weight(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes [in, out] and fp32 scales [out] of an [out, in] weight (symmetric, per row)."""
    w = np.asarray(weight, dtype=np.float32).T
    scales = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0
    codes = np.clip(np.round(w / scales), -127, 127).astype(np.int8)
    return codes, scales.astype(np.float32)


def _int8_linear(
    node: Node, const: Const, x: str, weight: np.ndarray, bias: np.ndarray, tag: str
) -> str:
    from onnx import TensorProto

    out_dim, in_dim = weight.shape
    codes, scales = quantise_weight(weight)
    const("q.eps", np.array(1e-8, dtype=np.float32))
    const("q.127", np.array(127.0, dtype=np.float32))
    const("q.128", np.array(128.0, dtype=np.float32))
    const("q.0", np.array(0.0, dtype=np.float32))
    const("q.255", np.array(255.0, dtype=np.float32))
    const("q.zp", np.array(128, dtype=np.uint8))
    const("q.bt0", np.array([0], dtype=np.int64))
    const("q.bt2", np.array([2], dtype=np.int64))
    rows = node("Reshape", [x, const(f"{tag}.in", np.array([-1, in_dim], np.int64))], f"{tag}.x")
    peak = node("ReduceMax", [node("Abs", [rows], f"{tag}.abs")], f"{tag}.pk", axes=[1])
    scale = node("Div", [node("Max", [peak, "q.eps"], f"{tag}.pke"), "q.127"], f"{tag}.xs")
    rounded = node("Round", [node("Div", [rows, scale], f"{tag}.xd")], f"{tag}.xr")
    shifted = node(
        "Clip", [node("Add", [rounded, "q.128"], f"{tag}.xz"), "q.0", "q.255"], f"{tag}.xc"
    )
    xq = node("Cast", [shifted], f"{tag}.xq", to=TensorProto.UINT8)
    acc = node("MatMulInteger", [xq, const(f"{tag}.wq", codes), "q.zp"], f"{tag}.acc")
    real = node("Mul", [node("Cast", [acc], f"{tag}.af", to=TensorProto.FLOAT), scale], f"{tag}.ax")
    real = node("Mul", [real, const(f"{tag}.ws", scales)], f"{tag}.aw")
    real = node("Add", [real, const(f"{tag}.b", bias)], f"{tag}.ab")
    lead = node("Slice", [node("Shape", [x], f"{tag}.shape"), "q.bt0", "q.bt2"], f"{tag}.lead")
    shape = node(
        "Concat", [lead, const(f"{tag}.n", np.array([out_dim], np.int64))], f"{tag}.os", axis=0
    )
    return node("Reshape", [real, shape], f"{tag}.out")
