"""Follow-up questions on the real corpus index (real e5, real Chroma): a pronoun binds the
question to the topic under discussion, a question with its own topic keeps it."""

from __future__ import annotations

import pytest

from tutor.evaluation import span_in

pytestmark = pytest.mark.integration


def cited(answer, span: str) -> bool:
    """Whether one of the answer's cited passages contains the span."""
    return any(span_in(span, c.passage) for c in answer.citations)


@pytest.mark.parametrize(
    ("previous", "question", "span"),
    [
        # "so etwas": the internal rules asked about before, done by a craft business
        (
            ["Brauche ich interne Regeln dafür, welche Inhalte unsere KI verwenden darf?"],
            "Hat so etwas schon mal ein Handwerksbetrieb umgesetzt?",
            "interne Richtlinie erstellt, die festlegt, welche Inhalte die KI nutzen darf",
        ),
        # "das": the limits of AI in services, not the limits of AI in general
        (
            ["Wo liegen die Grenzen von KI im Dienstleistungsbereich?"],
            "Und in welchen Bereichen ist das besonders heikel?",
            "Gerade im beratenden oder pflegerischen Umfeld ist Empathie",
        ),
        # "ihm … das": the retailer of the last question, not the chances of the first
        (
            [
                "Welche Chancen bietet KI laut Modul 2?",
                "Wie hat der Einzelhändler für Haushaltswaren seine Verkaufsdaten ausgewertet?",
            ],
            "Und was hat ihm das gebracht?",
            "Umsatzplus von 12 Prozent",
        ),
    ],
)
def test_a_pronoun_resolves_to_the_topic_under_discussion(container, previous, question, span):
    answer = container.answers.ask(question, previous)
    assert not answer.refused
    assert cited(answer, span)


def test_a_pronoun_inside_a_self_contained_question_keeps_its_own_topic(container):
    # "das" points to the first sentence of the question itself, not to the earlier question
    question = "Bei uns prüft ein Kollege jede Schweißnaht per Auge. Geht das mit KI schneller?"
    answer = container.answers.ask(question, ["Was regelt der EU AI Act?"])
    assert not answer.refused
    assert cited(answer, "setzt die KI-Lösung Scortex ein, um Schweißnähte zu prüfen")
    assert all(c.module != 11 for c in answer.citations)  # nothing of the AI Act


def test_a_new_topic_after_und_is_not_bound_to_the_old_one(container):
    answer = container.answers.ask(
        "Und wie hat der Maschinenbauer aus Sachsen seine Wartung verbessert?",
        ["Was bedeutet Datenminimierung?"],
    )
    assert not answer.refused
    assert cited(answer, "Seitdem plant das Unternehmen Wartungen proaktiv")
    assert "Datenminimierung" not in answer.answer


def test_an_example_request_is_read_with_the_topic_and_its_own_words(container):
    # retrieved on the topic alone, the English turn scores too low and was refused; the
    # request read in the topic ("Any concrete example? How can chatbots …") finds the case
    answer = container.answers.ask(
        "Any concrete example?", ["How can chatbots help small businesses in tourism?"]
    )
    assert not answer.refused
    assert cited(answer, "nutzt ein kleiner Ferienwohnungsanbieter auf Sylt die Plattform Chatfuel")
    # what a request adds to the topic counts: a case from the craft trades, not just any case
    crafts = container.answers.ask(
        "Gibt's dafür ein Beispiel aus dem Handwerk?",
        ["Kann ein Website-Chatbot die Kundenanfragen direkt in mein CRM übertragen?"],
    )
    assert "Sanitär" in crafts.lead


def test_a_case_asked_for_by_noun_or_by_a_business_is_an_example_request(container):
    # "einen Betrieb, bei dem das schon läuft" asks for a case of the topic under discussion;
    # read as a plain follow-up it quoted advice on data inventories instead
    answer = container.answers.ask(
        "Kennst du einen Betrieb, bei dem das schon läuft?",
        ["Wie kann KI bei der Buchhaltung helfen?"],
    )
    assert not answer.refused
    assert "Prozent" in answer.answer  # the case with its outcome
    assert any(w in answer.lead for w in ("Bauunternehmen", "Tischlerei"))


