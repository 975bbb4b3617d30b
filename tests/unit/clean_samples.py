"""Names and texts shared by the unit tests of ingest.clean (the three corpus files)."""

from __future__ import annotations

from functools import cache

from tests.conftest import CORPUS

COURSE = "kurs-ki-fuer-kmu.txt"
GUIDE = "leitfaden-ki-integration-kmu.txt"
SEMINAR = "seminararbeit-ki-herausforderungen-kmu.txt"
GUIDE_FOOTER = "Leitfaden zur Integration von Künstlicher Intelligenz (KI) für KMU"

# The 29 questions of the KI-Readiness checklist in the guide, as cleaned lines.
CHECKLIST = [
    "1. Haben Sie klare strategische Ziele für die Implementierung von KI definiert?",
    "2. Gibt es spezifische Ziele für die Nutzung von KI in verschiedenen Geschäftsfeldern?",
    "3. Haben Sie eine Ist-Analyse der aktuellen Geschäftsprozesse erstellt?",
    "4. Werden Prozesse dokumentiert und Mitarbeiter befragt?",
    "5. Ist die Verfügbarkeit der benötigten Daten überprüft worden?",
    "6. Haben Sie die technischen Ressourcen (IT-Infrastruktur, Datenquellen) bewertet?",
    "7. Sind die personellen Ressourcen (Kompetenzen, Schulungsbedarf) analysiert worden?",
    "8. Steht ein ausreichendes Budget für Implementierung und Betrieb zur Verfügung?",
    "9. Haben Sie Geschäftsprozesse für Pilotprojekte priorisiert und ausgewählt?",
    "10. Wurde eine Risikoanalyse und Festlegung der Erfolgsfaktoren durchgeführt?",
    "11. Haben Sie eine Marktstudie zu verfügbaren KI-Tools und -Plattformen durchgeführt?",
    "12. Wurde ein Anbietervergleich und eine Proof of Concept (PoC) Phase gestartet?",
    "13. Sind Initialkosten und Betriebskosten berechnet worden?",
    "14. Wurden quantitative und qualitative Nutzen bewertet?",
    "15. Ist eine Break-Even-Analyse durchgeführt worden?",
    "16. Sind Maßnahmen zur Datensicherheit implementiert?",
    "17. Sind alle KI-Aktivitäten DSGVO-konform?",
    "18. Ist die IT-Infrastruktur für die Integration von KI geeignet?",
    "19. Gibt es einen detaillierten Integrationsplan für KI?",
    "20. Ist das erste KI-Pilotprojekt gestartet worden?",
    "21. Sind die Mitarbeiter im Umgang mit den KI-Tools geschult?",
    "22. Gibt es regelmäßige Schulungen und Workshops für Mitarbeiter?",
    "23. Werden die KI-Systeme kontinuierlich überwacht?",
    "24. Wird Feedback von Benutzern und Stakeholdern gesammelt und umgesetzt?",
    "25. Werden erfolgreiche Pilotprojekte skaliert und auf andere Bereiche ausgedehnt?",
    "26. Werden kontinuierlich neue KI-Anwendungsfälle gesucht und bewertet?",
    "27. Werden regelmäßige Audits zur Überprüfung der KI-Systeme durchgeführt?",
    "28. Wird die KI-Strategie basierend auf gesammelten Erkenntnissen regelmäßig angepasst "
    "und optimiert?",
    "29. Werden neue KI-Technologien und -Trends verfolgt und integriert?",
]


@cache
def corpus_texts() -> dict[str, str]:
    """The raw text of the three corpus files, by file name (read once per session)."""
    return {name: (CORPUS / name).read_text(encoding="utf-8") for name in (COURSE, GUIDE, SEMINAR)}


def lines(text: str) -> list[str]:
    return text.split("\n")
