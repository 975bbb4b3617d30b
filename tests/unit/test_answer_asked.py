"""What a question asks vs. what it tells: a story question is asked by its interrogative
sentence, and everyday words for the AI system ("der Computer") name no topic."""

from __future__ import annotations

import pytest

from tutor.answer.asked import ASKED_FILE, asked_rules, asked_text, stem_weights
from tutor.answer.patterns import PatternError
from tutor.retrieval.text import tokens

pytestmark = pytest.mark.unit

STORY = (
    "Meine Leute haben Schiss, dass ihnen der Computer den Job wegnimmt. "
    "Wie kriege ich die mit ins Boot?"
)


def test_the_rules_are_data_with_a_one_line_rationale_each():
    text = ASKED_FILE.read_text(encoding="utf-8")
    assert text.count("rationale =") == 1
    assert set(tokens("Computer")) <= asked_rules().lay_words


def test_a_story_question_is_asked_by_its_interrogative_sentence():
    assert asked_text(STORY) == "Wie kriege ich die mit ins Boot?"
    # one sentence, or only questions: the question itself is what is asked
    assert asked_text("Wie kriege ich meine Leute mit ins Boot?") is None
    assert asked_text("Was ist KI? Und was ist maschinelles Lernen?") is None


def test_everyday_words_for_the_ai_count_nothing_in_the_word_overlap():
    weight = stem_weights(tokens(STORY))
    (computer,) = tokens("Computer")
    (job,) = tokens("Job")
    assert weight[computer] == 0.0  # "der Computer" means the AI, not hardware
    assert weight[job] == 1.0
    question = "Welche Aufgaben übernimmt die KI in der Buchhaltung?"
    assert set(stem_weights(tokens(question)).values()) == {1.0}


def test_a_broken_rules_file_is_reported_in_german(tmp_path):
    broken = tmp_path / "asked.toml"
    broken.write_text('[alltagswoerter_fuer_ki]\nrationale = "x"\nwoerter = []\n', encoding="utf-8")
    with pytest.raises(PatternError, match="braucht 'woerter'"):
        asked_rules.__wrapped__(broken)
    broken.write_text('[andere]\nrationale = "y"\n', encoding="utf-8")
    with pytest.raises(PatternError, match="fehlt"):
        asked_rules.__wrapped__(broken)
