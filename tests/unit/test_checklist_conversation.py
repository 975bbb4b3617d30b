"""The checklist conversation engine with the real rule interpreter and a fake answerer/actions.

The guide actions (next steps from the index) are tested in test_checklist_actions.py.
"""

from __future__ import annotations

import pytest

from tests.checklist_helpers import FOLLOW_UP, run
from tests.conftest import CORPUS
from tutor.checklist.pdf import render_pdf
from tutor.checklist.report import render_markdown
from tutor.checklist.state import ChecklistState

pytestmark = pytest.mark.unit

GUIDE = CORPUS / "leitfaden-ki-integration-kmu.txt"
TOP_VERDICT = "Ihr Unternehmen ist sehr gut auf die Integration von KI vorbereitet."
LOW_VERDICT = (
    "Ihr Unternehmen ist derzeit nicht bereit für die Integration von KI und sollte zuerst "
    "die Grundlagen schaffen."
)


def test_start_asks_first_question_with_section_and_help(conv):
    turn = conv.start()
    assert turn.progress.current == 1
    assert turn.progress.total == 29
    assert "„zurück“" in turn.markdown
    assert "„Ergebnis“" in turn.markdown
    assert turn.messages[-1] == (
        "Abschnitt Zielsetzung klären, Frage 1 von 29: Haben Sie klare strategische Ziele "
        "für die Implementierung von KI definiert?"
    )


def test_question_text_names_section_and_position(conv, checklist):
    text = conv.question_text(checklist.item(13))
    assert text == (
        "Abschnitt Kosten-Nutzen-Analyse, Frage 13 von 29: "
        "Sind Initialkosten und Betriebskosten berechnet worden?"
    )


def test_all_yes_gives_top_band_with_exact_verdict(conv, actions):
    turn = run(conv, ["ja"] * 29)
    assert turn.finished
    assert turn.question is None
    result = turn.result
    assert result is not None
    assert result.score == 29
    assert (result.band.min, result.band.max) == (25, 29)
    assert result.verdict == TOP_VERDICT
    assert result.next_steps == []
    assert actions.asked == []
    assert all(s.ja == s.total for s in result.sections)
    assert TOP_VERDICT in turn.markdown


def test_mixed_run_with_question_back_back_and_skip(conv, answerer):
    turn = run(conv, ["ja"] * 14)  # now at question 15
    assert turn.progress.current == 15
    asked = turn.messages[-1]
    turn = conv.reply(turn.state, "Was ist mit Break-Even gemeint?")
    assert answerer.calls == [
        ("Was ist mit Break-Even gemeint?", ["Ist eine Break-Even-Analyse durchgeführt worden?"])
    ]
    assert turn.citations
    assert turn.citations[0].n == 1
    assert "Quellen:" in turn.messages[0]
    assert "Kosten-Nutzen-Analyse" in turn.messages[0]
    assert turn.messages[-1].endswith(asked)  # the same question again
    assert turn.progress.current == 15
    assert 15 not in turn.state.answers
    turn = conv.reply(turn.state, "not yet")  # 15: Nein
    turn = conv.reply(turn.state, "yes")  # 16: Ja
    turn = conv.reply(turn.state, "zurück")  # back to 16
    assert turn.progress.current == 16
    assert "Ihre bisherige Antwort: **Ja** („yes“)" in turn.markdown
    turn = conv.reply(turn.state, "nein, leider nicht")  # 16 changed to Nein
    assert turn.progress.current == 17
    turn = conv.reply(turn.state, "überspringen")  # 17 skipped
    assert turn.state.answers[17].label == "uebersprungen"
    turn = run(conv, ["ja"] * 12, turn)
    result = turn.result
    assert turn.finished
    assert result is not None
    assert result.score == 26
    assert [(s.item.no, s.status) for s in result.next_steps] == [
        (15, "nein"),
        (16, "nein"),
        (17, "uebersprungen"),
    ]
    assert result.next_steps[0].answer == "not yet"
    assert "Schritt zu Frage 15: Tun Sie es." in turn.markdown


def test_english_answers(conv):
    turn = run(conv, ["yes", "not yet", "no", "sure, we did that"])
    labels = [turn.state.answers[n].label for n in (1, 2, 3, 4)]
    assert labels == ["ja", "nein", "nein", "ja"]


