"""Which units an extractive answer quotes and which one leads."""

from __future__ import annotations

import pytest

from tutor.answer.compose import Candidate, Composition, select
from tutor.answer.features import FEATURES, is_category, is_intro
from tutor.answer.units import AnswerUnit
from tutor.retrieval.corpus import IndexedChunk
from tutor.retrieval.hybrid import Hit

pytestmark = pytest.mark.unit
PLAN = Composition(keep=3.0, max_units=3, budget=600)


def chunk(n: int, source: str = "kurs.txt") -> IndexedChunk:
    return IndexedChunk(f"c{n}", "", "Abschnitt", source, source, None, None, None, "A", None, n)


def cand(
    text: str,
    score: float,
    n: int = 1,
    order: int = 0,
    source: str = "kurs.txt",
    values: dict[str, float] | None = None,
    **named: float,
) -> Candidate:
    c = chunk(n, source)
    unit = AnswerUnit(text, c, (order,), ((0, len(text)),), "satz")
    given = {**dict.fromkeys(FEATURES, 0.0), **(values or {}), **named}
    return Candidate(unit, Hit(c, n, 0.0, 0.0, 0.0), given, score)


def test_the_best_unit_leads_and_close_runners_up_follow_in_reading_order():
    units = [
        cand("Zweitbester Satz.", 2.0, n=1, order=3),
        cand("Bester Satz.", 3.0, n=2, order=0),
        cand("Dritter Satz.", 1.5, n=1, order=1),
        cand("Weit abgeschlagen.", -5.0, n=3),
    ]
    chosen = [c.unit.text for c in select(units, "Frage?", PLAN)]
    assert chosen == ["Bester Satz.", "Dritter Satz.", "Zweitbester Satz."]


@pytest.mark.parametrize("kind", ["intro", "summary", "checklist"])
def test_intros_summaries_and_checklist_lines_never_lead_unasked(kind):
    units = [
        cand("Gute Planung hilft immer.", 5.0, n=1, values={kind: 1.0}),
        cand("Die Antwort.", 1.0, n=2),
    ]
    chosen = [c.unit.text for c in select(units, "Was hilft?", PLAN)]
    assert chosen[0] == "Die Antwort."
    # a module's opening or recap may follow (it often holds the advice), a checklist line
    # never (nor a statement about the material itself, see below)
    assert ("Gute Planung hilft immer." in chosen) is (kind != "checklist")


def test_a_checklist_line_may_lead_when_the_question_asks_for_the_checklist():
    units = [
        cand("12. Gibt es einen Plan?", 5.0, n=1, checklist=1.0),
        cand("Ein Plan hilft.", 1.0, n=2),
    ]
    chosen = select(units, "Was fragt die Checkliste zum Plan?", PLAN)
    assert chosen[0].unit.text == "12. Gibt es einen Plan?"


EXERCISE = "Zum Abschluss dieses Moduls empfiehlt sich folgende Übung: Prüfen Sie Ihre Tools."


def test_an_exercise_prompt_never_stands_in_an_answer_unasked():
    units = [cand(EXERCISE, 5.0, n=1), cand("Die Antwort.", 1.0, n=2)]
    chosen = [c.unit.text for c in select(units, "Was muss ich beachten?", PLAN)]
    assert chosen == ["Die Antwort."]


def test_an_exercise_prompt_stands_when_the_question_asks_for_the_exercise():
    units = [cand(EXERCISE, 5.0, n=1), cand("Die Antwort.", 1.0, n=2)]
    chosen = select(units, "Welche Übung empfiehlt das Modul?", PLAN)
    assert chosen[0].unit.text == EXERCISE


def test_an_exercise_prompt_with_the_asked_figure_may_stand():
    text = "Abschließend empfiehlt sich folgende Übung: eine Roadmap für 3–6 Monate."
    units = [cand(text, 5.0, n=1, type=1.0), cand("Die Antwort.", 1.0, n=2)]
    assert select(units, "Für welche Zeiträume?", PLAN)[0].unit.text == text


def test_a_heading_line_never_stands_in_an_answer():
    units = [
        cand("c) Begrenztes Risiko", 5.0, n=1),
        cand("Für Systeme mit begrenztem Risiko gelten Transparenzpflichten.", 1.0, n=1, order=1),
    ]
    chosen = [c.unit.text for c in select(units, "Und für begrenztes Risiko?", PLAN)]
    assert chosen == ["Für Systeme mit begrenztem Risiko gelten Transparenzpflichten."]


def test_the_unit_with_the_asked_figure_leads():
    units = [
        cand("Die Tischlerei nutzt ein Tool.", 4.0, n=1),
        cand("80 Prozent der Belege laufen automatisch.", 1.0, n=1, order=2, type=1.0),
    ]
    assert select(units, "Wie viel Prozent?", PLAN)[0].unit.text.startswith("80 Prozent")


