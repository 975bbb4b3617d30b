"""Word lists of the quiz as validated data: ``prompts/quiz_woerter.toml`` (patterns of case
studies, sequences, score bands, antonyms, action verbs) and ``prompts/quiz_synonyme.toml``
(the grading glossary), plus the German dictionary used to tell words from product names.

Everything is loaded once and checked at start-up: an empty or duplicated entry raises a
:class:`~tutor.prompts.PromptError`, so a broken list never silently weakens a check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.textkit import fold_for_grading
from tutor.prompts import PromptError, load
from tutor.quiz.textnorm import normalise

_SEPARATOR = "|"


def _split(name: str, key: str) -> tuple[str, ...]:
    """Entries of ``section.entry`` in ``prompts/<name>.toml``; PromptError if empty/doubled."""
    section, _, entry = key.partition(".")
    try:
        raw = load(name)[section][entry]
    except KeyError:
        raise PromptError(f"Wortliste '{key}' fehlt in prompts/{name}.toml") from None
    values = tuple(v.strip() for v in raw.split(_SEPARATOR))
    if any(not v for v in values):
        raise PromptError(f"prompts/{name}.toml: leerer Eintrag in '{key}'")
    if len({fold_for_grading(v) for v in values}) != len(values):
        raise PromptError(f"prompts/{name}.toml: doppelter Eintrag in '{key}'")
    return values


@dataclass(frozen=True)
class Lexicon:
    """The quiz's word lists (see ``prompts/quiz_woerter.toml`` for each category)."""

    case_openers: tuple[str, ...]
    case_actors: tuple[str, ...]
    outcome_starts: tuple[str, ...]
    outcome_verbs: frozenset[str]
    sequence_words: frozenset[str]
    non_step_headings: tuple[str, ...]
    topic_headings: tuple[str, ...]  # frame words that still name a topic of their own
    band_markers: tuple[str, ...]
    antonyms: tuple[tuple[str, str], ...]
    negating_prefixes: tuple[str, ...]
    english_words: frozenset[str]
    action_verbs: frozenset[str]
    tool_nouns: tuple[str, ...]
    inline_markers: tuple[str, ...]
    list_conjunctions: frozenset[str]  # "und", "oder" between the members of a list
    generic_headers: tuple[str, ...]
    tool_appositions: tuple[str, ...]
    synonym_groups: tuple[tuple[str, ...], ...]
    purpose_verbs: dict[str, str]  # "hilft" → "helfen", "dient" → "dienen" (and plural → itself)
    purpose_meta: frozenset[str]
    purpose_between: frozenset[str]
    auxiliaries: frozenset[str]
    function_words: frozenset[str]
    connectives: frozenset[str]
    referring: frozenset[str]
    context_openers: frozenset[str]  # sentence openers tying it to the one before ("So …")
    determiners: frozenset[str]
    frame_chapters: tuple[str, ...]
    possessives: dict[str, str]

    def synonyms(self, term: str) -> tuple[str, ...]:
        """Every glossary expression equivalent to ``term`` (including itself), or ()."""
        key = normalise(term)
        for group in self.synonym_groups:
            if any(normalise(g) == key for g in group):
                return group
        return ()

    def is_frame(self, chunk_heading: str) -> bool:
        """True for chapters that frame the document (Einleitung, Schlusswort …)."""
        words = set(normalise(chunk_heading).split())
        return any(set(normalise(w).split()) <= words for w in self.frame_chapters)

    def is_non_step(self, heading: str) -> bool:
        """True for frame headings (Einleitung, Warum …, Reflexion, Checkliste …)."""
        words = set(normalise(heading).split())
        return any(set(normalise(w).split()) <= words for w in self.non_step_headings)

    def is_non_topic(self, heading: str) -> bool:
        """True for frame headings that name no topic a statement or case could belong to
        (Einleitung, Reflexion …); "Grenzen und Herausforderungen" is no step but a topic."""
        words = set(normalise(heading).split())
        if any(set(normalise(w).split()) <= words for w in self.topic_headings):
            return False
        return self.is_non_step(heading)