def test_question_back_during_follow_up_keeps_follow_up(conv):
    turn = run(conv, ["weiß nicht", "Was heißt strategisch?"])
    assert turn.state.pending == "weiß nicht"
    assert turn.messages[-1].endswith(FOLLOW_UP)
    turn = conv.reply(turn.state, "ja")
    assert turn.state.answers[1].label == "ja"


def test_restart_discards_answers(conv):
    turn = run(conv, ["ja", "nein", "ja", "neu starten"])
    assert turn.state.answers == {}
    assert turn.progress.current == 1
    assert "von vorne" in turn.messages[0]


def test_early_result_counts_unanswered_as_not_yes(conv, actions):
    turn = run(conv, ["ja", "ja", "nein", "ja", "Ergebnis"])
    result = turn.result
    assert turn.finished
    assert result is not None
    assert result.score == 3
    assert result.verdict == LOW_VERDICT
    assert result.finished_early
    assert result.unanswered == 25
    assert actions.asked == [3]  # open questions get no advice, only "Nein"/unklar/skipped
    assert "25 noch offene Fragen" in turn.messages[0]
    assert sum(o.status == "offen" for o in result.outcomes) == 25


def test_back_on_first_question_and_empty_input(conv):
    turn = run(conv, ["zurück"])
    assert turn.progress.current == 1
    assert "erste Frage" in turn.messages[0]
    turn = conv.reply(turn.state, "   ")
    assert turn.progress.current == 1
    assert turn.state.answers == {}
    assert "Ja oder Nein" in turn.messages[0]


def test_skip_on_revisited_question_keeps_answer(conv):
    turn = run(conv, ["ja", "nein", "zurück", "weiter"])
    assert turn.state.answers[2].label == "nein"
    assert turn.progress.current == 3


def test_back_after_finish_reopens_last_question(conv):
    turn = run(conv, ["ja"] * 29)
    turn = conv.reply(turn.state, "ja")  # anything else: already finished
    assert turn.finished
    assert "abgeschlossen" in turn.messages[0]
    turn = conv.reply(turn.state, "zurück")
    assert not turn.finished
    assert turn.progress.current == 29
    turn = conv.reply(turn.state, "nein")
    assert turn.finished
    assert turn.result is not None
    assert turn.result.score == 28


def test_state_json_round_trip_resumes_mid_conversation(conv):
    turn = run(conv, ["ja", "no", "keine Ahnung"])  # follow-up open on question 3
    stored = turn.state.to_json()
    restored = ChecklistState.from_json(stored)
    assert restored == turn.state
    resumed = conv.resume(restored)
    assert resumed.progress.current == 3
    assert "Willkommen zurück" in resumed.messages[0]
    assert resumed.messages[-1].endswith(FOLLOW_UP)
    direct = conv.reply(turn.state, "eher ja")
    via_json = conv.reply(restored, "eher ja")
    assert via_json.state == direct.state
    assert via_json.messages == direct.messages


def test_state_of_another_checklist_restarts(conv, checklist):
    other = checklist.model_copy(update={"items": checklist.items[:-1]})
    stale = ChecklistState.new(other).model_copy(update={"index": 4})
    turn = conv.reply(stale, "ja")
    assert turn.state.answers == {}
    assert turn.progress.current == 1
    assert "geändert" in turn.messages[0]


def test_reply_does_not_mutate_given_state(conv):
    turn = run(conv, ["ja"])
    before = turn.state.model_copy(deep=True)
    conv.reply(turn.state, "nein")
    assert turn.state == before


def test_markdown_and_pdf_report_from_result(conv):
    turn = run(conv, ["ja"] * 12 + ["nein", "teilweise", "nein", "überspringen", "Ergebnis"])
    result = turn.result
    assert result is not None
    md = render_markdown(result)
    assert "**Punktzahl: 12 von 29 Fragen mit Ja beantwortet**" in md
    assert "| Kosten-Nutzen-Analyse | 0 | 3 |" in md
    assert "> „Schritt zu Frage 13: Tun Sie es.“" in md
    assert "Modul 8 „Strategische Einführung“" in md
    assert "### Zuerst angehen" in md
    pdf = render_pdf(result)
    assert pdf.startswith(b"%PDF")
