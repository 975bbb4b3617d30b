"""Rules without models: follow-ups, glossary expansion, answer types, units, prompts."""

from __future__ import annotations

import pytest

from ingest.units import split_units
from tutor.answer.answer_type import expected_type, type_satisfied
from tutor.answer.service import RESOLVED_FROM, conversation
from tutor.prompts import PromptError, render
from tutor.retrieval.expansion import default_glossary
from tutor.retrieval.followup import (
    asks_to_elaborate,
    context_text,
    context_weight,
    in_context,
    refers_back,
)
from tutor.retrieval.text import tokens

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Und welche Pflichten gelten dafür?", True),
        ("Und im Handwerk?", True),
        ("Welche Beispiele nennt der Kurs dazu?", True),
        ("Was versteht man unter Predictive Maintenance?", False),
        ("Welche Pflichten gelten für Hochrisiko-KI nach dem EU AI Act?", False),
    ],
)
def test_refers_back(question, expected):
    assert refers_back(question) is expected


def test_a_question_without_a_topic_of_its_own_leans_on_the_conversation():
    weights = conversation()
    known = {"predictiv": 3, "maintenanc": 3, "versteht": 20, "handwerk": 5}
    own = context_weight("Was versteht man unter Predictive Maintenance?", known, weights)
    bare = context_weight("Und was kostet das?", known, weights)
    assert bare > own
    assert bare >= RESOLVED_FROM  # the answer reads it in the context of the earlier turns


def test_a_pro_form_that_announces_a_clause_does_not_refer_back():
    assert refers_back("Gibt es dafür ein Beispiel?")
    assert not refers_back("Was spricht dafür, dass KMU KI einsetzen?")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Können Sie das genauer erklären?", True),
        ("Erzähl mir mehr darüber.", True),
        ("Was bedeutet das konkret?", True),
        ("Could you explain that in more detail?", True),
        ("Können Sie Datenminimierung genauer erklären?", False),  # a topic of its own
        ("Gibt es dafür ein Beispiel?", False),  # examples have their own form
        ("Wie lange dauert das?", False),
    ],
)
def test_a_request_to_elaborate_has_no_topic_of_its_own(question, expected):
    assert asks_to_elaborate(question) is expected


def test_the_context_is_the_last_turns_oldest_first():
    earlier = ["Was ist KI?", "Was ist Predictive Maintenance?", "Und im Handwerk?"]
    assert context_text(earlier, 2) == "Was ist Predictive Maintenance? Und im Handwerk?"
    shown = in_context("Und was kostet das?", earlier, 2)
    assert shown.startswith("Und was kostet das?")
    assert "Predictive" in shown
    assert "Handwerk" in shown
    assert in_context("Was ist KI?", []) == "Was ist KI?"


def test_glossary_maps_everyday_and_english_words_to_course_terms():
    glossary = default_glossary()
    assert {"Mitarbeiter", "Widerstände"} <= set(
        glossary.expand("Meine Leute wehren sich gegen das neue System").terms
    )
    assert "DSGVO" in glossary.expand("Is our chatbot GDPR compliant?").terms
    assert glossary.expand("Was versteht man unter KI?").terms == []


def test_a_course_term_added_for_a_word_the_corpus_uses_is_reported_as_echoed():
    glossary = default_glossary()
    question = "Meine Leute haben Angst, dass der Computer ihnen die Arbeit wegnimmt."
    knows_computer = {"comput": 3, "arbeit": 5}  # the corpus has "Computer", not "Leute"
    found = glossary.expand(question, knows_computer)
    assert "rechenleist" in found.extra_tokens  # "Computer" → "Rechenleistung" …
    assert "rechenleist" in found.echoed  # … is only a second guess for BM25
    assert "mitarbeit" not in found.echoed  # "Leute" is not in the corpus: a real bridge
    assert glossary.expand(question).echoed == frozenset()  # without the corpus: nothing


def test_modal_particles_and_colloquial_indefinites_are_not_searched():
    assert tokens("Gibt's das schon? Das ist ja halt auch KI, oder?") == ["s", "ki"]
    assert tokens("Muss ich für den Spamfilter überhaupt irgendwas melden?") == ["spamfilt", "meld"]


