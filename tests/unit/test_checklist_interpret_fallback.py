"""Interpreting checklist answers: the embedding and LLM fallbacks, and odd or random inputs."""

from __future__ import annotations

import re
import zlib

import numpy as np
import pytest

from tutor.checklist.interpret import AnswerInterpreter, Interpretation, load_examples
from tutor.checklist.models import ANSWER_LABELS, AnswerLabel

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def interp() -> AnswerInterpreter:
    return AnswerInterpreter()


# --- embedding fallback and LLM -------------------------------------------------------------
class BagOfWords:
    """Deterministic stand-in for an embedding model: hashed word counts."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                out[row, zlib.crc32(word.encode()) % 256] += 1.0
        return out


def test_embedding_fallback_decides_when_rules_are_silent() -> None:
    embed = BagOfWords()
    interp = AnswerInterpreter(embed=embed)
    result = interp.interpret("Unsere Technik ist ziemlich alt, da geht wenig")
    assert (result.label, result.rule) == ("nein", "embedding")
    interp.interpret("Das hat der Datenschutzbeauftragte so abgenommen, passt schon")
    interp.interpret("Unsere Technik ist ziemlich alt")
    assert embed.calls[0] == len(load_examples())  # examples embedded once, then cached
    assert all(n == 1 for n in embed.calls[1:])


def test_embedding_not_used_when_rules_are_confident() -> None:
    embed = BagOfWords()
    assert AnswerInterpreter(embed=embed).interpret("nein").rule == "rule:neg"
    assert embed.calls == []


def test_broken_embedding_or_llm_never_raises() -> None:
    def broken_embed(texts: list[str]) -> np.ndarray:
        raise RuntimeError("kaputt")

    def broken_llm(answer: str, question: str) -> AnswerLabel | None:
        raise RuntimeError("kaputt")

    interp = AnswerInterpreter(embed=broken_embed, llm_decide=broken_llm)
    result = interp.interpret("Unser Dienstleister aus Würzburg")
    assert (result.label, result.rule) == ("unklar", "fallback")


def test_llm_asked_only_when_nothing_is_confident() -> None:
    asked: list[tuple[str, str]] = []

    def llm(answer: str, question: str) -> AnswerLabel | None:
        asked.append((answer, question))
        return "nein"

    interp = AnswerInterpreter(llm_decide=llm)
    assert interp.interpret("ja").rule.startswith("rule:")
    result = interp.interpret("Das Budget ist sehr knapp", "Steht ein Budget zur Verfügung?")
    assert (result.label, result.rule) == ("nein", "llm")
    assert asked == [("Das Budget ist sehr knapp", "Steht ein Budget zur Verfügung?")]


# --- fuzz -------------------------------------------------------------------------------------
def _check(result: Interpretation) -> None:
    assert result.label in (*ANSWER_LABELS, None)
    assert (result.label is None) != (result.command is None)
    assert 0.0 <= result.confidence <= 1.0


@pytest.mark.parametrize(
    "answer",
    [
        "",
        " ",
        "\x00",
        "🙂",
        "😀" * 500,
        "a" * 10_000,
        "nein " * 2_000,
        "?!?!",
        "ß" * 50,
        "\u202f\u200b",
        "ja\nnein\nweiß nicht",
        "1. Ja ☐ Nein",
        "Ｊａ",
        "JA" * 5_000,
    ],
)
def test_odd_inputs(interp: AnswerInterpreter, answer: str) -> None:
    _check(interp.interpret(answer))


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pass
else:
    _FUZZ = AnswerInterpreter(embed=BagOfWords())

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=300))
    def test_fuzz_any_text(answer: str) -> None:
        _check(_FUZZ.interpret(answer))

    @settings(max_examples=100, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "ja",
                    "nein",
                    "nicht",
                    "aber",
                    ",",
                    "?",
                    "weiß",
                    "was",
                    "teilweise",
                    "weiter",
                    "noch",
                    "kein",
                    "😀",
                    "schon",
                ]
            ),
            max_size=12,
        )
    )
    def test_fuzz_word_salad(words: list[str]) -> None:
        _check(_FUZZ.interpret(" ".join(words)))
