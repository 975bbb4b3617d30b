#!/usr/bin/env python3
"""Validate the retrieval/answering question sets against the corpus (stdlib only).

Usage::

    python3 tests/data/check_questions.py               # check dev + test
    python3 tests/data/check_questions.py --show-headings   # also list detected heading lines
    python3 tests/data/check_questions.py --strict      # warnings count as errors

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
  * no question text is repeated within a file or across dev/test, and near-duplicates
    (high word overlap) across the two files are reported.

Exit status 0 when there are no errors (warnings are printed but do not fail unless --strict).
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS_DIR = REPO / "corpus"
FILES = {"dev": HERE / "dev_questions.jsonl", "test": HERE / "test_questions.jsonl"}
COURSE = "kurs-ki-fuer-kmu.txt"

KINDS = ("factual", "paraphrase", "english", "unanswerable", "multi", "followup")
REQUIRED = ("id", "kind", "question", "gold_spans", "answer_keywords", "source", "module")
OPTIONAL = ("previous", "span_sources")
SPAN_MIN, SPAN_MAX = 20, 120
KEYWORD_WINDOW = 1500  # chars around a gold span in which a keyword is expected (warning only)

# Extraction damage that the cleaned index will not contain verbatim.
DAMAGED_FRAGMENTS = (
    "erfolgr eich",
    "ve rstanden",
    "A uswerten",
    "Beg inn",
    "S eminararbeit",
    "wo vor",
    "mitteständige",
)
DAMAGE_PATTERNS = (
    (
        re.compile(r"\b[A-ZÄÖÜ]{2,} -[A-Za-zÄÖÜäöüß]"),
        "acronym split from its compound ('KI -Lösungen')",
    ),
    (re.compile(r"\b[A-ZÄÖÜ] [a-zäöüß]{2,}"), "word split after its first letter ('A uswerten')"),
    (re.compile(r"\w [,.;:](?=\s|$)"), "space before punctuation ('verbunden ,')"),
    (re.compile(r"[.!?]\d+\)"), "footnote marker ('anbieten.15)')"),
    (re.compile(r"[▪☐•]"), "bullet glyph"),
)
LINE_END_HYPHEN = re.compile(r"[A-Za-zÄÖÜäöüß0-9]-[ \t\u00a0\u202f]*\r?\n")
FOOTER_LINE = re.compile(
    r"^\s*(?:\d+ Seite|Leitfaden zur Integration von Künstlicher Intelligenz \(KI\) für KMU)\s*$"
)
BULLET_START = re.compile(r"^\s*(?:[▪☐•]|o\s|-\s)")
NUMBERED_START = re.compile(r"^\s*(?:Modul \d+:|\d+\.\s|[a-d]\)\s)")
MODULE_HEADING = re.compile(r"^\s*Modul (\d+):")
# a line ending in one of these words continues on the next line, so it is no heading
_FUNCTION_WORDS = (
    "der die das des dem den ein eine einer eines und oder von vom für mit in im zu zur zum "
    "auf an am bei nach über wie als andere hinsichtlich verbesserte schnellere verschiedenen"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def normalise(text: str) -> str:
    """NFC + collapse every whitespace run (newlines, U+202F, …) to one space, strip."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Line:
    start: int  # raw offset of first character
    end: int  # raw offset just past the last non-newline character
    text: str
    heading: bool = False
    block_start: bool = False  # heading, bullet item or numbered line
    footer: bool = False