def test_german_tokens_are_stemmed_and_split_at_hyphens():
    assert tokens("KI-Lösungen für Mitarbeitern") == ["ki", "losung", "mitarbeit"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Wie viel kostet ChatGPT Enterprise pro Nutzer?", "preis"),
        ("Was kostet eine Lizenz für das Tool pro Jahr?", "preis"),
        ("Was kosten die Schulungen?", "preis"),
        ("Ab welchem genauen Datum gelten die Pflichten?", "datum"),
        ("Wie hoch ist das maximale Bußgeld nach der DSGVO in Euro?", "betrag"),
        ("In welcher Stadt hat die Tischlerei ihren Sitz?", "ort"),
        ("Was versteht man unter Predictive Maintenance?", None),
        ("Der Wochenplan kostet mich Nerven – hilft KI?", None),
        ("Was kostet ToolSense pro Maschine und Jahr?", "preis"),
        ("Welche Stromkosten verursacht ein eigener KI-Server?", "preis"),
        ("Wie viel Prozent der KMUs setzen KI ein?", "anteil"),
        ("Wie viele Stunden sollte eine Schulung dauern?", "dauer"),
        ("Welche Kündigungsfrist gilt für KI-Verträge?", "dauer"),
        ("Wie viele Mitarbeiter braucht ein KI-Projekt?", "anzahl"),
        ("How many employees must a company have?", "anzahl"),
        ("Wie oft sollte man die Roadmap überprüfen?", "haeufigkeit"),
        ("In welchen Abständen werden Audits durchgeführt?", "haeufigkeit"),
        ("How often should the system be audited?", "haeufigkeit"),
    ],
)
def test_expected_answer_type(question, kind):
    assert expected_type(question) == kind


def test_type_must_be_present_in_the_quotes():
    q = "Wie viel kostet eine Lizenz pro Monat?"
    assert not type_satisfied(q, ["Lizenzen werden pro Nutzer vergeben."])
    assert type_satisfied(q, ["Eine Lizenz kostet 20 € im Monat."])
    # a share is no price, and a year is no duration
    assert not type_satisfied(q, ["Die Lizenz senkte den Aufwand um 40 Prozent."])
    q = "Wie lange darf ich Chatprotokolle aufbewahren?"
    assert not type_satisfied(q, ["Chatprotokolle gibt es bei uns seit 2024."])
    assert type_satisfied(q, ["Chatprotokolle werden nach sechs Monaten gelöscht."])
    # the unit named in the question is no answer: "nach wie vielen Monaten" needs a number
    q = "Nach wie vielen Monaten hat sich das Tool bezahlt gemacht?"
    assert not type_satisfied(q, ["Das Tool wird seit Monaten genutzt."])
    assert type_satisfied(q, ["Das Tool hat sich nach sechs Monaten bezahlt gemacht."])


def test_a_count_answers_how_many_only_when_it_counts_the_asked_noun():
    q = "Ab wie vielen Mitarbeitern muss ein KMU nach dem AI Act etwas melden?"
    assert not type_satisfied(q, ["Der AI Act teilt KI-Systeme in vier Risikokategorien ein."])
    assert type_satisfied(q, ["Der AI Act gilt ab 50 Mitarbeitern für jedes KMU."])
    # a number followed by another noun counts that noun
    q = "Wie viele Belege verarbeitet die Tischlerei automatisch?"
    assert not type_satisfied(q, ["Die Tischlerei hatte zwei Mitarbeiter für Belege."])
    assert type_satisfied(q, ["Die Tischlerei verarbeitet 80 Prozent aller Belege automatisch."])
    # "wie viel" measures a mass: any figure on the subject answers it
    q = "Wie viel Aufwand spart die Tischlerei?"
    assert type_satisfied(q, ["Die Tischlerei spart 40 Prozent ihres Aufwands."])


def test_a_frequency_needs_a_stated_recurrence_not_just_regularly():
    q = "Wie oft sollte man die Roadmap überprüfen?"
    assert not type_satisfied(q, ["Die Roadmap sollte regelmäßig überprüft werden."])
    assert type_satisfied(q, ["Die Roadmap wird jährlich überprüft."])
    assert type_satisfied(q, ["Die Roadmap wird alle sechs Monate überprüft."])


