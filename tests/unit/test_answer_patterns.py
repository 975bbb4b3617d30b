"""The answer-type, question-form and unit patterns are validated data with a rationale each."""

from __future__ import annotations

import tomllib

import pytest

from tutor.answer.patterns import (
    PATTERNS_FILE,
    PatternError,
    counted,
    parse,
    patterns,
    question_form,
)
from tutor.prompts import load

pytestmark = pytest.mark.unit


def raw() -> dict:
    return tomllib.loads(PATTERNS_FILE.read_text(encoding="utf-8"))


def test_every_category_names_its_general_class_in_one_line():
    data = raw()
    for group in ("antworttyp", "frageform", "einheit"):
        for name, entry in data[group].items():
            rationale = entry["rationale"].strip()
            assert rationale, f"{group}.{name}"
            assert "\n" not in rationale, f"{group}.{name}"


def test_every_answer_type_has_a_partial_opening_for_the_learner():
    openings = load("antworten")["teilweise"]
    for kind in patterns().answer_types:
        assert kind.name in openings
        assert "Kursmaterial" in openings[kind.name]


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"antworttyp": {"x": {"frage": "a", "antwort": "b"}}}, "Begründung"),
        ({"antworttyp": {"x": {"rationale": "r", "frage": "(", "antwort": "b"}}}, "ungültig"),
        ({"antworttyp": {"x": {"rationale": "r", "frage": "<<fehlt>>", "antwort": "b"}}}, "fehlt"),
        (
            {"frageform": {"x": {"rationale": "r", "frage": "a", "einheit": ["gibtsnicht"]}}},
            "unbekannt",
        ),
        ({"materialwoerter": {"woerter": []}}, "Liste von Wörtern"),
        ({"materialwoerter": {"rationale": ""}}, "Begründung"),
    ],
)
def test_a_broken_pattern_file_stops_with_a_german_message(broken, message):
    data = raw()
    for group, entries in broken.items():
        data[group] = {**data[group], **entries}
    with pytest.raises(PatternError, match=message):
        parse(data)


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("Welche Vorteile bringt KI im Büro?", "aufzaehlung"),
        ("Um wie viel Prozent stieg der Umsatz?", "menge"),
        ("Warum ist Datenqualität so wichtig?", "grund"),
        ("Was ist ein digitaler Zwilling?", "definition"),
        ("Gibt es dafür ein Praxisbeispiel mit konkreten Zahlen?", "beispiel"),
        ("Can you give me some examples?", "beispiel"),
        # experience questions: has a business done it, how does it look in one
        ("Hat eine Bäckerei so etwas bereits eingeführt?", "beispiel"),
        ("Wie sieht das in einer Arztpraxis aus?", "beispiel"),
        ("Has any small firm tried this?", "beispiel"),
        # a case asked for as a noun, or a business that already does it
        ("Kannst du mir einen Fall nennen, wo das schiefging?", "beispiel"),
        ("Gibt es dazu eine Erfolgsgeschichte mit Zahlen?", "beispiel"),
        ("Kennen Sie eine Firma, die das so macht?", "beispiel"),
        ("Welcher Betrieb im Kurs macht das schon?", "beispiel"),
        ("Wie gehe ich bei der Einführung vor?", "verfahren"),
        # the asker as the one who acts: a procedure, whatever the verb
        ("Wie erstelle ich eine KI-Roadmap?", "verfahren"),
        ("Wie messen wir den Erfolg?", "verfahren"),
        ("Wie erstellt man ein Dateninventar?", "verfahren"),
        ("Which tools help with invoices?", "werkzeuge"),
        ("Und wie gut hat das am Ende geklappt?", "ergebnis"),
        # a condition, a duty or permission, the existence of tools
        ("Wann lohnt es sich, eine KI selbst entwickeln zu lassen?", "bedingung"),
        ("When does it make sense to build our own AI?", "bedingung"),
        ("Muss ich dafür erst eine dicke Strategie schreiben?", "erlaubnis"),
        ("Can I let the AI decide who gets hired?", "erlaubnis"),
        ("Gibt es Programme, die beim Aussortieren helfen?", "werkzeuge"),
        # a remedy, a cause
        ("Was würde helfen, damit die Programme zu unserer IT passen?", "abhilfe"),
        ("Das Tool bringt kaum was. Woran kann das liegen?", "grund"),
    ],
)
def test_question_forms_are_recognised_by_their_grammar(question, form):
    found = question_form(question)
    assert found is not None
    assert found.name == form


@pytest.mark.parametrize(
    "question",
    [
        "Welches Werkzeug nennt der Kurs als Beispiel für die Texterstellung?",
        "Which provider is named as an example of a cloud service?",
        "Haben Sie die Checkliste schon ausgefüllt?",
        # "Fall" in a phrase of its own is no request for a case
        "Was gilt im Fall eines Verstoßes gegen den AI Act?",
        "Ist eine Datenschutz-Folgenabschätzung auf jeden Fall nötig?",
        "Welche Unternehmen sind vom EU AI Act betroffen?",
    ],
)
def test_an_example_named_inline_is_not_a_request_for_a_case(question):
    found = question_form(question)
    assert found is None or found.name != "beispiel"


