"""Which guide bullet belongs to which checklist question, and in which phase it stands.

Each question is scored against every actionable point of the guide's working chapters
(bullets "Label: Beschreibung", bare bullet headings, prose sentences): embedding similarity
of the question and the point (with its heading), word-family overlap (:mod:`lexical`), and a
bonus for points under the guide heading that the question's checklist section names
("Prozessanalyse" → the guide's "Prozessanalyse" section). Bullets are then handed out once:
the best-scoring (question, bullet) pairs first, so question 3 keeps "Ist-Analyse …" and
question 4 gets "Prozessdokumentation" instead of repeating it. A question naming two things
("… dokumentiert und … befragt?") gets a second bullet of the same heading when it scores
nearly as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tutor.checklist.lexical import RootVocabulary, roots
from tutor.checklist.models import ChecklistItem
from tutor.checklist.outline import GuideOutline, Point

_LABELLED = re.compile(r"^([^:.!?]{3,80}):\s+(\S.*)$")  # "Label: description"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class AdviceWeights:
    """How points are ranked for a question (fitted by cross-validation, see
    ``scripts/eval_next_steps.py`` and docs/BENCHMARKS.md)."""

    lexical: float = 0.15  # word-family overlap of question and point
    scope: float = 0.1  # point under the heading the checklist section names
    prose_penalty: float = 0.05
    bare_penalty: float = 0.05
    second_margin: float = 0.1  # a second bullet this close is quoted if it adds a topic


@dataclass(frozen=True)
class ScoreParts:
    """The unweighted signals of all (question, candidate) pairs, each items × candidates."""

    cos: np.ndarray
    lexical: np.ndarray
    scope: np.ndarray
    kind: np.ndarray  # 0 labelled bullet, 1 bare bullet heading, 2 prose sentence
    scopes: list[int | None]

    def combine(self, w: AdviceWeights) -> np.ndarray:
        """Weighted score matrix."""
        penalty = np.array([0.0, w.bare_penalty, w.prose_penalty])[self.kind]
        return self.cos + w.lexical * self.lexical + w.scope * self.scope - penalty[None, :]


@dataclass(frozen=True)
class Candidate:
    """A quotable point: its text, heading, and whether it is "Label: text" or bare."""

    text: str
    heading: int
    labelled: bool
    bare: bool

    @property
    def label(self) -> str:
        """The bullet's label ("Break-Even-Analyse durchführen") or its whole text."""
        found = _LABELLED.match(self.text)
        return found.group(1).strip() if found else self.text


@dataclass(frozen=True)
class ItemAdvice:
    """The bullets chosen for one question and the guide heading/phase it belongs to."""

    quotes: tuple[Candidate, ...]
    scope: int | None  # guide heading the checklist section names
    phase: int | None  # its chapter (level-1 heading)


def candidates(outline: GuideOutline, working: set[int]) -> list[Candidate]:
    """Bullets, bare bullet headings and prose sentences under the working chapters."""
    out: list[Candidate] = []
    for point in outline.points:
        if point.heading is None or outline.chapter(point.heading) not in working:
            continue
        out += _split(point)
    return out


def _split(point: Point) -> list[Candidate]:
    text = point.text
    assert point.heading is not None
    if text.endswith(":"):
        return []  # "Beispiele:", "Technische Ressourcen:"
    if _LABELLED.match(text):
        return [Candidate(text, point.heading, labelled=True, bare=False)]
    if point.bullet and len(text) <= 60 and not text.endswith((".", "!", "?")):
        return [Candidate(text, point.heading, labelled=False, bare=True)]
    return [
        Candidate(s, point.heading, labelled=False, bare=False)
        for s in _SENTENCE.split(text)
        if len(s) >= 25
    ]


def working_chapters(outline: GuideOutline) -> set[int]:
    """Chapters that give advice: all but frame chapters (Einleitung, Checkliste, Schluss)."""
    return {i for i in outline.chapters() if not outline.headings[i].frame}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def section_heading(outline: GuideOutline, section: str, working: set[int]) -> int | None:
    """The guide heading a checklist section names: best word overlap; on a tie the deeper
    heading ("Fortlaufende Weiterbildung sicherstellen" before the chapter that merely
    mentions it), then the earlier one."""
    wanted = set(roots(section))
    best, best_key = None, (0.0, 0)
    for i, heading in enumerate(outline.headings):
        if outline.chapter(i) not in working:
            continue
        key = (_dice(wanted, set(roots(heading.text))), heading.level)
        if key[0] > 0 and key > best_key:
            best, best_key = i, key
    return best


