"""``tutor eval``: our system (and optionally the LangChain tutorial baseline) on a question set."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from tutor.commands import command
from tutor.container import Container
from tutor.evaluation import RANK_DEPTH, Outcome, Question, evaluate, load_questions, timed
from tutor.settings import Settings

DEFAULT_QUESTIONS = Path("tests/data/dev_questions.jsonl")


def _eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSONL-Fragenset")
    p.add_argument(
        "--compare-baseline",
        action="store_true",
        help="auch das LangChain-Tutorial-Setup messen (MiniLM, 1000/200, Top-5)",
    )
    p.add_argument("--json", action="store_true")


def tutor_system(container: Container) -> Any:
    """Adapter: our retrieval + extractive answers."""
    service = container.answers

    def run(q: Question) -> Outcome:
        start = time.perf_counter()
        (resolved, retrieval), r_secs = timed(
            lambda: service.retrieve(q.question, q.previous, k=RANK_DEPTH)
        )
        from tutor.answer.extractive import extractive_answer

        answer = extractive_answer(q.question, resolved, retrieval, service.policy)
        return Outcome(
            [h.chunk.text for h in retrieval.hits],
            answer.refused,
            answer.answer,
            time.perf_counter() - start,
            r_secs,
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


def print_report(name: str, report: dict[str, Any]) -> None:
    """Human-readable table of one report."""
    print(f"\n== {name} ({report['n']} Fragen) ==")
    print(
        f"{'Art':<16}{'n':>4}{'hit@1':>8}{'hit@5':>8}{'MRR':>8}{'beantw.':>9}{'Stichw.':>9}"
        f"{'Beleg':>7}"
    )
    rows = {**report["kinds"], "ALLE beantwortb.": report["answerable"]}
    for kind, agg in rows.items():
        if "hit@1" in agg:
            print(
                f"{kind:<16}{agg['n']:>4}{agg['hit@1']:>8}{agg['hit@5']:>8}{agg['mrr']:>8}"
                f"{agg.get('answered', '-'):>9}{agg.get('keywords', '-'):>9}"
                f"{agg.get('gold_quoted', '-'):>7}"
            )
        else:
            print(f"{kind:<16}{agg['n']:>4}   abgelehnt: {agg.get('refused')}")
    lat, rlat = report["latency_ms"], report["retrieval_latency_ms"]
    print(f"Abgelehnt (unbeantwortbar): {report['unanswerable_refused']}")
    print(
        f"Latenz gesamt p50 {lat['p50']} ms, p95 {lat['p95']} ms; "
        f"Retrieval p50 {rlat['p50']} ms, p95 {rlat['p95']} ms"
    )


@command("eval", "Qualität auf einem Fragenset messen", _eval_args)
def eval_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Evaluate retrieval and answers; with --compare-baseline also the tutorial set-up."""
    if not args.questions.exists():
        print(f"Fehler: Fragenset {args.questions} nicht gefunden.")
        return 2
    questions = load_questions(args.questions)
    container = Container(settings)
    system = tutor_system(container)
    system(questions[0])  # warm-up: load models and index before timing
    reports = {"ki-tutor": evaluate(questions, system)}
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
