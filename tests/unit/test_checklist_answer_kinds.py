"""The conversation's reading of answer kinds: not knowing, partial answers, plans,
rhetorical questions, contradictions and single letters (real rule interpreter, fake
answerer/actions from tests/unit/conftest.py)."""

from __future__ import annotations

import pytest

from tests.checklist_helpers import FOLLOW_UP, run

pytestmark = pytest.mark.unit


def test_not_knowing_gets_a_follow_up_that_does_not_mention_partial(conv):
    turn = run(conv, ["weiß ich nicht"])
    assert turn.messages == [FOLLOW_UP]
    assert "eilweise" not in turn.markdown
    assert turn.progress.current == 1
    assert turn.state.pending == "weiß ich nicht"
    turn = conv.reply(turn.state, "eher nein")
    recorded = turn.state.answers[1]
    assert (recorded.label, recorded.text, recorded.followup) == (
        "nein",
        "weiß ich nicht",
        "eher nein",
    )
    assert turn.progress.current == 2


@pytest.mark.parametrize("answer", ["teilweise", "jein", "nur für einen Teil", "so halb"])
def test_partial_answer_is_recorded_as_no_with_one_sentence(conv, answer):
    turn = run(conv, [answer])
    assert turn.state.answers[1].label == "nein"
    assert turn.state.pending is None
    assert turn.progress.current == 2  # recorded, not asked again
    assert turn.messages[0] == (
        "Notiert: **Nein**. „Teilweise“ zählt im Leitfaden nicht als Ja – dort zählen nur "
        "vollständig erfüllte Punkte."
    )


def test_partial_reply_to_the_follow_up_is_recorded(conv):
    turn = run(conv, ["keine Ahnung", "teilweise"])
    recorded = turn.state.answers[1]
    assert (recorded.label, recorded.followup) == ("nein", "teilweise")
    assert turn.progress.current == 2
    assert "„Teilweise“ zählt im Leitfaden nicht als Ja" in turn.messages[0]


@pytest.mark.parametrize(
    "answer", ["haben wir vor", "geplant", "ab nächstem Jahr", "Das planen wir für 2026"]
)
def test_plans_are_no(conv, answer):
    turn = run(conv, [answer])
    assert turn.state.answers[1].label == "nein"
    assert "Ein Vorhaben zählt im Leitfaden noch nicht als Ja" in turn.messages[0]


@pytest.mark.parametrize(
    ("answer", "label"),
    [
        ("na klar, warum auch nicht", "ja"),
        ("Wer denn nicht?", "ja"),
        ("was denn sonst", "ja"),
        ("aber sicher doch", "ja"),
        ("wieso denn nicht", "ja"),
        ("wer macht das heute nicht?", "ja"),
        ("warum sollten wir?", "nein"),
        ("wozu auch?", "nein"),
    ],
)
def test_rhetorical_questions_are_recorded_as_the_answer_they_mean(conv, answerer, answer, label):
    turn = run(conv, [answer])
    assert turn.state.answers[1].label == label
    assert turn.messages[0] == f"Notiert: **{label.capitalize()}**."
    assert turn.progress.current == 2  # recorded, not treated as a question back
    assert answerer.calls == []


def test_contradictory_answer_is_unclear_and_asked_back(conv):
    turn = run(conv, ["ja nein"])
    assert turn.state.pending == "ja nein"
    assert turn.messages == [
        "Sie haben Ja und Nein geschrieben. Was trifft eher zu – Ja oder Nein?"
    ]
    turn = conv.reply(turn.state, "eher ja")
    recorded = turn.state.answers[1]
    assert (recorded.label, recorded.text, recorded.followup) == ("ja", "ja nein", "eher ja")


@pytest.mark.parametrize(("answer", "label"), [("y", "ja"), ("n", "nein"), ("Y", "ja")])
def test_single_letters_y_and_n(conv, answer, label):
    turn = run(conv, [answer])
    assert turn.state.answers[1].label == label


def test_second_unclear_answer_is_recorded_as_unclear(conv):
    turn = run(conv, ["weiß nicht", "keine Ahnung"])
    assert turn.state.answers[1].label == "unklar"
    assert turn.state.pending is None
    assert turn.progress.current == 2
    assert "unklar" in turn.messages[0]
