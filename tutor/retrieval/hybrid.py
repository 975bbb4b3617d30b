"""Hybrid retrieval: BM25 over German stems + e5 chunk and sentence vectors, fused.

Two fusions: a convex combination of the z-normalised scores (default) and reciprocal rank
fusion (``TUTOR_FUSION=rrf``). RRF only sees ranks; the convex combination also sees how far
ahead a passage is, which raised MRR on the dev and held-out sets (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ingest.embeddings.backends import TextEmbedder
from tutor.retrieval.corpus import CorpusSnapshot, IndexedChunk, LiveCorpus
from tutor.retrieval.expansion import Glossary
from tutor.retrieval.text import looks_english, tokens
from tutor.retrieval.vocabulary import corpus_variants, unknown_terms

_MODULE_RE = re.compile(r"\b(?:Modul|module)\s+(\d{1,2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its fused score and the two underlying signals."""

    chunk: IndexedChunk
    rank: int
    score: float  # fused score (convex: z-units, may be negative; rrf: > 0)
    bm25: float  # raw BM25 score
    dense: float  # cosine similarity of the chunk
    relative: float = 1.0  # strength relative to the best hit, in (0, 1]


@dataclass(frozen=True)
class Retrieval:
    """The ranked hits for one query plus what the answerer needs to score sentences."""

    query: str
    hits: list[Hit]
    query_vector: np.ndarray
    query_tokens: list[str]
    top_dense: float  # best chunk cosine over the (filtered) corpus
    top_bm25: float
    top_sentence: float  # best sentence cosine over the (filtered) corpus
    sentence_cos: dict[tuple[str, int], float]  # (chunk_id, unit order) → cosine, for hits
    unknown_share: float = 0.0  # IDF share of question terms neither corpus nor glossary know
    unknown: frozenset[str] = frozenset()  # those terms (stems), also for English questions
    synonyms: frozenset[str] = frozenset()  # course stems the glossary added for the question
    named_sources: frozenset[str] = frozenset()  # documents named: "Kurs und Leitfaden"
    snapshot: CorpusSnapshot | None = field(default=None, repr=False, compare=False)
    # cosine of every sentence of the (filtered) corpus, in snapshot order (for typed search)
    all_sentence_cos: np.ndarray | None = field(default=None, repr=False, compare=False)


Fusion = Literal["convex", "rrf"]


@dataclass(frozen=True)
class RetrievalWeights:
    """Fusion parameters (tuned on the dev set, see docs/BENCHMARKS.md)."""

    fusion: Fusion = "convex"
    # convex: weights of the z-normalised BM25, chunk cosine and best sentence cosine
    cc_bm25: float = 0.25
    cc_dense: float = 0.4
    cc_sentence: float = 0.35
    cc_named_module: float = 0.3  # in z-units
    # rrf
    rrf_k: int = 10
    bm25: float = 0.7
    dense: float = 1.0
    sentence: float = 1.0
    named_module: float = 0.5  # vote for chunks of a module the question names ("laut Modul 1")
    candidates: int = 40


