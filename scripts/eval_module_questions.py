"""Questions that ask a named module about a topic ("Was sagt Modul 5 über Chatbots?").

Built from the material itself: for every numbered section of every module, its title is the
topic, asked of its own module and of the next module (m → m+1, 11 → 1). Reported: how often
the answer cites the section's own module, how often the tutor said that the asked module
does not go into the topic (``outside_module``), and how often the answer is ``full``. Before
this check a question put to the wrong module was answered from that module only.

    .venv/bin/python scripts/eval_module_questions.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.container import Container  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

NUMBERED = re.compile(r"^\s*\d+\.\s*(.+)$")


def main() -> None:
    container = Container(load_settings())
    snap = container.corpus.snapshot()
    topics = sorted(
        {
            (c.module, found.group(1).strip())
            for c in snap.chunks
            if c.module is not None and c.section and (found := NUMBERED.match(c.section))
        }
    )
    last = max(snap.modules)
    for label, shift in (("eigenes Modul", 0), ("nächstes Modul", 1)):
        cited = outside = full = 0
        for module, topic in topics:
            asked = (module - 1 + shift) % last + 1
            answer = container.answers.ask(f"Was sagt Modul {asked} über {topic}?")
            cited += any(c.module == module for c in answer.citations)
            outside += "geht auf „" in answer.answer
            full += answer.coverage == "full"
        n = len(topics)
        print(
            f"{label:15s} n={n} zitiert das Modul des Abschnitts {cited / n:.3f} "
            f"'geht nicht ein' {outside / n:.3f} coverage full {full / n:.3f}"
        )


if __name__ == "__main__":
    main()
