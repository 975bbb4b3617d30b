"""A question scoped to one module: which module, and cosines centred on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pytest

from tutor.retrieval.scope import centred, named_document, scoped_module

pytestmark = pytest.mark.unit


@dataclass
class _Chunk:
    module: int | None


class _Snapshot:
    """Only what scoping reads: modules, chunk vectors, sentence vectors and their owners."""

    def __init__(self, modules: list[int | None], vectors: np.ndarray) -> None:
        self.chunks = [_Chunk(m) for m in modules]
        self.modules = sorted({m for m in modules if m is not None})
        self.chunk_vectors = vectors
        self.sent_vectors = vectors  # one sentence per chunk
        self.sent_owner = np.arange(len(modules))


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_the_one_named_module_scopes_the_search_and_a_filter_wins():
    snap = cast(Any, _Snapshot([1, 10, None], np.eye(3, dtype=np.float32)))
    assert scoped_module("Welche Kriterien nennt Modul 10?", snap, None) == 10
    assert scoped_module("Was sagt Modul 10?", snap, 1) == 1  # the learner's filter
    assert scoped_module("Was unterscheidet Modul 1 von Modul 10?", snap, None) is None
    assert scoped_module("Was sagt Modul 7?", snap, None) is None  # not in the material
    assert scoped_module("Was sagt Modul 10?", snap, None, "leitfaden.txt") is None


def test_centred_cosines_rank_by_what_sets_a_passage_apart_not_by_the_shared_topic():
    # axis 0 is the module's topic, shared by all its passages. The question is mostly topic
    # with a little of axis 1 (its specific words). Raw cosine prefers the passage that is
    # pure topic (an intro); centred on the module, the passage with axis 1 leads.
    topic_heavy = unit(1.0, 0.0, 0.3)
    specific = unit(0.8, 0.6, 0.0)
    others = [unit(0.8, -0.6, 0.0), unit(1.0, 0.0, -0.3), unit(0.0, 0.0, 1.0)]
    vectors = np.stack([topic_heavy, specific, *others])
    snap = cast(Any, _Snapshot([10, 10, 10, 10, 3], vectors))
    question = unit(1.0, 0.15, 0.0)
    raw = vectors @ question
    assert raw[0] > raw[1]
    dense, sent, best = centred(snap, question, 10)
    assert dense[1] > dense[0]
    assert sent[1] > sent[0]
    assert np.allclose(best, sent)


class _Titles:
    """Only what document naming reads: the titles of the documents."""

    titles = {
        "kurs.txt": "Kurs KI für KMU",
        "leitfaden.txt": "Leitfaden zur Integration von KI",
        "seminar.txt": "Seminararbeit KI Herausforderungen",
    }


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("Was rät der Leitfaden zur Budgetplanung?", "leitfaden.txt"),
        ("Welche Beispiele nennt der Kurs?", "kurs.txt"),
        ("Wie sieht die Seminararbeit die Kosten?", "seminar.txt"),
        ("What does the integration guide say about audits?", "leitfaden.txt"),
        ("Which tools does the course mention?", "kurs.txt"),
        ("What does the seminar paper say about costs?", "seminar.txt"),
        # two documents are compared, not searched one at a time; a module names its own
        ("Was sagen Kurs und Leitfaden über Pilotprojekte?", None),
        ("Was sagt der Kurs in Modul 3 über Daten?", None),
        ("Wie messe ich den Erfolg eines Pilotprojekts?", None),
    ],
)
def test_a_question_naming_one_document_is_searched_in_it(question, source):
    assert named_document(question, cast(Any, _Titles())) == source
