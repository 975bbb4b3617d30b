"""``tutor eval``: our system, the naive composer of issue 21 (and optionally the LangChain
tutorial baseline) on a question set, with the answer figures of issue 21."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tutor.answer.baseline import naive_answer
from tutor.answer.models import Answer
from tutor.answer.service import ANSWER_DEPTH
from tutor.cli.common import Command
from tutor.container import Container
from tutor.evaluation import RANK_DEPTH, Outcome, Question, evaluate, load_questions, timed
from tutor.retrieval.hybrid import Retrieval
from tutor.settings import Settings

DEFAULT_QUESTIONS = Path("tests/data/dev_questions.jsonl")
Composer = Callable[[str, str, Retrieval], Answer]


def _eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSONL-Fragenset")
    p.add_argument(
        "--compare-baseline",
        action="store_true",
        help="auch das LangChain-Tutorial-Setup messen (MiniLM, 1000/200, Top-5)",
    )
    p.add_argument("--json", action="store_true")


def composed_system(container: Container, compose: Composer | None = None) -> Any:
    """Adapter: our retrieval + an answer composer (default: the tutor's own)."""
    service = container.answers

    def run(q: Question) -> Outcome:
        start = time.perf_counter()
        (resolved, retrieval), r_secs = timed(
            lambda: service.retrieve(q.question, q.previous, k=max(RANK_DEPTH, ANSWER_DEPTH))
        )
        if compose is None:
            answer = service.compose(q.question, resolved, retrieval)
        else:
            answer = compose(q.question, resolved, retrieval)
        return Outcome(
            [h.chunk.text for h in retrieval.hits],
            answer.refused,
            answer.answer,
            time.perf_counter() - start,
            r_secs,
            first_unit=answer.lead,
            coverage=answer.coverage,
            cited_texts=[c.passage for c in answer.citations],
        )

    return run


def baseline_system(settings: Settings, workdir: Path) -> Any:
    """The plain LangChain tutorial: RecursiveCharacterTextSplitter 1000/200 on the raw files,
    Chroma, all-MiniLM-L6-v2, top-5 similarity search (no cleaning, no refusal)."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from ingest.embeddings.backends import LangChainEmbeddings, create_embedder
    from ingest.index import open_chroma

    embedder = create_embedder("sentence-transformers:all-MiniLM-L6-v2", settings.model_cache_dir)
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    store = open_chroma(workdir, LangChainEmbeddings(embedder))
    texts: list[str] = []
    for path in sorted(settings.corpus_dir.glob("*.txt")):
        texts.extend(splitter.split_text(path.read_text(encoding="utf-8")))
    store.add_texts(texts=texts, ids=[f"b{i}" for i in range(len(texts))])

    def run(q: Question) -> Outcome:
        docs, secs = timed(lambda: store.similarity_search(q.question, k=RANK_DEPTH))
        answer = " ".join(d.page_content for d in docs[:5])
        return Outcome([d.page_content for d in docs], None, answer, secs, secs)

    return run


def _fmt(value: Any) -> str:
    return "-" if value is None else str(value)


def print_report(name: str, report: dict[str, Any]) -> None:
    """Human-readable table of one report, then the figures of issue 21 with their floors."""
    print(f"\n== {name} ({report['n']} Fragen) ==")
    head = ("hit@1", "hit@5", "MRR", "Fakten", "Einstieg", "abgel.", "teilw.", "Zeichen")
    print(f"{'Art':<16}{'n':>4}" + "".join(f"{h:>9}" for h in head))
    rows = {**report["kinds"], "ALLE beantwortb.": report["answerable"]}
    keys = ("hit@1", "hit@5", "mrr", "facts", "lead", "refused", "partial", "chars_p50")
    for kind, agg in rows.items():
        if "hit@1" in agg:
            print(f"{kind:<16}{agg['n']:>4}" + "".join(f"{_fmt(agg.get(k)):>9}" for k in keys))
        else:
            print(
                f"{kind:<16}{agg['n']:>4}   abgelehnt: {agg.get('refused')}, "
                f"none/partial: {_fmt(agg.get('not_full'))}"
            )
    lat, rlat, ans = report["latency_ms"], report["retrieval_latency_ms"], report["answerable"]
    print(f"Abgelehnt (unbeantwortbar): {report['unanswerable_refused']}")
    print(
        f"Latenz gesamt p50 {lat['p50']} ms, p95 {lat['p95']} ms; "
        f"Retrieval p50 {rlat['p50']} ms, p95 {rlat['p95']} ms"
    )
    print("Kennzahlen aus Issue 21 (Untergrenzen in Klammern):")
    print(f"  alle Schlüsselfakten in der Antwort   {_fmt(ans.get('facts'))}  (≥ 0.75)")
    print(f"    … in den 2 besten Passagen          {_fmt(ans.get('facts_top2'))}  (Obergrenze)")
    print(f"  erste zitierte Einheit trifft         {_fmt(ans.get('lead'))}  (≥ 0.70)")
    print(f"    … Einheit der 2 besten Passagen     {_fmt(ans.get('lead_top2'))}  (Obergrenze)")
    print(
        f"  unbeantwortbar → none/partial         {_fmt(report['unanswerable_not_full'])}  (≥ 0.85)"
    )
    print(f"  beantwortbar abgelehnt                {_fmt(ans.get('refused'))}  (≤ 0.05)")
    print(f"  Nachfragen aufgelöst                  {_fmt(report['followup_resolved'])}  (≥ 0.9)")
    print(f"  warme Antwort p95                     {lat['p95']} ms  (≤ 300 ms)")
    print(f"  Antwortlänge Median                   {_fmt(ans.get('chars_p50'))} Zeichen  (≤ 600)")


def eval_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Evaluate retrieval and answers of the tutor and of the naive composer; with
    --compare-baseline also the tutorial set-up."""
    if not args.questions.exists():
        print(f"Fehler: Fragenset {args.questions} nicht gefunden.")
        return 2
    questions = load_questions(args.questions)
    container = Container(settings)
    system = composed_system(container)
    system(questions[0])  # warm-up: load models and index before timing
    reports = {"ki-tutor": evaluate(questions, system)}
    reports["naiver-komponist"] = evaluate(questions, composed_system(container, naive_answer))
    if args.compare_baseline:
        with tempfile.TemporaryDirectory() as tmp:
            base = baseline_system(settings, Path(tmp))
            base(questions[0])
            reports["langchain-tutorial"] = evaluate(questions, base)
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=1))
    else:
        for name, report in reports.items():
            print_report(name, report)
    return 0


COMMAND = Command("eval", "Qualität auf einem Fragenset messen", _eval_args, eval_cmd)
