"""Where the key stands among a set's multiple-choice options: spread evenly over A–D.

Each item's options come in a seeded random order, but a set of ten still showed the key on A
eight times out of nineteen (blind review round 5 of issue #19) — a pattern learners notice.
So after a set is filled, each multiple-choice item gets its key moved to a position drawn
uniformly (by the set's seed) from the positions used least so far; the wrong option standing
there takes the key's old place.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from tutor.quiz.models import QuizItem


def balance_keys(items: Sequence[QuizItem], seed: int) -> list[QuizItem]:
    """The items with their keys spread over the option positions (deterministic per seed)."""
    rng = random.Random(f"key-positions|{seed}")
    used: Counter[int] = Counter()
    out: list[QuizItem] = []
    for item in items:
        if item.type != "mc" or item.answer not in item.options:
            out.append(item)
            continue
        positions = range(len(item.options))
        fewest = min(used[p] for p in positions)
        target = rng.choice([p for p in positions if used[p] == fewest])
        used[target] += 1
        options = list(item.options)
        here = options.index(item.answer)
        options[here], options[target] = options[target], options[here]
        out.append(item.model_copy(update={"options": options}))
    return out
