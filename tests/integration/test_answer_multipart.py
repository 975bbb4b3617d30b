"""Questions that ask two things get both answered, in the order asked (real e5, real Chroma)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def position(answer: str, fact: str) -> int:
    found = answer.lower().find(fact.lower())
    assert found >= 0, f"{fact!r} fehlt in der Antwort:\n{answer}"
    return found


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        (  # two coordinated question clauses about two case studies
            "Wie nutzt die Steuerberatungskanzlei Notion AI, und was macht das "
            "Coaching-Unternehmen aus München mit HubSpot?",
            ("Wissensdatenbanken", "15 Prozent"),
        ),
        (  # two items of one enumeration, each asked in its own clause
            "Was ist schwache KI, und was versteht man unter generativer KI?",
            ("Schwache KI:", "Generative KI:"),
        ),
        (  # one question, two aspects after a dash
            "Was leistet KI im Kundenservice – beim Reinigungsunternehmen mit Tidio und beim "
            "Reparaturdienst mit Zendesk?",
            ("70 Prozent", "40 Prozent"),
        ),
    ],
)
def test_each_part_is_answered_in_the_order_asked(container, question, facts):
    answer = container.answers.ask(question)
    assert answer.coverage == "full"
    first, second = (position(answer.answer, fact) for fact in facts)
    assert first < second
    # each part's fact stands in a passage the answer cites (both may share one passage)
    for fact in facts:
        assert any(fact.lower() in c.passage.lower() for c in answer.citations)


def test_both_cases_of_a_plural_reference_are_told_with_their_outcome(container):
    answer = container.answers.ask("Welche Ergebnisse erzielten die beiden Sanitärbetriebe?")
    assert not answer.refused
    # the first case's figure and the second case's: each told to its outcome sentence
    assert "25 Prozent" in answer.answer
    assert "Drittel" in answer.answer
    assert len({c.chunk_id for c in answer.citations}) == 2


def test_two_named_documents_each_lead_their_own_part(container):
    answer = container.answers.ask(
        "Was sagen Leitfaden und Seminararbeit über Widerstände und Ängste der Belegschaft?"
    )
    sources = [c.source for c in answer.citations]
    assert any(s.startswith("leitfaden") for s in sources)
    assert any(s.startswith("seminararbeit") for s in sources)
    snap = container.corpus.snapshot()
    for citation in answer.citations:  # every quoted unit is text of the passage it cites
        chunk = snap.chunks[snap.by_id[citation.chunk_id]]
        for start, end in citation.highlights:
            assert " ".join(chunk.text[start:end].split()) in " ".join(answer.answer.split())


def test_a_document_says_its_piece_on_the_topic_even_when_it_is_in_a_second_place(container):
    # the seminar's view on the company culture (its second paragraph on it, close behind its
    # lead) stands beside the course's attitude of a master carpenter: each document has its say
    answer = container.answers.ask(
        "Was sagen Kurs und Seminararbeit über die Haltung im Betrieb beim Einstieg in KI?"
    )
    assert "Unternehmenskultur" in answer.answer
    assert "Haltung" in answer.answer
    sources = {c.source.split("-")[0] for c in answer.citations}
    assert sources == {"kurs", "seminararbeit"}


def test_a_lead_that_ends_its_paragraph_goes_on_with_the_list_it_introduces(container):
    # the advantages part leads with "KI kann … große Wirkung entfalten …"; the list of
    # advantages right after it ("Zu den wichtigsten Vorteilen zählen: …") says what they are
    answer = container.answers.ask(
        "Welche Vorteile und welche Herausforderungen sieht der Kurs bei KI für KMUs?"
    )
    assert "Entlastung von Routineaufgaben" in answer.answer
    assert "unstrukturierte Daten" in answer.answer


def test_a_question_that_asks_one_thing_keeps_its_one_part_answer(container):
    question = "Welche Vor- und Nachteile hat eine Cloud-Lösung für KI?"
    service = container.answers
    resolved, retrieval = service.retrieve(question, k=10)
    assert service.multipart(question, retrieval, None) is None


def test_a_plural_request_for_examples_tells_each_case_to_its_outcome(container):
    # no number is named: the cases close to the question are told, each from its passage
    answer = container.answers.ask(
        "Welche Firmen im Kurs haben ein Pilotprojekt später ausgeweitet?"
    )
    assert not answer.refused
    assert "andere Standorte ausgeweitet" in answer.answer
    assert "andere Dokumenttypen ausgeweitet" in answer.answer
    assert len({c.chunk_id for c in answer.citations}) == 2


def test_each_named_document_is_searched_with_the_topic_alone(container):
    # the course's make-or-buy advice, not a list of challenges that shares the question's
    # framing words; the seminar's own view beside it
    answer = container.answers.ask(
        "Was sagen Kurs und Seminararbeit dazu, ob man KI selbst entwickeln oder einkaufen sollte?"
    )
    assert "Zukauf" in answer.answer
    assert "Eigenentwicklung" in answer.answer
    sources = {c.source.split("-")[0] for c in answer.citations}
    assert sources == {"kurs", "seminararbeit"}


def test_a_part_led_by_an_anaphor_quotes_the_sentence_it_points_back_to(container):
    answer = container.answers.ask(
        "Welche KI-Systeme sind nach dem AI Act ganz verboten, und was gilt für Chatbots?"
    )
    # "Dazu gehören unter anderem: …" alone does not say what the list is
    assert position(answer.answer, "vollständig verboten") < position(answer.answer, "Dazu gehören")


def test_a_comparison_of_two_things_described_apart_answers_each_of_them(container):
    # the course defines Predictive Maintenance in module 1 and digital twins in module 5
    answer = container.answers.ask(
        "Worin unterscheiden sich Predictive Maintenance und digitale Zwillinge?"
    )
    assert answer.coverage == "full"
    assert position(answer.answer, "Warnung") < position(answer.answer, "virtuelle Abbilder")


def test_a_comparison_the_material_makes_in_one_place_keeps_that_place(container):
    answer = container.answers.ask("Was unterscheidet KI von klassischer Automatisierung?")
    assert answer.coverage == "full"
    assert answer.answer.find("Der Unterschied liegt darin") < 30


def test_a_request_for_two_things_lists_them_in_the_order_asked(container):
    answer = container.answers.ask(
        "Nennen Sie die drei Ziele des EU AI Act sowie die Pflichten für Anbieter von "
        "Hochrisiko-KI."
    )
    assert position(answer.answer, "Harmonisierung") < position(
        answer.answer, "Zu den zentralen Pflichten"
    )


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        (  # a question and a coordinated request (branch multi6)
            "Was ist ein digitaler Zwilling und nennen Sie ein Beispiel, wie KI "
            "Schweißnähte prüft.",
            ("virtuelle Abbilder", "Scortex"),
        ),
        (  # an English question with two coordinated clauses
            "How much did the Weber carpentry shop automate in its bookkeeping, and which tool "
            "does the construction company from Thuringia use?",
            ("80 Prozent", "BuchhaltungsButler"),
        ),
    ],
)
def test_a_question_with_a_request_or_an_english_clause_answers_each_from_its_passage(
    container, question, facts
):
    answer = container.answers.ask(question)
    first, second = (position(answer.answer, fact) for fact in facts)
    assert first < second
    # each part is quoted from its own passage, and both passages are cited
    cited = [c.passage.lower() for c in answer.citations]
    for fact in facts:
        assert any(fact.lower() in p for p in cited)
    assert len({c.chunk_id for c in answer.citations}) >= 2


def test_a_part_whose_fact_is_in_its_second_passage_quotes_it_too(container):
    # the definition part leads with the production passage ("vorausschauende Wartung"); the
    # sentence that says what Predictive Maintenance does stands in its second passage
    answer = container.answers.ask(
        "Was versteht man unter Predictive Maintenance, und was erledigt das Wartungssystem "
        "beim Maschinenbauer nebenbei?"
    )
    assert position(answer.answer, "eine Warnung ausgeben") >= 0
    assert position(answer.answer, "Wartungsprotokolle") >= 0
    assert any("eine Warnung ausgeben" in c.passage for c in answer.citations)


def test_a_later_clause_takes_its_subject_from_the_earlier_one(container):
    # "…, und wie lange sollte es dauern?" names no subject of its own: like a follow-up,
    # it asks about the earlier clause's pilot project, so a duration from an unrelated case
    # ("täglich rund 30 Minuten Schreibarbeit") does not answer it, and one about a pilot
    # project does
    answer = container.answers.ask("Was ist ein Pilotprojekt und wie lange sollte es dauern?")
    assert answer.coverage == "full", answer.answer
    assert "30 Minuten" not in answer.answer
    assert "Pilotprojekt" in answer.answer
