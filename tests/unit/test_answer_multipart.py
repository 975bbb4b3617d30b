"""Questions that ask two things are recognised by their structure (rules as validated data)."""

from __future__ import annotations

import tomllib

import pytest

from tutor.answer.multipart import (
    ASPECTS,
    CASES,
    CLAUSES,
    DOCUMENTS,
    MULTIPART_FILE,
    PatternError,
    case_count,
    question_parts,
    rules,
    without_documents,
)
from tutor.answer.multiphrases import COMPARISON, REQUEST

pytestmark = pytest.mark.unit


def texts(question: str, documents: tuple[str, ...] = ()) -> list[str]:
    split = question_parts(question, documents)
    return [] if split is None else [p.text for p in split.parts]


def test_every_category_names_the_structure_it_covers():
    data = tomllib.loads(MULTIPART_FILE.read_text(encoding="utf-8"))
    assert data["teilung"]
    for name, entry in data["teilung"].items():
        assert entry["rationale"].strip(), name
    assert rules().total_budget >= rules().part_budget


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        (
            "Was ist ein Dateninventar, und wer sollte es im Betrieb pflegen?",
            "Was ist ein Dateninventar?",
            "wer sollte es im Betrieb pflegen?",
        ),
        (
            "Welche Risiken nennt der Kurs beim Chatbot und wie geht man mit Beschwerden um?",
            "Welche Risiken nennt der Kurs beim Chatbot?",
            "wie geht man mit Beschwerden um?",
        ),
        (  # a question word after a preposition opens the second clause
            "Wie lange dauerte das Pilotprojekt, und um wie viel sank der Aufwand danach?",
            "Wie lange dauerte das Pilotprojekt?",
            "um wie viel sank der Aufwand danach?",
        ),
        (  # a yes/no clause after a comma
            "Wofür braucht man eine Datenstrategie, und muss man dafür einen Berater bezahlen?",
            "Wofür braucht man eine Datenstrategie?",
            "muss man dafür einen Berater bezahlen?",
        ),
    ],
)
def test_coordinated_question_clauses_become_parts_in_the_order_asked(question, first, second):
    split = question_parts(question)
    assert split is not None
    assert split.category == CLAUSES
    assert texts(question) == [first, second]


def test_a_later_clause_carries_the_clauses_asked_before_it():
    split = question_parts("Welche Förderprogramme gibt es, und wie hoch ist die Förderung?")
    assert split is not None
    assert [p.earlier for p in split.parts] == ["", "Welche Förderprogramme gibt es?"]


def test_a_frame_before_a_colon_stays_with_every_clause():
    parts = texts("Zwei Fragen zum Marketing: Welche Tools gibt es, und was bringt ein Newsletter?")
    assert parts == [
        "Zwei Fragen zum Marketing: Welche Tools gibt es?",
        "Zwei Fragen zum Marketing: was bringt ein Newsletter?",
    ]


def test_aspects_after_a_dash_each_get_the_head_of_the_question():
    question = "Wie setzt man KI im Vertrieb ein – bei der Lead-Bewertung und im Kundenservice?"
    split = question_parts(question)
    assert split is not None
    assert split.category == ASPECTS
    assert texts(question) == [
        "Wie setzt man KI im Vertrieb ein bei der Lead-Bewertung?",
        "Wie setzt man KI im Vertrieb ein im Kundenservice?",
    ]


def test_two_named_documents_are_parts_in_the_order_named():
    split = question_parts("Was sagen Kurs und Leitfaden über Datenschutz?", ("kurs", "leitfaden"))
    assert split is not None
    assert split.category == DOCUMENTS
    assert [p.source for p in split.parts] == ["kurs", "leitfaden"]


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("Was haben die beiden Handwerksbetriebe mit ihren Chatbots erreicht?", 2),
        ("Was erreichten alle drei Beratungsunternehmen mit KI?", 3),
        ("Wie sind beide Firmen beim Datenschutz vorgegangen?", 2),
    ],
)
def test_a_plural_or_numeral_reference_asks_for_several_cases(question, count):
    assert case_count(question) == count
    split = question_parts(question)
    assert split is not None
    assert split.category == CASES
    assert [p.case for p in split.parts] == list(range(1, count + 1))


@pytest.mark.parametrize(
    "question",
    [
        "Welche Praxisbeispiele für vorausschauende Wartung gibt es im Kurs?",
        "Welche Firmen haben ihr Pilotprojekt später ausgeweitet?",
        # a later clause without words of its own asks about the same cases
        "Welche Beispiele für Chatbots gibt es, und was haben sie gebracht?",
    ],
)
def test_a_plural_request_without_a_number_asks_for_several_close_cases(question):
    split = question_parts(question)
    assert split is not None
    assert split.category == CASES
    assert len(split.parts) == rules().unnumbered_cases
    assert all(p.unnumbered for p in split.parts)


def test_a_counted_reference_is_not_an_unnumbered_request():
    split = question_parts("Welche Ergebnisse erzielten die beiden Sanitärbetriebe?")
    assert split is not None
    assert [p.unnumbered for p in split.parts] == [False, False]


