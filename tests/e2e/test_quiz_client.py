"""The "Quiz" and "Für Trainer" tabs through their named API endpoints (gradio_client).

The client keeps one session, so ``gr.State`` (the running quiz, the trainer's set) carries
over from one call to the next exactly as in the browser.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def client(server):
    from gradio_client import Client

    return Client(server, verbose=False)


def answer_input(radio: dict) -> tuple[str | None, str]:
    """(radio value, text) for the shown question: first option, or a typed guess."""
    if radio.get("visible"):
        return radio["choices"][0][1], ""
    return None, "Datenminimierung"


def test_quiz_start_check_and_next(client):
    question, radio, _box, feedback, result = client.predict("3", 3, api_name="/quiz_start")
    assert question.startswith("**Frage 1 von 3 · ")
    assert "Modul 3" in question
    assert feedback == ""

    same, _, _, hint, _ = client.predict(None, "", api_name="/quiz_check")
    assert same == question  # nothing chosen: same question, a German hint
    assert hint.startswith("⚠ Bitte ")

    choice, text = answer_input(radio)
    _, _, _, feedback, result = client.predict(choice, text, api_name="/quiz_check")
    assert feedback.startswith(
        ("✔ **Richtig", "✘ **Leider falsch. Richtig ist:", "✘ **Falsch – die Aussage stimmt")
    )
    assert "**Stand: " in feedback  # the running score
    assert "— Quelle: Modul 3 „Daten als Erfolgsfaktor“" in feedback
    assert result == ""

    question, _, _, feedback, _ = client.predict(api_name="/quiz_next")
    assert question.startswith("**Frage 2 von 3 · ")
    assert feedback == ""


def test_trainer_generate_and_export(client, tmp_path):
    listing, numbers, question, _options, answer, status, _file, _note = client.predict(
        "3", 3, ["mc", "tf", "cloze"], "7", api_name="/trainer_generate"
    )
    assert "Fragensatz: Modul 3 · 3 Fragen · Seed 7" in listing
    assert [n for _, n in numbers["choices"]] == [1, 2, 3]
    assert question
    assert answer
    assert status.startswith("✔ 3 Fragen erzeugt (Seed 7")

    path, note = client.predict("gift", api_name="/trainer_export")
    gift = Path(path)
    assert gift.name == "quiz-modul-3.gift"
    text = gift.read_text(encoding="utf-8")
    assert "$CATEGORY: $course$/KI-Tutor/Modul 3" in text
    assert "::Modul 3 – Frage 3::" in text
    assert note.startswith("✔ 3 Fragen als Moodle GIFT (.gift) exportiert")

    path, _ = client.predict("moodle-xml", api_name="/trainer_export")
    root = ET.parse(path).getroot()
    assert Path(path).name == "quiz-modul-3.xml"
    assert len([q for q in root.iter("question") if q.get("type") != "category"]) == 3


def test_trainer_refuses_an_invalid_edit(client):
    client.predict("3", 3, ["mc"], "1", api_name="/trainer_generate")
    listing, _, _, _, _, status, _, _ = client.predict(
        1, "Welcher Punkt?", "A\nB", "Blumenkohl", api_name="/trainer_save"
    )
    assert status.startswith("⚠ Die Änderung macht die Frage ungültig:")
    assert "Welcher Punkt?" not in listing
