"""Word-level repairs for :mod:`ingest.clean`, decided by a vocabulary of the corpus.

PDF extraction splits words in two ways: at a line break with a hyphen ("Verbesse-" +
"rung") and inside a line with a stray space ("erfolgr eich"). Both are only joined when the
joined word is attested in the vocabulary (lower-cased word counts over the raw texts), so
real compounds ("KI-Anwendungen") and real word pairs ("in dem") stay as they are.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

from ingest.textkit.fold import fold_for_matching, fold_for_search

WORD = re.compile(r"[^\W\d_]+")
CONJUNCTIONS = frozenset({"und", "oder", "bzw", "sowie", "bis", "als", "wie", "noch"})
_PAIR = re.compile(r"(?<![\w-])([^\W\d_]+) (?=([^\W\d_]+)(?![\w-]))")
_ENDINGS = ("en", "er", "es", "n", "e", "s", "t")


class Vocabulary(Mapping[str, int]):
    """A document's word counts on top of a large base lexicon, without copying the lexicon.

    Looks up like ``base + own`` (a ``Counter`` sum, 0 for unknown words), but building it per
    document costs only the document's own words: at 100× the corpus, copying the ~300 000
    word lexicon and sorting its folded forms per document was most of the cleaning time.
    ``base_index`` is the sorted folded base lexicon (see :func:`folded_index`), computed once.
    """

    def __init__(
        self, own: Mapping[str, int], base: Mapping[str, int], base_index: list[str]
    ) -> None:
        self.own = own
        self.base = base
        self.base_index = base_index

    def __getitem__(self, word: str) -> int:
        return self.own.get(word, 0) + self.base.get(word, 0)

    def get(self, word: str, default: object = 0) -> int:  # type: ignore[override]
        """Count of ``word`` (0 when unknown, like a Counter)."""
        return self.own.get(word, 0) + self.base.get(word, 0)

    def __iter__(self) -> Iterator[str]:
        yield from self.base
        yield from (w for w in self.own if w not in self.base)

    def __len__(self) -> int:
        return len(self.base) + sum(1 for w in self.own if w not in self.base)


def folded_index(words: Iterable[str]) -> list[str]:
    """Sorted folded forms (lower case, umlauts spelled out) of ``words``, for stem lookups."""
    return sorted({_fold(word) for word in words})


def build_vocabulary(texts: Iterable[str]) -> Counter[str]:
    """Lower-cased word counts over raw texts, used to repair split words."""
    vocabulary: Counter[str] = Counter()
    for text in texts:
        vocabulary.update(WORD.findall(fold_for_search(text)))
    return vocabulary


def join_wrapped(left: str, right: str, vocab: Mapping[str, int]) -> str:
    """Join two wrapped lines, resolving line-break hyphenation with the vocabulary."""
    left = left.rstrip()
    if left.endswith("–") and left[-2:-1].isdigit() and right[:1].isdigit():
        return left + right  # "(3–" + "5 Jahre)"
    head, tail = re.search(r"[^\W\d_]*[^\W_]-$", left), WORD.match(right)
    if head is None or tail is None or tail.group().lower() in CONJUNCTIONS:
        return left + " " + right  # no hyphenation, or "Buchhaltungs- und"
    word = head.group()[:-1]
    # "KI-Anwendungen", "DSGVO-konform" keep their hyphen; "Verbesse-rung" loses it.
    if right[0].islower() and not word.isupper() and _attested(word + tail.group(), vocab):
        return left[:-1] + right
    return left + right


def repair_split_words(units: list[str], vocab: Mapping[str, int]) -> list[str]:
    """Join split words ("erfolgr eich") when the joined word is attested and at least one
    fragment is not a known word; never join two real words."""
    if isinstance(vocab, Vocabulary):  # the base lexicon's index is computed once
        index = [vocab.base_index, folded_index(vocab.own)]
    else:
        index = [folded_index(vocab)]
    candidates: Counter[str] = Counter()
    for unit in units:
        for a, b in _PAIR.findall(unit):
            if _is_candidate(a, b, vocab, index):
                candidates.update((a.lower(), b.lower()))

    def known(word: str) -> bool:
        return vocab.get(word.lower(), 0) - candidates[word.lower()] > 0

    def repair(match: re.Match[str]) -> str:
        a, b = match.group(1), match.group(2)
        if not _is_candidate(a, b, vocab, index):
            return match.group(0)
        unknown = (not known(a)) + (not known(b))
        joined = unknown == 2 or (unknown == 1 and _attested(a + b, vocab))
        return a if joined else match.group(0)

    return [_PAIR.sub(repair, unit) for unit in units]


def _is_candidate(a: str, b: str, vocab: Mapping[str, int], index: list[list[str]]) -> bool:
    joined = a + b
    return (
        b[0].islower()
        and len(joined) >= 4
        and (_attested(joined, vocab) or _stem_attested(joined, index))
    )


def _attested(word: str, vocab: Mapping[str, int]) -> bool:
    """The word, or the word plus a common inflection ending, occurs in the vocabulary."""
    word = word.lower()
    return vocab.get(word, 0) > 0 or any(vocab.get(word + ending, 0) > 0 for ending in _ENDINGS)


@cache  # the same lexicon words are folded for every document
def _fold(word: str) -> str:
    return fold_for_matching(word)


def _stem_attested(word: str, indexes: list[list[str]]) -> bool:
    """The stem (ending removed, umlauts folded) starts a vocabulary word in one of the sorted
    ``indexes``: "verstanden" -> "verstand" ~ "Verständnis", "Beginn" -> "begin" ~ "beginnen"."""
    stem = _fold(word)
    ending = next((e for e in _ENDINGS if stem.endswith(e) and len(stem) - len(e) >= 5), "")
    stem = stem[: len(stem) - len(ending)]
    if len(stem) < 5:
        return False
    for index in indexes:
        pos = bisect.bisect_left(index, stem)
        if pos < len(index) and index[pos].startswith(stem):
            return True
    return False
