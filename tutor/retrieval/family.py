"""Word families: forms of one German word that the stemmer keeps apart.

Snowball stems „Skalierung“ to *skalier*, „skalieren“ to *skali* and „skaliert“ to *skaliert*;
„Integration“ and „integrieren“ to *integration* and *integri*. A learner who asks with the noun
where the material has the verb (or the reverse) then finds nothing by BM25. Two stems are of
one family when they are equal after cutting off at most one ending of the derivational and
inflectional categories in ``wortfamilie.toml`` (deverbal nouns in -ung / -ation, verbs in
-ieren, participles in -t, adjectives in -bar / -lich / -isch, abstracts in -keit / -heit),
leaving a root of at least the category's minimum length. Only endings are cut: a prefix
changes the meaning („bearbeiten“, „verarbeiten“).

:func:`tutor.retrieval.scope.same_family` uses the rule to tell whether a part of the material
names a topic in another form. Adding the family forms as BM25 terms (branch morph1) moved dev
retrieval by noise only and lowered the readiness report's course references, so it was taken
out again (docs/BENCHMARKS.md, section morph1).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

FAMILY_FILE = Path(__file__).with_name("wortfamilie.toml")


@cache
def endings(path: Path = FAMILY_FILE) -> tuple[tuple[str, int], ...]:
    """(ending, shortest root) of every category, longest ending first."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    default = int(data.get("mindeststamm", 4))
    out: list[tuple[str, int]] = []
    for name, cat in data.get("kategorien", {}).items():
        if not str(cat.get("rationale", "")).strip() or not cat.get("endungen"):
            raise ValueError(f"{path.name} [{name}]: 'rationale' und 'endungen' nötig.")
        root = int(cat.get("mindeststamm", default))
        out += [(str(e), root) for e in cat["endungen"]]
    return tuple(sorted(out, key=lambda er: -len(er[0])))


def family_key(stem: str) -> str:
    """The stem without its one derivational or inflectional ending (the stem itself if none)."""
    for ending, root in endings():
        if stem.endswith(ending) and len(stem) - len(ending) >= root:
            return stem[: -len(ending)]
    return stem


def same_family(a: str, b: str) -> bool:
    """Whether two different stems are forms of one word („skalier“, „skali“)."""
    return a != b and family_key(a) == family_key(b)


endings()  # a broken wortfamilie.toml fails at start-up, not at the first question