def test_a_duration_follow_up_takes_its_subject_from_the_earlier_nouns(container):
    # "Wie starte ich ein KI-Pilotprojekt?" names the subject with its noun, not its verb:
    # the duration must be one of a pilot project ("nach wenigen Wochen", "dreimonatiges …")
    answer = container.answers.ask(
        "Und wie lange dauert das?", previous=["Wie starte ich ein KI-Pilotprojekt?"]
    )
    assert answer.coverage == "full"
    assert "Pilotprojekt" in answer.answer
    assert any(w in answer.answer for w in ("Wochen", "Monat", "monatig"))


def test_an_experience_question_is_answered_by_the_whole_case(container):
    # "Hat das schon mal ein Betrieb umgesetzt?" asks for a case: it is told as the text
    # tells it, from the opening to its result, and nothing unrelated is appended
    answer = container.answers.ask(
        "Hat das schon mal ein Betrieb umgesetzt?",
        ["Wie kann KI bei der Wartung von Maschinen helfen?"],
    )
    assert answer.coverage == "full"
    assert answer.lead.startswith("Ein ")
    assert "Prozent" in answer.lead  # the result is part of the told case
    (citation,) = answer.citations
    assert span_in(answer.lead, citation.passage)  # one passage, in the text's own order


@pytest.mark.parametrize(
    ("previous", "question", "span"),
    [
        # "Tools" names the answer type, not a topic: the service tools, not the roadmap tools
        (
            ["Wie kann ein Dienstleister KI in der Kundenkommunikation einsetzen?"],
            "Welche Tools gibt es dafür?",
            "KI-Systeme wie ChatGPT, Tidio oder HubSpot Chatbot",
        ),
        (
            ["Wie kann KI bei der Auswahl von Bewerbern helfen?"],
            "Welche Programme gibt es dafür?",
            "Tools wie Recruitee oder Softgarden nutzen KI",
        ),
    ],
)
def test_a_request_word_asks_about_the_topic_under_discussion(container, previous, question, span):
    answer = container.answers.ask(question, previous)
    assert not answer.refused
    assert span in answer.lead
    assert all(c.module != 10 for c in answer.citations)  # not the roadmap's tool list


def test_a_follow_up_without_its_request_word_is_not_refused_for_an_unknown_word(container):
    # "Erfolgsgeschichte" is unknown to the material; "Zahlen" is known and still counts
    answer = container.answers.ask(
        "Gibt es dazu eine Erfolgsgeschichte mit Zahlen?",
        ["Wie kann KI im Vertrieb die Leads bewerten?"],
    )
    assert not answer.refused
    assert "22 Prozent" in answer.answer


def test_the_topic_applied_to_the_askers_own_business_is_not_refused(container):
    # "Bäckerei" is unknown to the material, but it describes the asker, not what is asked:
    # the learner gets what the AI Act regulates, not "Dazu steht nichts …"
    answer = container.answers.ask(
        "Was heißt das konkret für mich als Bäckerei?", ["Was regelt der EU AI Act?"]
    )
    assert not answer.refused
    assert answer.citations
    assert all(c.module == 11 for c in answer.citations)


@pytest.mark.parametrize(
    ("previous", "question", "span"),
    [
        # an ellipsis that narrows the topic to a kind of business: the quality-control case,
        # not Modul 5's general opening about AI in production and the crafts
        (
            ["Wie hilft KI bei der Qualitätskontrolle?"],
            "Und im Handwerk?",
            "setzt die KI-Lösung Scortex ein, um Schweißnähte zu prüfen",
        ),
        # "in a shop like ours" describes the asker; "that" is the data protection asked about
        (
            ["How should a small business handle data protection when using AI?"],
            "Who is responsible for that in a shop like ours?",
            "Gerade in kleinen Betrieben ist die Verantwortung oft nicht klar geregelt",
        ),
    ],
)
def test_the_topic_narrowed_to_the_askers_business_stays_the_topic(
    container, previous, question, span
):
    answer = container.answers.ask(question, previous)
    assert not answer.refused
    assert cited(answer, span)
    assert "Künstliche Intelligenz unterstützt produzierende Unternehmen" not in answer.lead
