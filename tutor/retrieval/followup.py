"""Resolve follow-up questions ("Und welche Pflichten gelten dafür?") without an LLM.

A question refers back when it starts with a connective ("Und …", "Und im Handwerk?"), uses a
pro-form with no topic of its own ("dafür", "dazu", "das", "dort"), or is very short. It is then
made stand-alone by appending the topic words of the earlier question(s).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from tutor.retrieval.text import STOPWORDS, TOKEN_RE, fold

COMPOUND_RE = re.compile(r"\w+(?:-\w+)*")
WORDS_FILE = Path(__file__).with_name("followup.toml")


@cache
def word_classes(path: Path = WORDS_FILE) -> dict[str, tuple[str, ...]]:
    """The word classes of ``followup.toml``; each needs a one-line rationale and words."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = {}
    for name in ("anschluss", "proformen", "themenlos", "fuellwoerter"):
        entry = data.get(name, {})
        rationale, words = entry.get("rationale", ""), entry.get("woerter", [])
        if not rationale.strip() or "\n" in rationale.strip() or not words:
            raise ValueError(f"{path}: [{name}] braucht eine einzeilige Begründung und Wörter.")
        out[name] = tuple(str(w) for w in words)
    return out


def _connectives() -> tuple[str, ...]:
    return word_classes()["anschluss"]


def _pro_forms() -> frozenset[str]:
    return frozenset(word_classes()["proformen"])


def _topic_stop() -> frozenset[str]:
    classes = word_classes()
    return STOPWORDS | frozenset(classes["themenlos"]) | frozenset(classes["fuellwoerter"])


_MODULE_RE = re.compile(r"\b(?:Modul|module)\s+\d{1,2}\b", re.IGNORECASE)


def topic_words(question: str) -> list[str]:
    """Content words of a question in their original spelling (for a readable query)."""
    seen: set[str] = set()
    out: list[str] = _MODULE_RE.findall(question)  # "laut Modul 1" names where to look
    for word in COMPOUND_RE.findall(question):
        low = fold(word)
        short = len(low) < 3 and not word.isupper()
        if low in _topic_stop() or low in _pro_forms() or short or low in seen:
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
    if q.startswith(_connectives()):
        return True
    stop, pro = _topic_stop(), _pro_forms()
    own_topic = [w for w in words if w not in stop and w not in pro and len(w) > 2]
    has_pro_form = any(w in pro for w in words)
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