def test_an_example_request_leads_with_a_case():
    units = [
        cand("Predictive Maintenance heißt vorausschauende Wartung.", 4.0, n=1),
        cand(
            "Ein Maschinenbauer … senkte Stillstände um 30 Prozent.", 0.5, n=2, form=1.0, case=1.0
        ),
    ]
    chosen = select(units, "Gibt es dafür ein Praxisbeispiel?", PLAN)
    assert chosen[0].unit.text.startswith("Ein Maschinenbauer")


def test_the_budget_keeps_answers_short_but_always_quotes_the_lead():
    long_lead = cand("Langer Satz " * 80, 3.0, n=1)
    units = [long_lead, cand("Kurzer Satz.", 2.9, n=2)]
    assert [c.unit for c in select(units, "Frage?", PLAN)] == [long_lead.unit]


def test_each_named_document_is_quoted():
    units = [
        cand("Starten Sie klein.", 3.0, n=1, source="kurs.txt"),
        cand("Wählen Sie Projekte mit geringem Risiko.", -9.0, n=2, source="leitfaden.txt"),
    ]
    alone = select(units, "Frage?", PLAN)
    assert [c.unit.chunk.source for c in alone] == ["kurs.txt"]
    both = select(units, "Frage?", PLAN, frozenset({"kurs.txt", "leitfaden.txt"}))
    assert {c.unit.chunk.source for c in both} == {"kurs.txt", "leitfaden.txt"}


def test_asking_for_examples_quotes_the_case_of_the_best_passage_and_more_cases():
    units = [
        cand("Kundenservice ist ein Nutzenbereich.", 6.0, n=1),
        cand("Ein Sanitärbetrieb … Anfragen stiegen um 25 Prozent.", 1.0, n=2, form=1.0, case=1.0),
        cand("Ein Reparaturdienst … 40 Prozent schneller.", 2.0, n=3, form=1.0, case=1.0),
    ]
    for u in units[1:]:
        object.__setattr__(u.unit, "kind", "fall")
    chosen = [c.unit.text for c in select(units, "Kannst du ein paar Beispiele nennen?", PLAN)]
    assert chosen[0].startswith("Ein Sanitärbetrieb")  # the topic's own (best) passage first
    assert any(t.startswith("Ein Reparaturdienst") for t in chosen[1:])


def test_a_content_free_exclamation_never_stands_in_an_answer():
    units = [
        cand("Herzlichen Glückwunsch!", 5.0, n=1),
        cand("Die Machbarkeitsstudie prüft Technik und Kosten.", 1.0, n=2),
    ]
    chosen = [c.unit.text for c in select(units, "Was prüft die Machbarkeitsstudie?", PLAN)]
    assert chosen == ["Die Machbarkeitsstudie prüft Technik und Kosten."]


@pytest.mark.parametrize(
    "text",
    [
        "Möge Ihr Unternehmen durch die Nutzung von KI weiterhin wachsen und gedeihen.",
        "Ich hoffe, dass dieser Leitfaden Ihnen die nötigen Werkzeuge gegeben hat.",
        "Abschließend möchte ich Ihnen für Ihr Engagement danken.",
        "Beginnen Sie noch heute mit der Reise in die Welt der Künstlichen Intelligenz.",
        "Sie haben den ersten wichtigen Schritt getan, um KI in Ihrem Unternehmen zu integrieren.",
        "Dieses Modul beleuchtet die wichtigsten rechtlichen Aspekte des KI-Einsatzes.",
        # the author speaks of themself: offers and advertisement in the closing words
        "Sollten Sie Unterstützung benötigen, stehe ich Ihnen gerne zur Seite.",
        "PS: Als freiberufliche Backoffice-Expertin biete ich Ihnen eine breite Palette an.",
    ],
)
def test_closing_formulas_and_statements_about_the_material_never_stand_unasked(text):
    units = [
        cand("Die Machbarkeitsstudie prüft Technik und Kosten.", 5.0, n=2),
        cand(text, 4.9, n=1),
    ]
    chosen = [c.unit.text for c in select(units, "Was prüft die Machbarkeitsstudie?", PLAN)]
    assert chosen == ["Die Machbarkeitsstudie prüft Technik und Kosten."]


def test_a_statement_about_the_material_stands_when_the_material_is_asked_about():
    units = [
        cand("Dieses Modul beleuchtet die rechtlichen Aspekte des KI-Einsatzes.", 5.0, n=1),
        cand("Die DSGVO gilt für alle Unternehmen.", 4.9, n=2),
    ]
    chosen = [c.unit.text for c in select(units, "Gib mir einen Überblick über Modul 9", PLAN)]
    assert chosen[0].startswith("Dieses Modul beleuchtet")


