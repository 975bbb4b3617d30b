"""Resolve follow-up questions ("Und welche Pflichten gelten dafür?") without an LLM.

A question refers back when it starts with a connective ("Und …", "Und im Handwerk?"), uses a
pro-form with no topic of its own ("dafür", "dazu", "das", "dort"), or is very short. It is then
made stand-alone by appending the topic words of the earlier question(s).
"""

from __future__ import annotations

import re

from tutor.retrieval.text import STOPWORDS, TOKEN_RE, fold

COMPOUND_RE = re.compile(r"\w+(?:-\w+)*")
_CONNECTIVES = ("und ", "aber ", "also ", "and ", "what about", "und?", "sowie ")
_PRO_FORMS = {
    "dafür",
    "dazu",
    "davon",
    "damit",
    "darüber",
    "darauf",
    "daran",
    "dabei",
    "dagegen",
    "hierfür",
    "hierzu",
    "dort",
    "da",
    "das",
    "dies",
    "diese",
    "dieser",
    "dieses",
    "diesen",
    "es",
    "sie",
    "ihn",
    "ihm",
    "ihnen",
    "denen",
    "deren",
    "dessen",
    "solche",
    "solchen",
    "it",
    "this",
    "that",
    "they",
    "them",
    "those",
    "there",
    "these",
}
_TOPIC_STOP = STOPWORDS | {"ki", "kmu", "kmus", "unternehmen", "beispiel", "beispiele"}
# Verbs and fillers of the earlier question that carry no topic ("Welche Vorteile bringt …",
# "Sollten KMUs … lieber …"); appended to a follow-up they only pull in unrelated passages.
_TOPIC_STOP |= {
    "bringt",
    "bringen",
    "sollten",
    "sollte",
    "soll",
    "sollen",
    "lieber",
    "gehört",
    "gehören",
    "nutzt",
    "hilft",
    "helfen",
    "macht",
    "machen",
    "konkret",
    "konkrete",
    "konkreten",
    "meinen",
    "meine",
    "meinem",
    "meiner",
    "unsere",
    "unseren",
    "unserem",
    "entwickle",
    "laut",
    "thema",
    "eigentlich",
    "genau",
    "wichtig",
    "wichtigsten",
    "besten",
    "beste",
    "ersten",
}
_MODULE_RE = re.compile(r"\bModul\s+\d{1,2}\b", re.IGNORECASE)


def topic_words(question: str) -> list[str]:
    """Content words of a question in their original spelling (for a readable query)."""
    seen: set[str] = set()
    out: list[str] = _MODULE_RE.findall(question)  # "laut Modul 1" names where to look
    for word in COMPOUND_RE.findall(question):
        low = fold(word)
        short = len(low) < 3 and not word.isupper()
        if low in _TOPIC_STOP or low in _PRO_FORMS or short or low in seen:
            continue
        seen.add(low)
        out.append(word)
    return out


def refers_back(question: str) -> bool:
    """True when the question needs the conversation to be understood."""
    q = fold(question).strip()
    words = TOKEN_RE.findall(q)
    if not words:
        return False
    if q.startswith(_CONNECTIVES):
        return True
    own_topic = [w for w in words if w not in _TOPIC_STOP and w not in _PRO_FORMS and len(w) > 2]
    has_pro_form = any(w in _PRO_FORMS for w in words)
    return (has_pro_form and len(own_topic) <= 2) or len(own_topic) <= 1


def resolve_followup(question: str, previous: list[str]) -> str:
    """A stand-alone version of ``question`` given the earlier questions (oldest first)."""
    if not previous or not refers_back(question):
        return question
    context = resolve_followup(previous[-1], previous[:-1])
    topic = [w for w in topic_words(context) if fold(w) not in fold(question)]
    if not topic:
        return question
    cleaned = re.sub(r"^\s*(und|aber|also|and)\s+", "", question, flags=re.IGNORECASE)
    cleaned = cleaned[:1].upper() + cleaned[1:]
    return f"{cleaned} ({' '.join(topic)})"