class HybridRetriever:
    """Retrieve chunks for a German (or English) question, optionally filtered."""

    def __init__(
        self,
        corpus: LiveCorpus,
        embedder: TextEmbedder,
        weights: RetrievalWeights | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        self.corpus = corpus
        self.embedder = embedder
        self.weights = weights or RetrievalWeights()
        self.glossary = glossary

    def retrieve(
        self, query: str, k: int = 5, module: int | None = None, source: str | None = None
    ) -> Retrieval:
        """Top-k chunks for ``query`` (module/source filters are exact metadata filters)."""
        snap = self.corpus.snapshot()
        w = self.weights
        expansion = self.glossary.expand(query) if self.glossary else None
        # The dense query stays the learner's own wording: feeding e5 the glossary-expanded text
        # raised dev MRR a little but lowered it on the held-out set and made near-topic
        # unanswerable questions look answerable (held-out refusals 4/7 → 2/7).
        vector = self.embedder.embed_queries([query])[0]
        query_tokens = tokens(query)
        mask = _mask(snap, module, source)

        dense_all = snap.dense_scores(vector)
        dense_searched = dense_all if mask is None else np.where(mask, dense_all, -np.inf)
        variants = corpus_variants(query_tokens, snap.doc_freq)
        extra = (expansion.extra_tokens if expansion else []) + list(variants.values())
        bm25 = snap.bm25_scores(query_tokens + extra)
        if mask is not None:
            bm25 = np.where(mask, bm25, 0.0)
        sent_cos, sent_best = snap.sentence_scores(vector)
        if mask is not None:
            sent_best = np.where(mask, sent_best, -1.0)

        named = named_module(query) if module is None else None
        if w.fusion == "rrf":
            fused = _rrf(snap, w, (bm25, dense_searched, sent_best), named)
        else:
            scores = (bm25, dense_all, sent_best)
            fused = _convex(snap, w, scores, mask, named, max(k, w.candidates))
        order = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        sources = named_sources(query, snap) if source is None else frozenset()
        order = _cover_sources(order, fused, snap, sources)
        top = fused[order[0]] if order else 1.0
        hits = [
            Hit(
                snap.chunks[i],
                r + 1,
                fused[i],
                float(bm25[i]),
                float(dense_all[i]),
                fused[i] / top if w.fusion == "rrf" else math.exp(fused[i] - top),
            )
            for r, i in enumerate(order)
        ]
        rows = np.nonzero(np.isin(snap.sent_owner, np.array(order, dtype=np.int64)))[0]
        sentence_cos = {
            (snap.chunks[snap.sent_owner[r]].chunk_id, int(snap.sent_order[r])): float(sent_cos[r])
            for r in rows
        }
        covered = expansion.matched if expansion else frozenset()
        unknown = unknown_terms(query_tokens, snap.doc_freq, covered)
        return Retrieval(
            query=query,
            hits=hits,
            query_vector=vector,
            query_tokens=query_tokens,
            top_dense=float(dense_searched.max()) if np.isfinite(dense_searched).any() else 0.0,
            top_bm25=float(bm25.max()) if len(bm25) else 0.0,
            top_sentence=float(sent_best.max()) if len(sent_best) else 0.0,
            sentence_cos=sentence_cos,
            unknown_share=0.0 if looks_english(query) else _idf_share(snap, query_tokens, unknown),
            unknown=unknown,
            synonyms=frozenset(expansion.extra_tokens if expansion else ()),
            named_sources=sources,
            snapshot=snap,
            all_sentence_cos=(
                sent_cos if mask is None else np.where(mask[snap.sent_owner], sent_cos, -1.0)
            ),
        )


def named_sources(query: str, snap: CorpusSnapshot) -> frozenset[str]:
    """The documents a question names when it names two or more ("Was sagen Kurs und Leitfaden
    …?"): a document is named by the first word of its title."""
    words = set(tokens(query, keep_stopwords=True))
    named = {
        source
        for source, title in snap.titles.items()
        if (first := tokens(title, keep_stopwords=True)[:1]) and first[0] in words
    }
    return frozenset(named) if len(named) >= 2 else frozenset()


def _cover_sources(
    order: list[int], fused: dict[int, float], snap: CorpusSnapshot, sources: frozenset[str]
) -> list[int]:
    """Each named document's best passage is among the hits, in place of the weakest hit of a
    document that is not named or is there twice."""
    if not sources:
        return order
    out = list(order)
    ranked = sorted(fused, key=lambda i: (-fused[i], i))
    for wanted in sorted(sources):
        if any(snap.chunks[i].source == wanted for i in out):
            continue
        best = next((i for i in ranked if snap.chunks[i].source == wanted), None)
        for pos in range(len(out) - 1, -1, -1):
            have = snap.chunks[out[pos]].source
            if best is not None and (
                have not in sources or sum(snap.chunks[i].source == have for i in out) > 1
            ):
                out[pos] = best
                break
    return sorted(out, key=lambda i: (-fused[i], i))


def _rrf(
    snap: CorpusSnapshot,
    w: RetrievalWeights,
    scores: tuple[np.ndarray, np.ndarray, np.ndarray],
    named: int | None,
) -> dict[int, float]:
    """Reciprocal rank fusion of the BM25, chunk-vector and sentence-vector rankings (the
    ``candidates`` best of each; filtered-out chunks score 0, -inf and -1 respectively)."""
    bm25, dense, sentence = scores
    rankings = [
        [int(i) for i in np.argsort(-bm25)[: w.candidates] if bm25[i] > 0],
        [
            int(i)
            for i in np.argsort(-dense, kind="stable")[: w.candidates]
            if np.isfinite(dense[i])
        ],
        [int(i) for i in np.argsort(-sentence)[: w.candidates] if sentence[i] > -1],
    ]
    fused: dict[int, float] = {}
    for weight, ranking in zip((w.bm25, w.dense, w.sentence), rankings, strict=True):
        for rank, idx in enumerate(ranking):
            fused[idx] = fused.get(idx, 0.0) + weight / (w.rrf_k + rank + 1)
    for idx in fused:
        if named is not None and snap.chunks[idx].module == named:
            fused[idx] += w.named_module / (w.rrf_k + 1)
    return fused


def _convex(
    snap: CorpusSnapshot,
    w: RetrievalWeights,
    scores: tuple[np.ndarray, np.ndarray, np.ndarray],
    mask: np.ndarray | None,
    named: int | None,
    limit: int,
) -> dict[int, float]:
    """Convex combination of the three scores, each z-normalised over the searched chunks;
    the ``limit`` best chunks."""
    keep = np.ones(len(snap.chunks), dtype=bool) if mask is None else mask
    if not keep.any():
        return {}
    total = np.zeros(len(snap.chunks), dtype=np.float64)
    for weight, score in zip((w.cc_bm25, w.cc_dense, w.cc_sentence), scores, strict=True):
        values = score[keep].astype(np.float64)
        total += weight * (score - values.mean()) / (values.std() + 1e-9)
    if named is not None:
        total += w.cc_named_module * np.array([c.module == named for c in snap.chunks])
    searched = np.nonzero(keep)[0]
    best = searched[np.argsort(-total[searched], kind="stable")[:limit]]
    return {int(i): float(total[i]) for i in best}


def _idf_share(snap: CorpusSnapshot, query_tokens: list[str], unknown: frozenset[str]) -> float:
    """IDF-weighted share of the question's terms unknown to the corpus and the glossary.
    (English questions are exempt: their words are naturally unknown to a German corpus.)"""
    weights = {t: snap.idf(t) for t in query_tokens}
    return sum(w for t, w in weights.items() if t in unknown) / (sum(weights.values()) or 1.0)


def named_module(query: str) -> int | None:
    """The module number a question names ("Was sagt Modul 3 zu …"), if any."""
    found = _MODULE_RE.search(query)
    return int(found.group(1)) if found else None


def _mask(snap: CorpusSnapshot, module: int | None, source: str | None) -> np.ndarray | None:
    if module is None and not source:
        return None
    return np.array(
        [
            (module is None or c.module == module) and (not source or c.source == source)
            for c in snap.chunks
        ],
        dtype=bool,
    )