def test_the_lead_passage_goes_on_before_a_unit_of_another_passage():
    units = [
        cand("Ein Betrieb führte 2024 ein System ein.", 5.0, n=5, order=0),
        cand("Viele Betriebe haben wenig Infrastruktur.", 4.5, n=2, order=0),
        cand("Das Ergebnis: 30 Prozent schneller.", 4.0, n=5, order=2),
    ]
    chosen = [c.unit.text for c in select(units, "Gibt es ein Beispiel?", PLAN)]
    assert chosen == [
        "Ein Betrieb führte 2024 ein System ein.",
        "Das Ergebnis: 30 Prozent schneller.",
        "Viele Betriebe haben wenig Infrastruktur.",
    ]


@pytest.mark.parametrize(
    ("text", "defines"),
    [
        ("Datenminimierung: Es werden nur die nötigen Daten erhoben.", True),
        ("Beispiele für Ziele:\n- Die Angebotsbearbeitung beschleunigen.", False),
    ],
)
def test_a_list_lead_in_with_a_colon_defines_nothing(text, defines):
    unit = AnswerUnit(text, chunk(1), (0,), ((0, len(text)),), "satz")
    assert is_category(unit, "definition") is defines


@pytest.mark.parametrize(
    "text",
    [
        "Welche Anbieter es gibt, wird im kommenden Abschnitt der Seminararbeit näher erläutert.",
        "Im nächsten Modul werden Förderprogramme vorgestellt.",
    ],
)
def test_a_reference_to_another_part_of_the_material_is_a_signpost(text):
    unit = AnswerUnit(text, chunk(1), (0,), ((0, len(text)),), "satz")
    assert is_intro(unit)
    assert not is_intro(
        AnswerUnit("Offene Plattformen helfen.", chunk(1), (1,), ((0, 26),), "satz")
    )


FILL_IN = "Bitte füllen Sie den folgenden Test aus, um zu prüfen, ob Ihr Unternehmen bereit ist."


def test_an_instruction_to_fill_in_the_material_stands_only_when_the_checklist_is_asked():
    units = [cand(FILL_IN, 5.0, n=1), cand("Vergleichen Sie die Anbieter.", 1.0, n=2)]
    unasked = [c.unit.text for c in select(units, "Was prüfe ich vor der Anbieterwahl?", PLAN)]
    assert unasked == ["Vergleichen Sie die Anbieter."]
    asked = select(units, "Wie fülle ich die Checkliste aus?", PLAN)
    assert asked[0].unit.text == FILL_IN


REFLECTION = "Und wo könnte eine KI mir helfen, bessere oder schnellere Ergebnisse zu erzielen?"


def test_a_question_put_to_the_reader_never_stands_in_an_answer_unasked():
    units = [
        cand("Wie lohnt sich KI?", 6.0, n=1),
        cand("KI senkt die Kosten.", 5.0, n=2),
        cand(REFLECTION, 4.5, n=2, order=1),
    ]
    chosen = [c.unit.text for c in select(units, "Wie erkenne ich, ob sich KI lohnt?", PLAN)]
    assert chosen == ["KI senkt die Kosten."]


def test_reflection_questions_stand_when_the_question_asks_for_them():
    units = [cand(REFLECTION, 5.0, n=1), cand("KI senkt die Kosten.", 1.0, n=2)]
    chosen = select(units, "Welche Fragen soll ich mir am Ende stellen?", PLAN)
    assert chosen[0].unit.text == REFLECTION


def test_a_case_leads_when_the_question_asks_for_what_its_outcome_says():
    opening = "Ein Händler nutzte bislang Listen."
    case = AnswerUnit(f"{opening} … Der Umsatz stieg um 12 Prozent.", chunk(1), (0, 2), (), "fall")

    def lead(fits: float) -> str:
        given = {**dict.fromkeys(FEATURES, 0.0), "form": fits}
        units = [
            cand(opening, 5.0, n=1),
            Candidate(case, Hit(chunk(1), 1, 0.0, 0.0, 0.0), given, 6.0),
        ]
        return select(units, "Was hat die Auswertung dem Händler gebracht?", PLAN)[0].unit.kind

    assert lead(1.0) == "fall"  # the outcome is what is asked
    assert lead(0.0) == "satz"  # otherwise a case opens with its story, not as a whole


def test_a_first_person_quote_or_question_is_no_self_advertisement():
    quote = "Ein Schreinermeister sagt: „Ich sehe die KI als Werkzeug, nicht als Ersatz.“"
    units = [cand(quote, 5.0, n=1), cand("Die KI ergänzt die Erfahrung.", 4.9, n=2)]
    chosen = [c.unit.text for c in select(units, "Ersetzt KI den Meister?", PLAN)]
    assert chosen[0] == quote
