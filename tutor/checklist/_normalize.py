"""Text normalisation shared by the interpreter's rules (see :func:`normalize`)."""

from __future__ import annotations

import re
import unicodedata

from ingest.textkit.fold import fold_for_matching

_EMOJI = {
    "👍": " ja ",
    "✅": " ja ",
    "✔": " ja ",
    "👌": " ja ",
    "👎": " nein ",
    "❌": " nein ",
    "✖": " nein ",
    "🤷": " weiss nicht ",
    "🤔": " hm ",
}
_ABBREV = [
    (r"\bk\.\s?a\.?(?=\W|$)", "keine ahnung"),
    (r"\bk\.\s?p\.?(?=\W|$)", "keinen plan"),
    (r"\bkp\b", "keinen plan"),
    (r"\bidk\b", "do not know"),
    (r"\bdunno\b", "do not know"),
    (r"\bevtl\b\.?", "eventuell"),
    (r"\bca\.", "ca"),
    (r"\bz\.\s?b\.", "zb"),
    (r"(\d)\.(\d)", r"\1\2"),
]


def normalize(text: str) -> str:
    """Fold case, umlauts, apostrophes and stretched letters; keep sentence punctuation."""
    text = unicodedata.normalize("NFKC", text[:4000])
    for emoji, word in _EMOJI.items():
        text = text.replace(emoji, word)
    text = fold_for_matching(text)
    text = re.sub(r"n't\b", " not", text).replace("'", "")
    for pattern, repl in _ABBREV:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)
    text = re.sub(r"[^\w\s?!.,;:\-–—]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _rx(alternatives: str) -> re.Pattern[str]:
    """Whole-word alternatives ("a|b c|d"), also allowed to start with "^"."""
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())
