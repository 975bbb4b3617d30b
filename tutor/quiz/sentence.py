"""Just enough German clause structure to turn a course sentence into a question, by rules and
word lists (``prompts/quiz_woerter.toml``, sections ``satz`` and ``zweck``), no parser:

* a main clause has its finite verb in second position: the *Vorfeld* before it is the
  subject or an adverbial ("Unternehmen | erhalten | Übergangsfristen");
* a question puts the verb first: "Wozu erhalten Unternehmen Übergangsfristen?";
* a subject that refers back ("Sie dienen dazu …", "Solche Modelle helfen …") is replaced by
  the Vorfeld of the sentence before, when that is a short noun phrase;
* possessives without a referent in a question become articles ("ihrer Maschinen" → "der
  Maschinen").

Every function returns None when the rule does not clearly apply; the caller then asks no
question rather than a broken one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.quiz.lexicon import lexicon, tool_names

MAX_VORFELD_WORDS = 6
MAX_ANTECEDENT_WORDS = 4
_TOKEN_EDGE = ",.;:!?„“\"'()"


@dataclass(frozen=True)
class Clause:
    """A main clause split at its finite verb."""

    vorfeld: list[str]
    verb: str
    rest: list[str]


def _word(token: str) -> str:
    return token.strip(_TOKEN_EDGE)


def split_clause(text: str) -> Clause | None:
    """Vorfeld, finite verb and rest of a main clause without commas (None if unclear)."""
    lex = lexicon()
    tokens = text.split()
    if len(tokens) < 3 or any(t.endswith((",", ";", ":")) for t in tokens[:-1]):
        return None
    for i in range(1, min(len(tokens), MAX_VORFELD_WORDS + 1)):
        word = _word(tokens[i])
        if not word or not word[0].islower() or word in lex.function_words:
            continue
        if word in lex.auxiliaries or _word(tokens[i - 1])[:1].isupper():
            return Clause(tokens[:i], word, tokens[i + 1 :])
        return None  # a lower-case word inside the Vorfeld that is no verb: unclear
    return None


def subject_like(vorfeld: list[str]) -> bool:
    """The Vorfeld is a noun phrase: no comma, not led by a preposition, conjunction or
    linking adverb ("Doch auch in …", "Daher"), and ending in a noun."""
    lex = lexicon()
    if not vorfeld or len(vorfeld) > MAX_VORFELD_WORDS or any("," in w for w in vorfeld):
        return False
    first = _word(vorfeld[0]).lower()
    if first in lex.connectives or (first in lex.function_words and first not in lex.determiners):
        return False
    return _word(vorfeld[-1])[:1].isupper()


_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


def lower_first(words: list[str]) -> str:
    """A Vorfeld moved behind the verb: a leading determiner ("Jede Phase" → "jede Phase") or
    adjective ("Kundenorientierte KI-Systeme" → "kundenorientierte …") in lower case."""
    if not words:
        return ""
    first = words[0]
    lex = lexicon()
    adjective = (
        len(words) > 1 and words[1][:1].isupper() and first.lower().endswith(_ADJECTIVE_ENDINGS)
    )
    if first.lower() in lex.determiners or first.lower() in lex.referring or adjective:
        first = first.lower()
    return " ".join([first, *words[1:]])


def without_connectives(words: list[str]) -> list[str]:
    """The words without adverbs that only link to the previous sentence ("daher")."""
    return [w for w in words if _word(w).lower() not in lexicon().connectives]


def refers_back(words: list[str]) -> bool:
    """The phrase starts with a word that points to an earlier sentence."""
    return bool(words) and _word(words[0]).lower() in lexicon().referring


def antecedent(previous: str) -> str | None:
    """The noun phrase a following "Sie"/"Diese …" can stand for: the Vorfeld of the previous
    sentence when it is a short noun phrase ("Pilotprojekte sind der Kern …" → "Pilotprojekte")."""
    if previous.rstrip().endswith("?"):
        return None
    clause = split_clause(previous.rstrip(". "))
    if clause is None or len(clause.vorfeld) > MAX_ANTECEDENT_WORDS:
        return None
    if not subject_like(clause.vorfeld) or refers_back(clause.vorfeld):
        return None
    return " ".join(clause.vorfeld)


_POSSESSIVE = re.compile(r"\b(\w+)\b")


def without_possessives(text: str) -> str | None:
    """Possessives replaced by articles ("Abbilder ihrer Maschinen" → "Abbilder der
    Maschinen"); None if an ambiguous form ("ihr", "sein") is left."""
    table = lexicon().possessives

    def swap(match: re.Match[str]) -> str:
        word = match.group(1)
        return table.get(word.lower(), word)

    out = _POSSESSIVE.sub(swap, text)
    if re.search(r"\b(?:ihr|sein|ihrer|seiner)\b", out, re.IGNORECASE):
        return None
    return out


def without_tool_list(sentence: str) -> str:
    """The sentence without the product names a tool noun lists ("Systeme wie Pipedrive AI,
    Salesforce Einstein oder Zoho CRM Plus helfen …" → "Systeme helfen …"): the names are
    examples, the statement is what the systems do. The list runs from "wie" over capitalised
    tokens and conjunctions to the first other word; unchanged when it names no product
    (:func:`tutor.quiz.lexicon.tool_names`) or when no clear list follows."""
    lex = lexicon()
    tokens = sentence.split()
    for i in range(len(tokens) - 2):
        if _word(tokens[i]) not in lex.tool_nouns or tokens[i + 1] != "wie":
            continue
        end = i + 2
        while (
            end < len(tokens)
            and (tokens[end][:1].isupper() or tokens[end] in lex.list_conjunctions)
            and not tokens[end - 1].endswith((".", ";", ":"))
        ):
            end += 1
        listed = " ".join(tokens[i + 2 : end])
        if end == i + 2 or end == len(tokens) or not tool_names(" ".join(tokens[i:end])):
            return sentence
        tail = "," if listed.endswith(",") else ""
        return " ".join([*tokens[: i + 1], *([tail] if tail else []), *tokens[end:]]).replace(
            " ,", ","
        )
    return sentence
