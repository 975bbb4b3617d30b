#!/usr/bin/env python3
"""Validate the retrieval/answering question sets against the corpus (stdlib only).

Usage::

    python3 tests/data/check_questions.py               # check dev + test + held-out
    python3 tests/data/check_questions.py --show-headings   # also list detected heading lines
    python3 tests/data/check_questions.py --strict      # warnings count as errors
    python3 tests/data/check_questions.py --add xx=new.jsonl   # also a new file (ids xx-001 …)

Checks
  * JSONL syntax, required fields and their types, allowed ``kind`` values, id format/uniqueness;
  * every gold span occurs verbatim in its source file after whitespace normalisation
    (NFC, every whitespace run incl. newlines and U+202F collapsed to one space);
  * at least one occurrence of each span is free of extraction damage: split words
    ("erfolgr eich", "KI -Lösungen"), hyphens at a line end, page footers, bullet glyphs,
    crossing into a new list item / numbered line, or running past a heading line;
  * span length (20–120 characters), ``module`` matches the course module of the first
    course span, answer keywords occur in the source text (and near a gold span);
  * per-kind counts, module/source coverage, spans that occur more than once in the corpus;
  * no question text is repeated within a file or across dev/test/held-out, and near-duplicates
    (high word overlap) across any two of the files are reported.

Exit status 0 when there are no errors (warnings are printed but do not fail unless --strict).
The corpus model is in question_corpus.py, the checks of one question in question_checks.py.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from question_checks import KINDS, Report, check_item
from question_corpus import Doc

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS_DIR = REPO / "corpus"
# split name (= id prefix, e.g. "ho-001") -> file
FILES = {
    "dev": HERE / "dev_questions.jsonl",
    "test": HERE / "test_questions.jsonl",
    "ho": HERE / "heldout_questions.jsonl",
    "h2": HERE / "heldout2_questions.jsonl",
    "tr": HERE / "train_questions.jsonl",
}


def qkey(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def words(text: str) -> set[str]:
    stop = {
        "der",
        "die",
        "das",
        "und",
        "im",
        "in",
        "den",
        "ein",
        "eine",
        "the",
        "a",
        "of",
        "to",
        "for",
        "what",
        "which",
        "is",
        "laut",
        "was",
        "wie",
        "welche",
        "kurs",
    }
    return {w for w in qkey(text).split() if len(w) > 2 and w not in stop}


def load_jsonl(path: Path, rep: Report) -> list[dict]:
    items: list[dict] = []
    if not path.exists():
        rep.err(f"{path.name}: file missing")
        return items
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rep.err(f"{path.name}:{no}: invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            rep.err(f"{path.name}:{no}: not a JSON object")
            continue
        obj["_line"] = no
        items.append(obj)
    return items


def _texts(items: list[dict]) -> list[tuple[str, str]]:
    """(label, text) of every question and every earlier turn ("previous")."""
    out = []
    for q in items:
        out.append((str(q.get("id")), str(q.get("question", ""))))
        for p in q.get("previous") or []:
            out.append((f"{q.get('id')} (previous)", str(p)))
    return out


def check_separation(
    data: dict[str, list[dict]], span_counts: dict[str, Counter], rep: Report
) -> None:
    """Separation of every pair of splits (dev/test, dev/held-out, test/held-out): questions
    and earlier turns ("previous") of one split must not reappear (exactly -> error, high word
    overlap -> warning) in another split."""
    splits = list(data)
    for i, a in enumerate(splits):
        for b in splits[i + 1 :]:
            a_texts, b_texts = _texts(data.get(a, [])), _texts(data.get(b, []))
            a_keys = {qkey(t): lbl for lbl, t in a_texts}
            for bid, t in b_texts:
                k = qkey(t)
                if k in a_keys:
                    rep.err(f"{b}:{bid}: text also in {a} ({a_keys[k]}): {t!r}")
                wt = words(t)
                for aid, d in a_texts:
                    wd = words(d)
                    if wt and wd and qkey(d) != k and len(wt & wd) / len(wt | wd) >= 0.5:
                        rep.warn(f"{b}:{bid} is similar to {a}:{aid}: {t!r} ~ {d!r}")
            shared = set(span_counts.get(a, {})) & set(span_counts.get(b, {}))
            for s in sorted(shared):
                rep.warn(f"gold span used in both {a} and {b}: {s!r}")


def print_summary(docs: dict[str, Doc], data: dict[str, list[dict]], rep: Report) -> None:
    """Print corpus sizes and per-split counts; warn about course modules without a question."""
    print("Corpus:", ", ".join(f"{n} ({len(d.norm)} chars)" for n, d in docs.items()))
    for split, items in data.items():
        kinds = Counter(q.get("kind") for q in items)
        mods = sorted({m for q in items if isinstance(m := q.get("module"), int)})
        srcs: Counter[str] = Counter()
        for q in items:
            for s in set(q.get("span_sources") or ([q.get("source")] if q.get("source") else [])):
                srcs[s] += 1
        print(f"\n{FILES[split].name}: {len(items)} questions")
        for k in KINDS:
            print(f"  {k:<13}{kinds.get(k, 0):>4}")
        print(f"  course modules covered: {mods}")
        missing = sorted(set(range(1, 12)) - set(mods))
        if missing:
            rep.warn(f"{split}: course modules without a question: {missing}")
        for s, n in sorted(srcs.items()):
            print(f"  source {s}: {n}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show-headings", action="store_true", help="print detected heading lines")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    ap.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="SPLIT=PATH",
        help="also check PATH as split SPLIT (its id prefix), e.g. a set still being written",
    )
    args = ap.parse_args()
    for extra in args.add:
        split, _, path = extra.partition("=")
        if not (re.fullmatch(r"[a-z][a-z0-9]?[a-z0-9]?", split) and path):
            ap.error(f"--add expects SPLIT=PATH, got {extra!r}")
        FILES[split] = Path(path)

    docs = {
        p.name: Doc(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS_DIR.glob("*.txt"))
    }
    if args.show_headings:
        for d in docs.values():
            print(f"== headings in {d.name}")
            for ln in d.lines:
                if ln.heading:
                    print(f"   {ln.text.strip()}")

    rep = Report()
    data: dict[str, list[dict]] = {}
    span_counts: dict[str, Counter] = {}
    for split, path in FILES.items():
        items = load_jsonl(path, rep)
        data[split] = items
        span_counts[split] = Counter()
        ids = Counter(str(q.get("id")) for q in items)
        for i, n in ids.items():
            if n > 1:
                rep.err(f"{split}: id {i} used {n}x")
        seen: dict[str, str] = {}
        for q in items:
            check_item(q, split, docs, rep, span_counts[split])
            k = qkey(str(q.get("question", "")))
            if k in seen:
                rep.err(f"{split}: question of {q.get('id')} duplicates {seen[k]}")
            seen[k] = str(q.get("id"))

    check_separation(data, span_counts, rep)
    print_summary(docs, data, rep)

    print()
    for w in rep.warnings:
        print("WARNING:", w)
    for e in rep.errors:
        print("ERROR:", e)
    failed = bool(rep.errors) or (args.strict and bool(rep.warnings))
    print(
        f"\n{len(rep.errors)} error(s), {len(rep.warnings)} warning(s) -> "
        f"{'FAIL' if failed else 'OK'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
