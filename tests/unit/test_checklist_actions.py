"""Next steps from the guide: quotable bullets of a guide chunk, and a missing index."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.index import IndexMissingError
from tests.conftest import CORPUS
from tutor.checklist.actions import GuideActionFinder, candidates
from tutor.checklist.models import Checklist
from tutor.checklist.parse import parse_checklist
from tutor.checklist.result import ItemOutcome
from tutor.retrieval.corpus import IndexedChunk

pytestmark = pytest.mark.unit

GUIDE = CORPUS / "leitfaden-ki-integration-kmu.txt"


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return parse_checklist(GUIDE.read_text(encoding="utf-8"))


class _NoIndex:
    def retrieve(self, query, k=5, module=None, source=None):
        raise IndexMissingError("Es gibt noch keinen Index. Bitte zuerst tutor ingest ausführen.")


class _Embedder:
    name = "fake"
    dim = 4

    def embed_queries(self, texts):
        return np.ones((len(texts), 4), dtype=np.float32)

    def embed_passages(self, texts):
        return np.ones((len(texts), 4), dtype=np.float32)

    def count_tokens(self, text):
        return len(text.split())


def test_missing_index_gives_steps_with_a_reason(checklist):
    finder = GuideActionFinder(_NoIndex(), _Embedder())
    outcomes = [ItemOutcome(item=checklist.item(n), status="nein") for n in (13, 15)]
    steps = finder.next_steps(outcomes)
    assert [s.item.no for s in steps] == [13, 15]
    assert all(s.guide == [] and s.course == [] for s in steps)
    assert steps[1].note == "Es gibt noch keinen Index. Bitte zuerst tutor ingest ausführen."


def test_guide_chunk_is_split_into_quotable_bullets():
    chunk = IndexedChunk(
        chunk_id="k",
        text=(
            "Technische Ressourcen:\n"
            "- Break-Even-Analyse durchführen: Berechnen Sie den Zeitpunkt.\n"
            "- KPIs überwachen\n"
            "Ein längerer Satz ohne Aufzählung steht hier. Und noch einer mit Inhalt dazu."
        ),
        header="",
        source="leitfaden-ki-integration-kmu.txt",
        title="Leitfaden",
        module=None,
        module_title=None,
        chapter="Machbarkeitsstudie",
        section="Kosten-Nutzen-Analyse",
        page=None,
        position=0,
    )
    found = [(c.text, c.labelled, c.bare) for c in candidates(chunk)]
    assert found == [
        ("Break-Even-Analyse durchführen: Berechnen Sie den Zeitpunkt.", True, False),
        ("KPIs überwachen", False, True),
        ("Ein längerer Satz ohne Aufzählung steht hier.", False, False),
        ("Und noch einer mit Inhalt dazu.", False, False),
    ]
