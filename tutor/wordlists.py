"""Word lists and patterns as validated data (``prompts/*.toml``): the readiness check's
lexicon, the retrieval stopwords and the other rule tables.

Every list is a TOML table naming one linguistic or structural category, with a German
description of what it covers and either words (``woerter``) or regular expressions
(``muster``). Files are validated on first use (unknown keys, empty lists and patterns that do
not compile raise :class:`WordListError`), so a broken list fails at start-up, not mid-dialogue.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tutor.prompts import PROMPTS_DIR


class WordListError(ValueError):
    """A word-list file is missing or malformed; the message names file and table."""


class WordList(BaseModel):
    """One named category: what it covers, its words or patterns, and an optional reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    beschreibung: str = Field(min_length=10, description="What the category covers (German).")
    woerter: tuple[str, ...] = ()
    muster: tuple[str, ...] = ()
    grund: str = Field("", description="German sentence shown to users, where the list has one.")

    @model_validator(mode="after")
    def _not_empty(self) -> WordList:
        if not self.woerter and not self.muster:
            raise ValueError("needs 'woerter' or 'muster'")
        for pattern in self.muster:
            re.compile(pattern)
        return self

    @property
    def words(self) -> frozenset[str]:
        """The words, casefolded."""
        return frozenset(w.casefold() for w in self.woerter)

    def pattern(self) -> re.Pattern[str]:
        """All ``muster`` as one alternation (case-insensitive)."""
        return re.compile("|".join(f"(?:{p})" for p in self.muster), re.IGNORECASE)

    def word_pattern(self) -> re.Pattern[str]:
        """The ``woerter`` as whole-word alternatives, longest first (for normalised text)."""
        words = sorted(self.words, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def _tables(data: dict[str, object], prefix: str = "") -> dict[str, dict[str, object]]:
    """Flatten nested TOML tables ("voraussetzung.datenschutz") down to the word lists."""
    out: dict[str, dict[str, object]] = {}
    for key, value in data.items():
        if not isinstance(value, dict):
            raise WordListError(f"'{prefix}{key}' ist keine Tabelle")
        if "beschreibung" in value:
            out[prefix + key] = value
        else:
            out.update(_tables(value, f"{prefix}{key}."))
    return out


@cache
def load_wordlists(name: str) -> dict[str, WordList]:
    """All categories of ``prompts/<name>.toml`` by (dotted) table name."""
    path = PROMPTS_DIR / f"{name}.toml"
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WordListError(f"Wortliste {path} fehlt oder ist fehlerhaft: {exc}") from exc
    lists: dict[str, WordList] = {}
    for key, table in _tables(data).items():
        try:
            lists[key] = WordList.model_validate(table)
        except (ValidationError, re.error) as exc:
            raise WordListError(f"{path}: Tabelle [{key}] ist ungültig: {exc}") from exc
    return lists


def wordlist(name: str, key: str) -> WordList:
    """One category; WordListError if the file lacks it."""
    lists = load_wordlists(name)
    if key not in lists:
        raise WordListError(f"Wortliste [{key}] fehlt in prompts/{name}.toml")
    return lists[key]