def _pairs(key: str, folded: bool = True) -> tuple[tuple[str, str], ...]:
    """Entries of the form 'a:b' (PromptError if one is not)."""
    pairs = []
    for entry in _split("quiz_woerter", key):
        left, sep, right = entry.partition(":")
        if not sep or not left.strip() or not right.strip():
            raise PromptError(f"prompts/quiz_woerter.toml: Paar '{entry}' braucht die Form a:b")
        a, b = left.strip(), right.strip()
        pairs.append((fold_for_grading(a), fold_for_grading(b)) if folded else (a, b))
    return tuple(pairs)


def _antonyms() -> tuple[tuple[str, str], ...]:
    return _pairs("gegenteile.paare")


def _lower(key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _split("quiz_woerter", key))


@cache
def lexicon() -> Lexicon:
    """The quiz's word lists, loaded and validated once."""
    groups = tuple(
        _split("quiz_synonyme", f"gruppen.{k}") for k in load("quiz_synonyme")["gruppen"]
    )
    return Lexicon(
        case_openers=_split("quiz_woerter", "fallbeispiel.einleitung"),
        case_actors=tuple(
            fold_for_grading(w) for w in _split("quiz_woerter", "fallbeispiel.akteur")
        ),
        outcome_starts=_split("quiz_woerter", "fallbeispiel.ergebnis_anfang"),
        outcome_verbs=frozenset(
            fold_for_grading(w) for w in _split("quiz_woerter", "fallbeispiel.ergebnis_verb")
        ),
        sequence_words=frozenset(
            fold_for_grading(w) for w in _split("quiz_woerter", "reihenfolge.abfolge")
        ),
        non_step_headings=_split("quiz_woerter", "reihenfolge.kein_schritt"),
        topic_headings=_split("quiz_woerter", "reihenfolge.doch_thema"),
        band_markers=_split("quiz_woerter", "bewertung.zaehlen"),
        antonyms=_antonyms(),
        negating_prefixes=tuple(
            fold_for_grading(w) for w in _split("quiz_woerter", "gegenteile.vorsilben")
        ),
        english_words=frozenset(_split("quiz_woerter", "englisch.funktionswoerter")),
        action_verbs=frozenset(
            fold_for_grading(w) for w in _split("quiz_woerter", "stichpunkt.handlung")
        ),
        tool_nouns=_split("quiz_woerter", "werkzeug.nomen"),
        inline_markers=_split("quiz_woerter", "aufzaehlung.im_satz"),
        list_conjunctions=_lower("aufzaehlung.bindewoerter"),
        generic_headers=_split("quiz_woerter", "aufzaehlung.sammelueberschrift"),
        tool_appositions=_split("quiz_woerter", "werkzeug.apposition"),
        synonym_groups=groups,
        purpose_verbs={
            **{a: b for a, b in _pairs("zweck.verben", folded=False)},
            **{b: b for _, b in _pairs("zweck.verben", folded=False)},
        },
        purpose_meta=_lower("zweck.meta"),
        purpose_between=_lower("zweck.zwischen"),
        auxiliaries=_lower("satz.hilfsverben"),
        function_words=_lower("satz.funktionswoerter"),
        connectives=_lower("satz.anschluss"),
        referring=_lower("satz.verweis"),
        context_openers=_lower("satz.anschluss_anfang"),
        determiners=_lower("satz.begleiter"),
        frame_chapters=_split("quiz_woerter", "rahmen.kapitel"),
        possessives=dict(_pairs("satz.possessiv", folded=False)),
    )


