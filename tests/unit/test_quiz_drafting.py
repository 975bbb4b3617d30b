"""The opt-in LLM path: the model drafts questions, every draft passes the same validator as
the rule-built items, rejected drafts are counted and replaced by rule-built items.

The model is LangChain's GenericFakeChatModel with scripted replies (the only fake allowed);
the packaged Gemma base model is tested in tests/integration/test_quiz_gemma.py.
"""

from __future__ import annotations

import json

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from tests.unit.test_quiz_fixtures import corpus_chunks, embedder
from tutor.llm.streaming import StreamLimits
from tutor.quiz.drafting import Drafter, parse_draft
from tutor.quiz.generate import QuizGenerator
from tutor.quiz.models import QuizScope

pytestmark = pytest.mark.unit
SEMINAR = QuizScope(source="seminararbeit-ki-herausforderungen-kmu.txt")

GOOD = {
    "frage": "Welche Herausforderung für die Einführung von KI nennt die Seminararbeit zuerst?",
    "richtig": "Die innovationsfeindliche Unternehmenskultur",
    "falsch": [
        "Fehlende Steckdosen in den Büroräumen",
        "Zu viele Kaffeepausen der Belegschaft",
        "Die Farbe des Firmenlogos",
    ],
}
# the key is not in the passage
UNSUPPORTED = {**GOOD, "richtig": "Die hohe Mehrwertsteuer auf Software"}
# a wrong option that the material states (the same passage, in other words)
TRUE_DISTRACTOR = {
    **GOOD,
    "falsch": [
        "Die Unternehmenskultur bestimmt, ob eine KI-Lösung erfolgreich ist",
        "Zu viele Kaffeepausen der Belegschaft",
        "Die Farbe des Firmenlogos",
    ],
}
ENGLISH = {
    "frage": "Which challenge does the seminar paper name first?",
    "richtig": "Die innovationsfeindliche Unternehmenskultur",
    "falsch": GOOD["falsch"],
}


def drafting_generator(*replies: str) -> QuizGenerator:
    model = GenericFakeChatModel(messages=iter(AIMessage(content=r) for r in replies))
    drafter = Drafter(model, StreamLimits(timeout_s=10, retries=0))
    return QuizGenerator(corpus_chunks(), embedder(), drafter)


def test_replies_are_parsed_as_drafts():
    assert parse_draft("Hier ist die Frage:\n" + json.dumps(GOOD)) is not None
    assert parse_draft("Eine Frage ohne JSON") is None
    assert parse_draft(json.dumps({**GOOD, "falsch": ["nur eine"]})) is None


def test_a_valid_draft_is_used_and_counted():
    gen = drafting_generator(json.dumps(GOOD, ensure_ascii=False))
    result = gen.generate(SEMINAR, 2, ["mc"], seed=1)
    drafts = [i for i in result.quiz.items if i.kind == "draft"]
    assert len(drafts) == 1
    assert drafts[0].answer == GOOD["richtig"]
    assert "innovationsfeindliche Unternehmenskultur" in drafts[0].source.quote
    llm = result.stats.llm
    assert llm is not None
    assert (llm.requested, llm.accepted, llm.replaced) == (1, 1, 0)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (json.dumps(UNSUPPORTED, ensure_ascii=False), "unsupported_answer"),
        (json.dumps(TRUE_DISTRACTOR, ensure_ascii=False), "distractor"),
        (json.dumps(ENGLISH, ensure_ascii=False), "bad_german"),
        ("Ich bin ein Sprachmodell und schreibe lieber ein Gedicht.", "malformed"),
    ],
)
def test_a_bad_draft_is_rejected_and_replaced_by_a_rule_built_item(reply, reason):
    gen = drafting_generator(reply)
    result = gen.generate(SEMINAR, 2, ["mc"], seed=1)
    assert all(i.kind != "draft" for i in result.quiz.items)
    llm = result.stats.llm
    assert llm is not None
    assert (llm.requested, llm.accepted, llm.replaced) == (1, 0, 1)
    assert any(key.startswith(reason) for key in llm.rejected), llm.rejected
    rule_built = QuizGenerator(corpus_chunks(), embedder()).generate(SEMINAR, 2, ["mc"], seed=1)
    assert len(result.quiz.items) == len(rule_built.quiz.items)


def test_without_an_llm_nothing_is_drafted():
    result = QuizGenerator(corpus_chunks(), embedder()).generate(SEMINAR, 2, seed=1)
    assert result.stats.llm is None
