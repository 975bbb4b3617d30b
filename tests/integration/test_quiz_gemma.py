"""The quiz's opt-in LLM drafts with a real model: the packaged Gemma-3-270M base model in
process through llama.cpp (``TUTOR_LLM=llamacpp:<gguf>``, ``TUTOR_QUIZ_DRAFTS=true``). A tiny
base model writes no valid question: the validator must reject every draft, and the set is
filled with rule-built items."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tutor.container import Container
from tutor.quiz.models import QuizScope

pytest.importorskip("llama_cpp", reason="make llamacpp installs llama-cpp-python")
pytestmark = [pytest.mark.integration, pytest.mark.slow]
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from bench_llm import gemma_gguf  # noqa: E402


def test_gemma_drafts_are_rejected_and_replaced(corpus_settings, embedder):
    # generous time budget: a shared 2-core machine may run Gemma at a few tokens/s
    settings = corpus_settings.model_copy(
        update={
            "llm": f"llamacpp:{gemma_gguf()}",
            "quiz_drafts": True,
            "llm_max_tokens": 160,
            "llm_timeout_s": 600.0,
        }
    )
    generator = Container(settings, embedder=embedder).quiz()
    assert generator.drafter is not None
    # the guide: module 3 now has only two multiple-choice structures of its own kind
    scope = QuizScope(source="leitfaden-ki-integration-kmu.txt")
    result = generator.generate(scope, 4, ["mc"], seed=3)
    llm = result.stats.llm
    assert llm is not None
    assert llm.requested == 2  # half the set was offered to the model
    assert llm.accepted == 0, [i.question for i in result.quiz.items if i.kind == "draft"]
    assert llm.replaced == llm.requested
    assert sum(llm.rejected.values()) + llm.errors == llm.requested
    # rule-built items filled every slot the material has rule-built items for
    plain = Container(corpus_settings, embedder=embedder).quiz().generate(scope, 4, ["mc"], seed=3)
    assert len(result.quiz.items) == len(plain.quiz.items) >= 3
    assert all(i.kind != "draft" for i in result.quiz.items)
