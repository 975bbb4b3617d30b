"""Regenerate the five review sets of issue #19 into docs/quiz-review-items.md.

Modules 3, 5, 7 and 10 and the Leitfaden, ``--count 10`` each, with the fixed seeds below —
the same sets as ``tutor quiz generate --module N --count 10 --seed S``. The file lists every
item with its options, the key, the quoted source passage and the generator's counts, for a
reviewer who rates them against the corpus without reading the generator's code. It holds no
ratings: those go to docs/quiz-review.md.

    .venv/bin/python scripts/quiz_review_items.py [-o docs/quiz-review-items.md]
    make quiz-review
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.quiz.generate import QuizGenerator  # noqa: E402
from tutor.quiz.grading import option_letters  # noqa: E402
from tutor.quiz.models import GenerationResult, QuizScope  # noqa: E402

GUIDE = "leitfaden-ki-integration-kmu.txt"
COUNT = 10
# (label, scope, seed): the seed is the module number (1 for the guide) — chosen before the
# sets were read, and never changed to pick nicer sets.
REVIEW_SETS: list[tuple[str, QuizScope, int]] = [
    ("Modul 3", QuizScope(module=3), 3),
    ("Modul 5", QuizScope(module=5), 5),
    ("Modul 7", QuizScope(module=7), 7),
    ("Modul 10", QuizScope(module=10), 10),
    ("Leitfaden", QuizScope(source=GUIDE), 1),
]
TYPES = {"mc": "Multiple Choice", "tf": "Wahr/Falsch", "cloze": "Freitext"}


def review_sets(generator: QuizGenerator) -> list[tuple[str, int, GenerationResult]]:
    """The five sets (label, seed, result)."""
    return [
        (label, seed, generator.generate(scope, COUNT, seed=seed))
        for label, scope, seed in REVIEW_SETS
    ]


def _command(scope: QuizScope, seed: int) -> str:
    where = f"--module {scope.module}" if scope.module is not None else f"--source {scope.source}"
    return f"tutor quiz generate {where} --count {COUNT} --seed {seed} --stats -o …"


def markdown(generator: QuizGenerator) -> str:
    """The review file (German headings; item texts verbatim)."""
    out = [
        "# Quiz-Stichprobe zur Begutachtung (Issue #19)",
        "",
        "Fünf Sätze zu je 10 Fragen, erzeugt mit `make quiz-review` "
        "(`scripts/quiz_review_items.py`). Jede Frage steht mit Antworten, Lösung und der "
        "zitierten Quelle da. Die Bewertung gehört nach `docs/quiz-review.md` — diese Datei "
        "enthält keine.",
        "",
    ]
    n = 0
    for (label, scope, _), (_, seed, result) in zip(
        REVIEW_SETS, review_sets(generator), strict=True
    ):
        stats = result.stats
        out += [
            f"## {label} (Seed {seed})",
            "",
            f"`{_command(scope, seed)}` · {len(result.quiz.items)} Fragen · "
            f"Familien {dict(sorted(stats.families.items()))} · "
            f"vom Prüfer verworfen {dict(stats.rejected) or 0} · "
            f"nicht baubar {dict(sorted(stats.unbuilt.items())) or 0} · "
            f"zu wenige falsche Antworten {dict(sorted(stats.short_options.items())) or 0} · "
            f"falsche Antworten aussortiert {sum(stats.distractors_dropped.values())}",
            "",
        ]
        out += [f"> Hinweis: {w}" for w in result.warnings] + ([""] if result.warnings else [])
        for item in result.quiz.items:
            n += 1
            out += [
                f"### {n}. {TYPES[item.type]} — {item.source.location()}",
                "",
                item.question,
                "",
            ]
            for letter, option in zip(option_letters(item.options), item.options, strict=True):
                out.append(f"- {letter}) {option}")
            if item.options:
                out.append("")
            out += [
                f"**Lösung:** {item.answer}",
                "",
                f"**Quelle:** „{item.source.quote_line()}“",
                "",
            ]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "quiz-review-items.md"))
    args = parser.parse_args()
    from tutor.container import Container
    from tutor.settings import load_settings

    text = markdown(Container(load_settings()).quiz())
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"geschrieben: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