@dataclass
class Doc:
    name: str
    raw: str
    norm: str = ""
    norm_to_raw: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    modules: list[tuple[int, int]] = field(default_factory=list)  # (raw offset, module no.)

    def __post_init__(self) -> None:
        raw = unicodedata.normalize("NFC", self.raw)
        self.raw = raw
        out: list[str] = []
        idx: list[int] = []
        pending_space = False
        for i, ch in enumerate(raw):
            if ch.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                idx.append(i - 1)
                pending_space = False
            out.append(ch)
            idx.append(i)
        self.norm = "".join(out)
        self.norm_to_raw = idx
        self._split_lines()

    def _split_lines(self) -> None:
        pos = 0
        for chunk in self.raw.split("\n"):
            text = chunk.rstrip("\r")
            if text.strip():
                self.lines.append(Line(pos, pos + len(text), text))
            pos += len(chunk) + 1
        for i, ln in enumerate(self.lines):
            s = ln.text.strip()
            prev = self.lines[i - 1].text.strip() if i > 0 else ""
            nxt = self.lines[i + 1].text.strip() if i + 1 < len(self.lines) else ""
            nxt_lower = bool(nxt) and nxt[0].islower()
            words = len(s.split())
            ln.footer = bool(FOOTER_LINE.match(ln.text))
            m = MODULE_HEADING.match(ln.text)
            if m:
                self.modules.append((ln.start, int(m.group(1))))
                ln.heading = True
            elif BULLET_START.match(ln.text):
                ln.block_start = True
            elif NUMBERED_START.match(ln.text):
                ln.block_start = True
                ln.heading = (
                    words <= 12
                    and not s.endswith((".", ",", ";", "-"))
                    and s.split()[-1] not in FUNCTION_WORDS
                    and not nxt_lower
                )
            elif (
                words <= 6
                and not ln.footer
                and not s.endswith((".", ",", ";", "!", "?", "-", "–"))
                and s.split()[-1] not in FUNCTION_WORDS
                and not nxt_lower
                and not (BULLET_START.match(self.lines[i - 1].text) and prev.endswith(":"))
                and (
                    not prev
                    or prev.endswith((".", "!", "?", ":"))
                    or prev.startswith(("☐", "▪"))
                    or self.lines[i - 1].heading
                    or self.lines[i - 1].footer
                )
            ):
                ln.heading = True
            ln.block_start = ln.block_start or ln.heading
        self.line_starts = [ln.start for ln in self.lines]

    def module_at(self, raw_pos: int) -> int | None:
        mod = None
        for off, no in self.modules:
            if off <= raw_pos:
                mod = no
        return mod

    def occurrences(self, span_norm: str) -> list[int]:
        """Start offsets (in normalised text) of every occurrence of the span."""
        res, i = [], self.norm.find(span_norm)
        while i != -1:
            res.append(i)
            i = self.norm.find(span_norm, i + 1)
        return res

    def raw_region(self, norm_start: int, length: int) -> tuple[int, int]:
        a = self.norm_to_raw[norm_start]
        b = self.norm_to_raw[norm_start + length - 1] + 1
        return a, b

    def damage(self, norm_start: int, span_norm: str) -> list[str]:
        """Reasons why this occurrence is not a clean quotation (empty list = clean)."""
        problems: list[str] = []
        a, b = self.raw_region(norm_start, len(span_norm))
        region = self.raw[a:b]
        for frag in DAMAGED_FRAGMENTS:
            if frag in span_norm:
                problems.append(f"contains damaged fragment {frag!r}")
        for pat, why in DAMAGE_PATTERNS:
            if pat.search(span_norm):
                problems.append(why)
        tail = self.raw[b : b + 4]  # a span ending in "KI-" right before a line break
        if LINE_END_HYPHEN.search(region) or (span_norm.endswith("-") and "\n" in tail):
            problems.append("hyphen at a line end (word split by the PDF layout)")
        # lines touched by the region
        first = bisect.bisect_right(self.line_starts, a) - 1
        last = bisect.bisect_right(self.line_starts, b - 1) - 1
        for ln in self.lines[max(first, 0) : last + 1]:
            if ln.footer:
                problems.append(f"page footer {ln.text.strip()!r}")
            if ln.block_start and a < ln.start < b:
                kind = "heading" if ln.heading else "list item / numbered line"
                problems.append(f"crosses into a new {kind}: {ln.text.strip()[:50]!r}")
            if ln.heading and ln.start <= a < ln.end and b > ln.end:
                problems.append(f"runs past the heading {ln.text.strip()[:50]!r}")
        return problems

    def mid_word(self, norm_start: int, span_norm: str) -> bool:
        before = self.norm[norm_start - 1] if norm_start > 0 else " "
        end = norm_start + len(span_norm)
        after = self.norm[end] if end < len(self.norm) else " "
        return (before.isalnum() and span_norm[0].isalnum()) or (
            after.isalnum() and span_norm[-1].isalnum()
        )


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


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


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