def test_a_question_counts_what_it_wants():
    assert counted("Welche drei grundlegenden Formen von KI gibt es?") == 3
    assert counted("What are the five steps?") == 5
    assert counted("Was ist KI?") is None


def test_the_answer_data_is_checked_before_the_first_question():
    from tutor.answer.checks import check_answer_data

    check_answer_data()  # raises PatternError with a German message when anything is broken


def test_the_module_question_form_finds_the_topic_and_rejects_a_broken_file(tmp_path):
    from tutor.retrieval.scope import module_question

    form = module_question()
    found = form.pattern.search("Was sagt Modul 3 zum EU AI Act?")
    assert found is not None
    assert found.group("thema") == "EU AI Act"
    found = form.pattern.search("Was steht in Modul 2 über den Datenschutz?")
    assert found is not None
    assert found.group("thema") == "den Datenschutz"
    assert form.pattern.search("Welche Ziele nennt Modul 10?") is None
    broken = tmp_path / "scope.toml"
    broken.write_text("[modulfrage]\nrationale = 'x'\nmuster = 'modul'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="thema"):
        module_question.__wrapped__(broken)


def test_a_broken_list_of_document_names_is_rejected(tmp_path):
    from tutor.retrieval.scope import english_document_names

    assert "guide" in english_document_names()["leitfaden"]
    broken = tmp_path / "scope.toml"
    broken.write_text("[dokumentfrage]\nrationale = 'x'\nenglisch = 'guide'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="englisch"):
        english_document_names.__wrapped__(broken)


def test_the_document_question_finds_its_topic_and_rejects_a_broken_file(tmp_path):
    from tutor.retrieval.scope import document_topic_pattern

    found = document_topic_pattern().search("Was sagt der Leitfaden über den EU AI Act?")
    assert found is not None
    assert found.group("thema") == "den EU AI Act"
    broken = tmp_path / "scope.toml"
    broken.write_text("[dokumentfrage]\nmuster = 'über'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="thema"):
        document_topic_pattern.__wrapped__(broken)


@pytest.mark.parametrize(
    ("question", "overview"),
    [
        ("What is module 3 about?", True),
        ("What does the guide cover?", True),
        ("Fasse Modul 4 zusammen", True),
        ("What does module 2 say about data protection?", False),  # a topic after "about"
        ("Was sagt Modul 3 zum EU AI Act?", False),
        ("Welche Phasen hat der Leitfaden?", True),  # the parts of a named document
        ("Welche Schritte umfasst Modul 10?", True),
        ("Welche Schritte nennt der Leitfaden für die Datenstrategie?", False),  # a topic
        ("Welche Schritte umfasst die Machbarkeitsstudie?", False),  # a chapter, not a document
    ],
)
def test_an_overview_request_is_told_from_a_question_about_a_topic(question, overview):
    from tutor.answer.overview import is_overview

    assert is_overview(question) is overview


@pytest.mark.parametrize(
    "question",
    ["Wann wurde der AI Act verabschiedet?", "Sollte ich meine Leute vorher fragen?"],
)
def test_a_date_question_or_a_request_for_advice_is_no_condition_or_permission(question):
    found = question_form(question)
    assert found is None or found.name not in ("bedingung", "erlaubnis")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Wer ist für sie verantwortlich?", True),
        ("Und wo könnte eine KI mir helfen, bessere Ergebnisse zu erzielen?", True),
        ("Jedes Unternehmen steht vor der Frage: Soll die Lösung eingekauft werden?", True),
        ("Dabei geht es um Fragen wie:\n- Welche Daten sind vorhanden?", True),
        # a statement that ends in what it asks about, and a plain statement, say something
        ("Dazu sollte eine Bestandsaufnahme erfolgen: Welche Systeme erfassen Daten?", False),
        ("Der EU AI Act wird schrittweise eingeführt.", False),
    ],
)
def test_a_sentence_that_only_asks_the_reader_is_recognised(text, asks):
    category = patterns().units["fragesatz"]
    assert category.text is not None
    assert bool(category.text.search(text)) is asks
    assert category.asked is not None
    assert category.asked.search("Welche Fragen stelle ich mir?")


@pytest.mark.parametrize(
    ("question", "comparison"),
    [
        ("Welches Tool hat die meisten Nutzer?", True),
        ("Welches Programm bekommt den höchsten Zuschuss?", True),
        ("Ist ChatGPT besser als Neuroflash?", True),
        # a superlative of importance before an abstract noun asks for the main points
        ("Was sind die größten Hürden für KMU bei KI laut der Seminararbeit?", False),
        ("Welche sind die größten Chancen von KI im Handwerk?", False),
    ],
)
def test_only_a_measured_or_graded_superlative_asks_for_a_comparison(question, comparison):
    from tutor.answer.answer_type import answer_type

    found = answer_type(question)
    assert (found is not None and found.name == "vergleich") is comparison, found
