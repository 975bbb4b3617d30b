"""The words of a follow-up's request frame (``tutor/retrieval/followup.toml``
``[anfragerahmen]``): answer-type nouns, evaluative predicates and verbs of applying say what
is asked about the topic under discussion and do not search for a topic of their own."""

from __future__ import annotations

import pytest

from tutor.retrieval.followup import WORDS_FILE, frame_stems, topic_words

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Welche Tools gibt es dafür?", "Welche gibt es dafür?"),  # answer-type noun
        ("Gibt es dafür Zahlen?", "Gibt es dafür"),
        ("Warum ist das wichtig?", "Warum ist das"),  # evaluative predicate
        ("Lohnt sich das?", "sich das?"),
        ("Wie setze ich das im Marketing um?", "Wie ich das im Marketing um?"),  # applying
        ("Und welche Systeme eignen sich dafür?", "Und welche sich dafür?"),
    ],
)
def test_a_follow_up_searches_without_its_request_frame(question, topic):
    assert topic_words(question) == topic


@pytest.mark.parametrize(
    "question",
    [
        "Welche Tools gibt es für die Buchhaltung?",  # its own topic, no reference back
        "Warum ist Datenqualität wichtig?",
        "Und im Handwerk?",  # refers back, but has no frame word
    ],
)
def test_other_questions_keep_all_their_words(question):
    assert topic_words(question) == question


def test_the_frame_class_needs_a_rationale_and_words(tmp_path):
    text = WORDS_FILE.read_text(encoding="utf-8")
    assert "tool" in frame_stems()
    broken = tmp_path / "followup.toml"
    start = text.index("[anfragerahmen]")
    end = text.index("woerter", start)
    broken.write_text(text[:start] + "[anfragerahmen]\n" + text[end:], encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[anfragerahmen\]"):
        frame_stems(broken)