def check_item(
    q: dict, split: str, docs: dict[str, Doc], rep: Report, span_counts: Counter
) -> None:
    where = f"{split}:{q.get('id', '?')}"
    for f in REQUIRED:
        if f not in q:
            rep.err(f"{where}: missing field {f!r}")
    for f in q:
        if f not in REQUIRED and f not in OPTIONAL and f != "_line":
            rep.warn(f"{where}: unknown field {f!r}")
    if any(f not in q for f in REQUIRED):
        return
    kind, spans, kws, source, module = (
        q["kind"],
        q["gold_spans"],
        q["answer_keywords"],
        q["source"],
        q["module"],
    )
    if not re.fullmatch(rf"{split}-\d{{3}}", str(q["id"])):
        rep.err(f"{where}: id must look like '{split}-001'")
    if kind not in KINDS:
        rep.err(f"{where}: unknown kind {kind!r}")
    if not isinstance(q["question"], str) or len(q["question"].strip()) < 8:
        rep.err(f"{where}: question must be a non-trivial string")
    if not isinstance(spans, list) or not all(isinstance(s, str) for s in spans):
        rep.err(f"{where}: gold_spans must be a list of strings")
        return
    if not isinstance(kws, list) or not all(isinstance(k, str) and k.strip() for k in kws):
        rep.err(f"{where}: answer_keywords must be a list of non-empty strings")
        return

    if kind == "followup":
        prev = q.get("previous")
        if (
            not isinstance(prev, list)
            or not prev
            or not all(isinstance(p, str) and p.strip() for p in prev)
        ):
            rep.err(f"{where}: followup needs 'previous' (non-empty list of earlier questions)")
    elif "previous" in q:
        rep.err(f"{where}: 'previous' is only allowed for kind 'followup'")

    if kind == "unanswerable":
        if spans or kws or source is not None or module is not None or "span_sources" in q:
            rep.err(
                f"{where}: unanswerable needs gold_spans=[], answer_keywords=[], "
                "source=null, module=null"
            )
        return

    if not 1 <= len(spans) <= 3:
        rep.err(f"{where}: needs 1–3 gold spans, has {len(spans)}")
    if not 1 <= len(kws) <= 4:
        rep.err(f"{where}: needs 1–4 answer keywords, has {len(kws)}")
    if kind == "multi" and len(spans) < 2:
        rep.err(f"{where}: multi needs a gold span from each passage (>= 2)")
    if source not in docs:
        rep.err(f"{where}: source {source!r} is not a corpus file")
        return
    span_sources = q.get("span_sources")
    if span_sources is None:
        span_sources = [source] * len(spans)
    elif not isinstance(span_sources, list) or len(span_sources) != len(spans):
        rep.err(f"{where}: span_sources must be parallel to gold_spans")
        return
    if span_sources and span_sources[0] != source:
        rep.err(f"{where}: source must name the file of the first gold span")

    course_modules: list[int | None] = []
    near: list[tuple[Doc, int, int]] = []  # doc, norm start, norm end of clean occurrences
    for span, fname in zip(spans, span_sources, strict=True):
        if fname not in docs:
            rep.err(f"{where}: span source {fname!r} is not a corpus file")
            continue
        doc = docs[fname]
        s = normalise(span)
        if s != span:
            rep.warn(f"{where}: span is not whitespace-normalised: {span[:40]!r}")
        if not SPAN_MIN <= len(s) <= SPAN_MAX:
            rep.err(f"{where}: span length {len(s)} outside {SPAN_MIN}–{SPAN_MAX}: {s[:50]!r}")
        occ = doc.occurrences(s)
        if not occ:
            elsewhere = [n for n, d in docs.items() if d.occurrences(s)]
            hint = f" (found in {elsewhere})" if elsewhere else ""
            rep.err(f"{where}: span not found in {fname}{hint}: {s!r}")
            continue
        clean = []
        for o in occ:
            problems = doc.damage(o, s)
            if problems:
                rep.err(f"{where}: span occurrence is damaged ({'; '.join(problems)}): {s!r}")
            else:
                clean.append(o)
        if clean and doc.mid_word(clean[0], s):
            rep.warn(f"{where}: span starts or ends in the middle of a word: {s!r}")
        for o in clean:
            near.append((doc, o, o + len(s)))
        total = sum(len(d.occurrences(s)) for d in docs.values())
        span_counts[s] += 1
        if total > 1:
            rep.warn(f"{where}: span occurs {total}x in the corpus: {s!r}")
        if fname == COURSE and occ:
            course_modules.append(doc.module_at(doc.raw_region(occ[0], len(s))[0]))

    if course_modules:
        if module != course_modules[0]:
            rep.err(
                f"{where}: module is {module!r}, first course span is in module {course_modules[0]}"
            )
    elif module is not None:
        rep.err(f"{where}: module must be null when no gold span is in the course")

    srcs = {fname for fname in span_sources if fname in docs}
    for kw in kws:
        k = normalise(kw).casefold()
        if not any(k in docs[f].norm.casefold() for f in srcs):
            rep.err(f"{where}: answer keyword {kw!r} does not occur in {sorted(srcs)}")
            continue
        if not any(
            k in d.norm[max(0, a - KEYWORD_WINDOW) : b + KEYWORD_WINDOW].casefold()
            for d, a, b in near
        ):
            rep.warn(f"{where}: keyword {kw!r} not within {KEYWORD_WINDOW} chars of a gold span")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show-headings", action="store_true", help="print detected heading lines")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    args = ap.parse_args()

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

    # dev/test separation: questions and earlier turns ("previous") of one split must not
    # reappear (exactly -> error, high word overlap -> warning) in the other split
    def texts(items: list[dict]) -> list[tuple[str, str]]:
        out = []
        for q in items:
            out.append((str(q.get("id")), str(q.get("question", ""))))
            for p in q.get("previous") or []:
                out.append((f"{q.get('id')} (previous)", str(p)))
        return out

    dev_texts, test_texts = texts(data.get("dev", [])), texts(data.get("test", []))
    dev_keys = {qkey(t): i for i, t in dev_texts}
    for tid, t in test_texts:
        k = qkey(t)
        if k in dev_keys:
            rep.err(f"test:{tid}: text also in dev ({dev_keys[k]}): {t!r}")
        wt = words(t)
        for did, d in dev_texts:
            wd = words(d)
            if wt and wd and qkey(d) != k and len(wt & wd) / len(wt | wd) >= 0.5:
                rep.warn(f"test:{tid} is similar to dev:{did}: {t!r} ~ {d!r}")
    shared = set(span_counts.get("dev", {})) & set(span_counts.get("test", {}))
    for s in sorted(shared):
        rep.warn(f"gold span used in both dev and test: {s!r}")

    # summary
    print("Corpus:", ", ".join(f"{n} ({len(d.norm)} chars)" for n, d in docs.items()))
    for split, items in data.items():
        kinds = Counter(q.get("kind") for q in items)
        mods = sorted({q.get("module") for q in items if isinstance(q.get("module"), int)})
        srcs = Counter()
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