def test_a_question_clause_never_supplies_the_answer_type():
    q = "Wie oft sollte man die KI-Systeme überwachen?"
    line = "23. Werden die KI-Systeme kontinuierlich überwacht?\n[ ] Ja\n[ ] Nein"
    assert not type_satisfied(q, [line])
    assert type_satisfied(q, ["Die KI-Systeme werden kontinuierlich überwacht."])


def test_typed_answer_must_be_about_the_question_subject():
    q = "Wie viele Stunden sollte eine Schulung dauern?"
    roadmap = "Planen Sie kurzfristig (3–6 Monate) die ersten Schritte der Roadmap."
    assert not type_satisfied(q, [roadmap])
    assert type_satisfied(q, ["Eine Schulung dauert meist zwei Tage."])
    # glossary synonyms count as the subject ("Fahrplan" → "Roadmap") …
    fahrplan = "Für welche Zeiträume stelle ich meinen Fahrplan auf?"
    assert type_satisfied(fahrplan, [roadmap], synonyms={"roadmap"})
    assert not type_satisfied(fahrplan, [roadmap])
    # … generic stems such as "KI" do not
    ki = "Wie viel Prozent der KMU nutzen KI?"
    assert not type_satisfied(ki, ["KI spart 30 Prozent Zeit."], generic={"ki", "kmu"})


def test_typed_answer_names_the_most_specific_subject_term_in_its_passage():
    q = "Wie viele Mitarbeiter braucht ein Unternehmen für ein KI-Projekt?"
    freq = {"mitarbeit": 30, "unternehm": 90, "projekt": 40, "brauch": 5}
    sentence = "Ein Unternehmen hat vier Risikokategorien zu beachten."
    assert not type_satisfied(q, [sentence], doc_freq=freq, passage=sentence)
    team = "Ein Projekt braucht zwei Mitarbeiter aus dem Fachbereich."
    assert type_satisfied(q, [team], doc_freq=freq, passage=team)


def test_units_keep_enumerations_whole():
    units = split_units(
        "In der Praxis unterscheidet man drei Formen:\n- Schwache KI: eng.\n- Starke KI: "
        "hypothetisch.\n- Generative KI: erzeugt Inhalte.\nDanach folgt ein Satz. Und noch einer."
    )
    assert units[0].text.count("\n- ") == 3
    assert [u.text for u in units[1:]] == ["Danach folgt ein Satz.", "Und noch einer."]


def test_prompt_templates_refuse_wrong_variables():
    assert "Modul 3" in render("antworten", "zitat.modul", nummer=3, titel="Daten")
    with pytest.raises(PromptError):
        render("antworten", "zitat.modul", nummer=3)
    with pytest.raises(PromptError):
        render("antworten", "zitat.modul", nummer=3, titel="x", extra="y")


@pytest.mark.parametrize(
    ("stem", "inside", "same"),
    [
        ("skalier", {"skali", "projekt"}, True),  # Skalierung / skalieren
        ("skalier", {"skaliert"}, True),  # Skalierung / skaliert
        ("daten", {"datenschutz"}, False),  # a compound is no form of the word
        ("kost", {"kosten"}, False),  # too short a root to tell
    ],
)
def test_forms_of_one_word_are_one_family(stem, inside, same):
    from tutor.retrieval.scope import same_family

    assert same_family(stem, frozenset(inside)) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("integration", "integri", True),  # Integration / integrieren (-ation, -ieren)
        ("dokumentation", "dokumentiert", True),  # Dokumentation / dokumentiert
        ("planung", "plan", True),  # Planung / planen (-ung)
        ("erfass", "erfasst", True),  # erfassen / erfasst (participle -t)
        ("nutzbar", "nutzung", True),  # nutzbar / Nutzung (-bar, -ung)
        ("markt", "mark", False),  # Markt / Marke: -t needs a root of five letters
        ("bearbeit", "verarbeit", False),  # a prefix changes the word
        ("kost", "kosten", False),  # no ending of the categories
    ],
)
def test_word_family_rule(a, b, same):
    from tutor.retrieval.family import same_family

    assert same_family(a, b) is same


def test_a_family_category_without_rationale_is_refused(tmp_path):
    from tutor.retrieval.family import endings

    broken = tmp_path / "wortfamilie.toml"
    broken.write_text('[kategorien.x]\nendungen = ["ung"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="rationale"):
        endings(broken)