def test_a_later_clause_with_words_of_its_own_stays_a_clause():
    split = question_parts(
        "Welche Beispiele für Chatbots gibt es, und was kostet ein Chatbot im Monat?"
    )
    assert split is not None
    assert split.category == CLAUSES


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Wie hoch war die Zeitersparnis bei der Tischlerei Weber und beim Bauunternehmen?",
            [
                "Wie hoch war die Zeitersparnis bei der Tischlerei Weber?",
                "Wie hoch war die Zeitersparnis beim Bauunternehmen?",
            ],
        ),
        (
            "Was bringt KI im Marketing, im Vertrieb und im Service?",
            [
                "Was bringt KI im Marketing?",
                "Was bringt KI im Vertrieb?",
                "Was bringt KI im Service?",
            ],
        ),
    ],
)
def test_coordinated_prepositional_phrases_each_get_the_question(question, parts):
    assert texts(question) == parts


@pytest.mark.parametrize(
    ("question", "first"),
    [
        (
            "Welche Chancen und welche Risiken sieht der Kurs für KMU?",
            "Welche Chancen sieht der Kurs für KMU?",
        ),
        (
            "Wie viele Mitarbeiter und wie viele Kunden hat der Betrieb?",
            "Wie viele Mitarbeiter hat der Betrieb?",
        ),
    ],
)
def test_a_bare_interrogative_phrase_gets_the_predicate_it_shares(question, first):
    assert texts(question)[0] == first


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Was sagen Kurs und Leitfaden über Schulungen?", "Was sagen über Schulungen?"),
        (
            "Was soll laut Kurs und Leitfaden nach einem Pilotprojekt passieren?",
            "Was soll nach einem Pilotprojekt passieren?",
        ),
        (
            "Sollte man selbst entwickeln – was sagen Kurs und Seminararbeit?",
            "Sollte man selbst entwickeln – was sagen?",
        ),
    ],
)
def test_the_naming_of_the_documents_is_no_part_of_the_topic(question, topic):
    assert without_documents(question, {"kur", "leitfad", "seminararbeit"}) == topic


@pytest.mark.parametrize(
    "question",
    [
        "Welches Beispiel für Chatbots nennt der Kurs?",  # singular: one case
        "Wie hilft KI in Produktion und Handwerk?",  # one preposition for coordinated nouns
        "Was bringt KI im Marketing oder im Vertrieb mehr?",  # alternatives to choose from
        "Was ist Predictive Maintenance?",
        "Welche Vor- und Nachteile hat eine Cloud-Lösung?",  # coordinated nouns, one question
        "Wann und wie sollte man die Mitarbeiter einbinden?",  # too little for two questions
        # a statement before the question is context, not a second question
        "Ich hab einen kleinen Laden, und was gut läuft ist ausverkauft. Hilft mir KI dabei?",
        # alternatives to choose from ask one thing
        "Welches Tool ist am günstigsten: Tidio, ManyChat oder HubSpot?",
        # a dash before a clause of its own ("reicht es, wenn …") is no list of aspects
        "Wie halte ich Abläufe fest – reicht es, wenn ich sie im Kopf habe?",
        # a statement coordinated with a question is not two questions
        "Wir sind ein kleiner Betrieb und wie fangen wir mit KI an?",
    ],
)
def test_questions_that_ask_one_thing_are_not_split(question):
    assert question_parts(question) is None


def test_a_broken_rule_file_stops_with_a_german_message(tmp_path):
    broken = tmp_path / "multipart.toml"
    text = MULTIPART_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace("<<fragewort>>", "<<gibtesnicht>>", 1), encoding="utf-8")
    with pytest.raises(PatternError, match="unbekannten Baustein"):
        rules(broken)
    missing = tmp_path / "fehlt.toml"
    with pytest.raises(PatternError, match="fehlt oder ist fehlerhaft"):
        rules(missing)


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        (
            "Was unterscheidet ein Pilotprojekt von einem Proof of Concept?",
            "ein Pilotprojekt",
            "einem Proof of Concept",
        ),
        (
            "Worin unterscheiden sich Hochrisiko-KI und Systeme mit begrenztem Risiko?",
            "Hochrisiko-KI",
            "Systeme mit begrenztem Risiko",
        ),
        (
            "Was ist der Unterschied zwischen einer Strategie und einer Roadmap?",
            "einer Strategie",
            "einer Roadmap",
        ),
    ],
)
def test_a_comparison_asks_each_compared_thing_on_its_own(question, first, second):
    template = tomllib.loads(MULTIPART_FILE.read_text(encoding="utf-8"))["teilung"][COMPARISON][
        "vorlage"
    ]
    split = question_parts(question)
    assert split is not None
    assert split.category == COMPARISON
    assert texts(question) == [template.format(first), template.format(second)]


def test_a_request_with_two_objects_asks_each_with_its_verb_the_second_leaning_on_the_first():
    question = "Nennen Sie die Ziele des EU AI Act sowie die Zahl seiner Risikokategorien."
    split = question_parts(question)
    assert split is not None
    assert split.category == REQUEST
    first, second = split.parts
    assert (first.text, second.text) == (
        "Nennen Sie die Ziele des EU AI Act.",
        "Nennen Sie die Zahl seiner Risikokategorien.",
    )
    assert second.earlier == first.text
    assert not first.earlier


@pytest.mark.parametrize(
    "question",
    [
        "Nennen Sie die Ziele des EU AI Act.",  # one object
        "Was unterscheidet sich beim Datenschutz?",  # no two things compared
    ],
)
def test_one_thing_asked_in_these_frames_is_not_split(question):
    assert question_parts(question) is None
