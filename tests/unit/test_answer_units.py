"""Answer units know where they stand in their passage (for the highlighted source card)."""

from __future__ import annotations

import pytest

from tutor.answer.units import (
    CASE_JOIN,
    STORY,
    all_units,
    cases,
    defining_item,
    locate,
    pieces,
    story,
)
from tutor.retrieval.corpus import IndexedChunk

pytestmark = pytest.mark.unit

TEXT = (
    "Ein weiterer Nutzenbereich ist der Kundenservice. Chatbots beantworten Fragen rund um "
    "die Uhr.\n"
    "Ein Sanitärbetrieb mit 15 Mitarbeitern führte einen Chatbot ein. Die Kunden mögen ihn. "
    "Seitdem stiegen die Anfragen um 25 Prozent.\n"
    "Wichtig sind drei Dinge:\n- Daten\n- Menschen\n- Ziele\n"
    "Nach der Analyse werden Ziele formuliert. Diese sollten messbar sein."
)


def chunk(text: str = TEXT) -> IndexedChunk:
    return IndexedChunk(
        "c1",
        text,
        "Kurs › Modul 2",
        "kurs.txt",
        "Kurs",
        2,
        "Chancen",
        None,
        "4. Kundenservice",
        None,
        11,
    )


def test_every_unit_points_at_its_own_text_in_the_passage():
    c = chunk()
    for unit in all_units(c):
        pieces_of_text = [c.text[s:e] for s, e in unit.spans]
        assert unit.text.replace(CASE_JOIN, " ").split() == " ".join(pieces_of_text).split()


def test_an_enumeration_is_one_unit_with_its_lead_in():
    listed = [u for u in pieces(chunk()) if u.kind == "aufzaehlung"]
    assert len(listed) == 1
    assert listed[0].text.startswith("Wichtig sind drei Dinge:")
    assert listed[0].text.endswith("- Ziele")


def test_a_short_case_is_told_whole_from_its_opening_to_its_paragraphs_end():
    (case,) = cases(chunk())
    assert case.kind == "fall"
    assert case.text == (
        "Ein Sanitärbetrieb mit 15 Mitarbeitern führte einen Chatbot ein. Die Kunden mögen "
        "ihn. Seitdem stiegen die Anfragen um 25 Prozent."
    )
    assert len(case.spans) == 3


def test_a_long_case_joins_its_opening_and_its_outcome_with_the_figures():
    filler = " ".join(f"Im Schritt {n} wurde weiter geplant." for n in range(1, 16))
    text = (
        f"Ein Sanitärbetrieb mit 15 Mitarbeitern führte einen Chatbot ein. {filler} "
        "Seitdem stiegen die Anfragen um 25 Prozent."
    )
    assert len(text) > STORY
    (case,) = cases(chunk(text))
    assert case.text.startswith("Ein Sanitärbetrieb mit 15 Mitarbeitern")
    assert CASE_JOIN in case.text  # the sentences in between are left out
    assert case.text.endswith("um 25 Prozent.")
    assert len(case.spans) == 2


def test_a_story_goes_on_to_its_paragraphs_end_within_the_limit():
    opening = next(u for u in pieces(chunk()) if u.text.startswith("Ein Sanitärbetrieb"))
    assert story(opening, 1000).text.endswith("um 25 Prozent.")
    assert (
        story(opening, 90).text
        == "Ein Sanitärbetrieb mit 15 Mitarbeitern führte einen Chatbot ein. Die Kunden mögen ihn."
    )
    assert story(opening, 10) == opening


def test_a_sentence_that_refers_back_carries_its_antecedent():
    smart = [u for u in all_units(chunk()) if "messbar" in u.text]
    assert smart[0].text == "Nach der Analyse werden Ziele formuliert. Diese sollten messbar sein."


def test_a_chain_of_references_and_a_referring_list_go_back_to_what_they_refer_to():
    c = chunk(
        "Neue Technik bringt Veränderungen. Diese Veränderungen müssen besprochen werden. "
        "Denn nur so gelingt die Einführung.\n"
        "Manche Anwendungen werden verboten. Dazu gehören unter anderem:\n- Social Scoring\n"
        "- Massenüberwachung"
    )
    units = {u.text.split()[-1]: u for u in all_units(c)}
    assert units["Einführung."].text.startswith("Neue Technik bringt Veränderungen. Diese")
    assert units["Massenüberwachung"].text.startswith("Manche Anwendungen werden verboten. Dazu")
    assert units["Massenüberwachung"].kind == "aufzaehlung"


def test_a_list_without_a_lead_in_carries_the_sentence_it_spells_out():
    c = chunk(
        "Ist-Analyse erstellen: Dokumentieren Sie die aktuellen Prozesse.\n"
        "- Prozessdokumentation: Nutzen Sie Diagramme.\n- Mitarbeiterbefragung: Holen Sie "
        "Feedback ein."
    )
    listed = [u for u in all_units(c) if u.kind == "aufzaehlung"]
    assert [u.text.split("\n")[0] for u in listed] == [
        "Ist-Analyse erstellen: Dokumentieren Sie die aktuellen Prozesse."
    ]
    assert listed[0].text.endswith("- Mitarbeiterbefragung: Holen Sie Feedback ein.")


def test_locate_tolerates_different_white_space():
    assert locate("a  b\nc d", "b c") == (3, 6)
    assert locate("abc", "x") is None


STEPS = (
    "Technologieauswahl:\n"
    "- Marktstudie durchführen: Recherchieren Sie verfügbare KI-Tools.\n"
    "- Proof of Concept (PoC) Phase starten: Führen Sie eine PoC-Phase durch.\n"
    "- Anbietervergleich: Vergleichen Sie die Anbieter."
)


def test_a_definition_quotes_the_one_item_whose_head_names_the_term():
    c = chunk(STEPS)
    listed = next(u for u in pieces(c) if u.kind == "aufzaehlung")
    item = defining_item(listed, "Was ist ein Proof of Concept?")
    assert item is not None
    assert item.text == "Proof of Concept (PoC) Phase starten: Führen Sie eine PoC-Phase durch."
    start, end = item.spans[0]
    assert c.text[start:end] == item.text


def test_no_item_is_chosen_when_none_or_several_heads_name_the_term():
    listed = next(u for u in pieces(chunk(STEPS)) if u.kind == "aufzaehlung")
    assert defining_item(listed, "Was ist Datenminimierung?") is None
    assert defining_item(listed, "Was bedeutet durchführen oder starten?") is None
