"""``tutor retrieve`` and ``tutor ask``: passages for a question, and the cited answer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ingest.index import StoreError
from tutor.answer.models import Answer
from tutor.answer.service import AnswerService, InvalidQuestion
from tutor.cli.common import Command, emit, read_jsonl
from tutor.container import Container
from tutor.llm.factory import LLMConfigError
from tutor.prompts import render
from tutor.retrieval.hybrid import Hit
from tutor.settings import Settings


def hit_json(hit: Hit) -> dict[str, Any]:
    """The documented JSON shape of one retrieval result."""
    c = hit.chunk
    return {
        "rank": hit.rank,
        "chunk_id": c.chunk_id,
        "text": c.text,
        "source": c.source,
        "title": c.title,
        "module": c.module,
        "section": c.section or c.chapter,
        "page": c.page,
        "score": round(hit.score, 6),
    }


def _retrieve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="?", help="Frage")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--module", type=int)
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", type=Path, help="JSONL mit {id, question}")


def retrieve_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Print the ranked passages for a question (or a batch of questions)."""
    service = Container(settings).answers
    try:
        if args.batch:
            for row in read_jsonl(args.batch):
                _, result = service.retrieve(
                    str(row.get("question", "")), k=args.k, module=row.get("module", args.module)
                )
                emit({"id": row.get("id"), "results": [hit_json(h) for h in result.hits]})
            return 0
        if not args.question:
            print("Bitte eine Frage angeben oder --batch DATEI verwenden.", file=sys.stderr)
            return 2
        resolved, result = service.retrieve(args.question, k=args.k, module=args.module)
    except (InvalidQuestion, StoreError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    if args.json:
        emit({"query": args.question, "results": [hit_json(h) for h in result.hits]})
    else:
        for hit in result.hits:
            print(f"[{hit.rank}] {hit.chunk.header}  (Score {hit.score:.4f})")
            print(f"    {hit.chunk.text[:300]}")
    return 0


def _ask_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="?", help="Frage")
    p.add_argument("--previous", action="append", default=[], help="frühere Frage (mehrfach)")
    p.add_argument("--module", type=int)
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", type=Path, help="JSONL mit {id, question, previous}")


def ask_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """Answer a question (or a batch) with citations."""
    try:
        service = Container(settings).answers
    except LLMConfigError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    try:
        if args.batch:
            for row in read_jsonl(args.batch):
                try:
                    answer = service.ask(
                        str(row.get("question", "")), row.get("previous") or [], row.get("module")
                    )
                    emit({"id": row.get("id"), **answer.to_json()})
                except InvalidQuestion as exc:
                    emit({"id": row.get("id"), "error": str(exc)})
            return 0
        if not args.question:
            print("Bitte eine Frage angeben oder --batch DATEI verwenden.", file=sys.stderr)
            return 2
        answer = _ask_streamed(service, args)
    except (InvalidQuestion, StoreError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    if args.json:
        emit(answer.to_json())
        return 0
    if answer.note:
        print(answer.note + "\n")
    print(answer.answer)
    if answer.citations:
        print("\nQuellen:")
        for c in answer.citations:
            print(f"  [{c.n}] {c.location()}")
    return 0


def _ask_streamed(service: AnswerService, args: argparse.Namespace) -> Answer:
    """Print the LLM's draft token by token (not with --json), return the verified answer."""
    drafted = False
    for event in service.ask_stream(args.question, args.previous, args.module):
        if isinstance(event, Answer):
            if drafted:
                print(f"\n\n{render('llm', 'anzeige.geprueft')}")
            return event
        if not args.json:
            if not drafted:
                print(render("llm", "anzeige.entwurf"))
            drafted = True
            print(event, end="", flush=True)
    raise AssertionError("ask_stream ended without an answer")


RETRIEVE = Command("retrieve", "Passagen zu einer Frage suchen", _retrieve_args, retrieve_cmd)
ASK = Command("ask", "Eine Frage zum Kursmaterial beantworten", _ask_args, ask_cmd)