@cache
def german_words() -> frozenset[str]:
    """German dictionary words in lower case (pyspellchecker's list; empty if not installed)."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return frozenset()
    return frozenset(SpellChecker(language="de").word_frequency.dictionary)


_UNFOLD = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))
_TOKEN = re.compile(r"[^\W\d_]+")


def known_word(raw: str) -> bool:
    """True if ``raw`` (any case; umlauts spelled out allowed) is a German dictionary word."""
    words = german_words()
    low = raw.lower()
    if low in words:
        return True
    unfolded = low
    for folded, umlaut in _UNFOLD:
        unfolded = unfolded.replace(folded, umlaut)
    return unfolded != low and unfolded in words


_LINKS = ("", "s", "n", "en", "es", "e")  # German linking elements (Fugen) between parts
MIN_PART = 3


@cache
def is_german(word: str) -> bool:
    """A dictionary word, or a compound of dictionary words with German linking elements
    ("Leerlaufzeiten" = Leerlauf + zeiten, "Ferienwohnungsanbieter" = Ferienwohnung-s-anbieter)."""
    low = word.lower()
    if known_word(low):
        return True
    for cut in range(len(low) - MIN_PART, MIN_PART - 1, -1):
        head, rest = low[:cut], low[cut:]
        if not known_word(rest):
            continue
        for link in _LINKS:
            if head.endswith(link) and len(head) - len(link) >= MIN_PART:
                base = head[: len(head) - len(link)] if link else head
                if known_word(base) or is_german(base):
                    return True
    return False


def tool_names(text: str) -> frozenset[str]:
    """Product names listed in ``text`` after a tool noun: "Tools wie ChatGPT, Jasper oder
    Microsoft Copilot" → {"ChatGPT", "Jasper", "Microsoft", "Copilot"}; and names right after
    a tool noun: "die KI-Lösung Scortex" → {"Scortex"}."""
    nouns = "|".join(re.escape(n) for n in lexicon().tool_nouns)
    found: set[str] = set()
    heads = "|".join(re.escape(n) for n in lexicon().tool_appositions)
    for match in re.finditer(rf"\b(?:{heads})\s+([A-Z][\w.]+)", text):
        if _name_like(match.group(1)):
            found.add(match.group(1).rstrip("."))
    for match in re.finditer(rf"\b(?:{nouns})\s+wie\s+([^.;:–]+)", text):
        listed = re.sub(r"\([^)]*\)", " ", match.group(1))  # "Miro (Ideenfindung)"
        for token in re.split(r",\s*|\s+oder\s+|\s+und\s+|\s+", listed):
            clean = token.strip(" -")
            if not clean[:1].isupper():
                if clean:
                    break  # the list ended ("… oder ChatGPT können Texte …")
                continue
            if _name_like(clean):
                found.add(clean)
    return frozenset(found)


def is_product_name(text: str, known_tools: frozenset[str] = frozenset()) -> bool:
    """True if ``text`` names a product or tool: a token listed as a tool in the material
    (``known_tools``, see :func:`tool_names`), a camel-case token ("ChatGPT") or a capitalised
    token before "AI" ("Notion AI"). Hyphenated compounds with a German head ("SMART-Kriterien")
    and acronyms ("DSGVO") are terms, not names."""
    tokens = [t.strip("(),.:;") for t in text.replace("/", " ").split()]
    if any(t in known_tools for t in tokens):
        return True
    for i, token in enumerate(tokens):
        last = i + 1 == len(tokens) or not tokens[i + 1][:1].isupper()
        if token == "AI" and i > 0 and tokens[i - 1][:1].isupper() and last:
            return True  # "Notion AI", "Zendesk AI" — not "EU AI Act"
        if _camel(token):
            return True
    return False


def _camel(token: str) -> bool:
    parts = _TOKEN.findall(token)
    return bool(parts) and any(ch.isupper() for ch in parts[-1][1:]) and not parts[-1].isupper()


def _name_like(token: str) -> bool:
    """One token that looks like a product name (see :func:`is_product_name`)."""
    parts = _TOKEN.findall(token)
    if not parts:
        return False
    head = parts[-1]
    if len(parts) > 1 and is_german(head):
        return False  # "SMART-Kriterien", "Multimodell-Systeme"
    if head.isupper() and len(head) <= 6:
        return False  # acronyms: "DSGVO", "KPI", "CRM"
    if any(ch.isupper() for ch in head[1:]):
        return True  # camel case: "ChatGPT", "HubSpot", "sevDesk"
    return head[0].isupper() and len(head) > 2 and not is_german(head)