class GuideAdvisor:
    """Assigns guide bullets to all checklist questions at once (see module docstring)."""

    def __init__(
        self,
        outline: GuideOutline,
        embed_queries: Embed,
        embed_passages: Embed,
        vocabulary: RootVocabulary,
        weights: AdviceWeights | None = None,
    ) -> None:
        self.outline = outline
        self.working = working_chapters(outline)
        self.pool = candidates(outline, self.working)
        self._embed_queries = embed_queries
        self._embed_passages = embed_passages
        self.vocabulary = vocabulary
        self.weights = weights or AdviceWeights()
        self._pool_vectors: np.ndarray | None = None

    def passage(self, c: Candidate) -> str:
        """What is embedded for a candidate: its heading path, then the point."""
        return " › ".join([*self.outline.titles(c.heading)[1:], c.text])

    def parts(self, items: Sequence[ChecklistItem]) -> ScoreParts:
        """The signals for every (question, candidate) pair (see :class:`ScoreParts`)."""
        if self._pool_vectors is None:
            self._pool_vectors = _unit(self._embed_passages([self.passage(c) for c in self.pool]))
        queries = _unit(self._embed_queries([it.text for it in items]))
        voc = self.vocabulary
        points = [voc.expand(c.text) for c in self.pool]
        scopes = [section_heading(self.outline, it.section, self.working) for it in items]
        shape = (len(items), len(self.pool))
        lexical, scope = np.zeros(shape), np.zeros(shape)
        for r, item in enumerate(items):
            where = scopes[r]
            inside = set(self.outline.within(where)) if where is not None else set()
            for c, cand in enumerate(self.pool):
                lexical[r, c] = voc.overlap(item.text, points[c])
                scope[r, c] = cand.heading in inside
        kind = np.array([0 if c.labelled else 1 if c.bare else 2 for c in self.pool])
        cos = (queries @ self._pool_vectors.T).astype(np.float64)
        return ScoreParts(cos, lexical, scope, kind, scopes)

    def assign(
        self, items: Sequence[ChecklistItem], parts: ScoreParts | None = None
    ) -> dict[int, ItemAdvice]:
        """Bullets for every question (question number → advice), each bullet used once."""
        if not items or not self.pool:
            return {it.no: ItemAdvice((), None, None) for it in items}
        parts = parts or self.parts(items)
        scores = parts.combine(self.weights)
        taken: set[int] = set()
        chosen: dict[int, list[int]] = {}
        for r, c in _pairs_by_score(scores):
            if r not in chosen and c not in taken:
                chosen[r] = [c]
                taken.add(c)
        margin = self.weights.second_margin
        for r, c in _pairs_by_score(scores):  # a second bullet for questions naming two things
            first = chosen[r][0]
            close = scores[r, c] >= scores[r, first] - margin
            if (
                len(chosen[r]) == 1
                and c not in taken
                and (close or self._names_label(items[r], c))
                and self._adds_topic(items[r], first, c)
            ):
                chosen[r].append(c)
                taken.add(c)
        out: dict[int, ItemAdvice] = {}
        for r, item in enumerate(items):
            quotes = tuple(self.pool[c] for c in chosen.get(r, []))
            scope = parts.scopes[r]
            anchor = scope if scope is not None else (quotes[0].heading if quotes else None)
            out[item.no] = ItemAdvice(quotes, scope, self.outline.chapter(anchor))
        return out

    def _names_label(self, item: ChecklistItem, candidate: int) -> bool:
        """The question names the bullet's label word for word ("… ein Anbietervergleich …")."""
        label = self.pool[candidate].label
        wanted = roots(label)
        return bool(wanted) and self.vocabulary.covered(label, item.text) == set(wanted)

    def _adds_topic(self, item: ChecklistItem, first: int, second: int) -> bool:
        """A second bullet of the same heading and kind that covers a word of the question
        the first bullet leaves out ("… dokumentiert und Mitarbeiter befragt?")."""
        a, b = self.pool[first], self.pool[second]
        if a.heading != b.heading or a.labelled != b.labelled:
            return False
        voc = self.vocabulary
        return bool(voc.covered(item.text, b.text) - voc.covered(item.text, a.text))


def _pairs_by_score(scores: np.ndarray) -> list[tuple[int, int]]:
    flat = np.argsort(-scores, axis=None, kind="stable")
    rows, cols = np.unravel_index(flat, scores.shape)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)]


def _unit(matrix: np.ndarray) -> np.ndarray:
    matrix = np.atleast_2d(np.asarray(matrix, dtype=np.float32))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
