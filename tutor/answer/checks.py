"""Start-up check of the answerer's data: patterns, fitted weights, follow-up word classes,
the module-question form, the documents' English names and the partial-coverage openings. A
broken file stops the tutor with a German message instead of failing on the first question."""

from __future__ import annotations

from tutor.answer.asked import asked_rules
from tutor.answer.compose import composition
from tutor.answer.features import weights
from tutor.answer.multipart import rules as multipart_rules
from tutor.answer.patterns import PatternError, patterns
from tutor.prompts import load
from tutor.retrieval.followup import frame_stems, word_classes
from tutor.retrieval.scope import (
    document_topic_pattern,
    english_document_names,
    module_question,
)


def check_answer_data() -> None:
    """Load and validate everything the extractive answerer reads from data files."""
    found = patterns()
    multipart_rules()  # multi-part question categories (raises its own PatternError)
    asked_rules()  # what a question asks vs. what it tells (raises its own PatternError)
    try:
        weights()
        composition()
        word_classes()
        frame_stems()
        module_question()
        english_document_names()
        document_topic_pattern()
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise PatternError(f"Daten des Antwortmoduls fehlerhaft: {exc}") from exc
    openings = load("antworten").get("teilweise", {})
    missing = [t.name for t in found.answer_types if t.name not in openings]
    if missing:
        raise PatternError(
            f"prompts/antworten.toml: [teilweise] braucht Einträge für {', '.join(missing)}."
        )
