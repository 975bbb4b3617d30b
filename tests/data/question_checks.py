"""Checks of one question of a question set against the corpus (used by check_questions.py).

Fields and their types, the gold spans (found verbatim and undamaged), the course module and
the answer keywords; problems are collected in a :class:`Report` as errors or warnings.
"""

from __future__ import annotations

import re
from collections import Counter

from question_corpus import Doc, normalise

COURSE = "kurs-ki-fuer-kmu.txt"

KINDS = ("factual", "paraphrase", "english", "unanswerable", "multi", "followup")
REQUIRED = ("id", "kind", "question", "gold_spans", "answer_keywords", "source", "module")
OPTIONAL = ("previous", "span_sources")
SPAN_MIN, SPAN_MAX = 20, 120
KEYWORD_WINDOW = 1500  # chars around a gold span in which a keyword is expected (warning only)


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


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
