"""``tutor checklist``: items --json, classify --batch and the interactive run with piped stdin."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import tutor.cli.checklist as checklist_cli
from tutor.cli import main

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RUN_CLI = "import sys; from tutor.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture
def cli_env(monkeypatch, corpus_settings, container):
    """TUTOR_* pointing at the test index; the CLI reuses the session's container."""
    env = {
        "TUTOR_CORPUS_DIR": str(corpus_settings.corpus_dir),
        "TUTOR_STORE_DIR": str(corpus_settings.store_dir),
        "TUTOR_MODEL_CACHE_DIR": str(corpus_settings.model_cache_dir),
        "TUTOR_DATA_DIR": str(corpus_settings.data_dir),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(checklist_cli, "Container", lambda settings: container)
    return env


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_items_json_shape(cli_env):
    proc = run_cli(["checklist", "items", "--json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"items", "bands"}
    assert len(data["items"]) == 29
    assert len(data["bands"]) == 4
    assert data["items"][14] == {
        "no": 15,
        "section": "Kosten-Nutzen-Analyse",
        "text": "Ist eine Break-Even-Analyse durchgeführt worden?",
    }
    assert data["bands"][0] == {
        "min": 25,
        "max": 29,
        "verdict": "Ihr Unternehmen ist sehr gut auf die Integration von KI vorbereitet.",
    }


def test_unreadable_checklist_fails_with_german_message(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "leitfaden-ki-integration-kmu.txt").write_text(
        "KI-Readiness Checklist\n1. Erste Frage?\n☐ Ja ☐ Nein\n", encoding="utf-8"
    )
    env = {"TUTOR_CORPUS_DIR": str(corpus), "TUTOR_STORE_DIR": str(tmp_path / "vectorstore")}
    proc = run_cli(["checklist", "items", "--json"], env)  # no index: the guide file is read
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Die Checkliste im Leitfaden konnte nicht gelesen werden" in proc.stderr


def test_classify_batch_prints_one_label_per_line(cli_env, tmp_path, capsys):
    rows = [
        {"question_no": 1, "answer": "Ja, haben wir letztes Jahr gemacht."},
        {"question_no": 15, "answer": "not yet"},
        {"question_no": 8, "answer": "teilweise"},
        {"question_no": 15, "answer": "Was ist mit Break-Even gemeint?"},
        {"question_no": 3, "answer": "zurück"},
        {"question_no": 4, "answer": "ja nein"},
    ]
    batch = tmp_path / "antworten.jsonl"
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["checklist", "classify", "--batch", str(batch)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # "teilweise" counts as the guide counts it (not Ja); "ja nein" contradicts itself
    assert [line["label"] for line in lines] == ["ja", "nein", "nein", "frage", None, "unklar"]
    assert lines[4]["command"] == "zurueck"


def test_interactive_run_with_piped_stdin_saves_reports(cli_env, tmp_path, monkeypatch, capsys):
    answers = ["ja"] * 14 + ["Was ist mit Break-Even gemeint?", "nein"] + ["ja"] * 14
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(answers) + "\n"))
    md, pdf = tmp_path / "bericht.md", tmp_path / "bericht.pdf"
    code = main(["checklist", "--report-md", str(md), "--report-pdf", str(pdf)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("Abschnitt Kosten-Nutzen-Analyse, Frage 15 von 29:") == 2  # asked, repeated
    assert "So erklärt das Material „Break-Even“:" in out  # a definition with its place
    assert "— Leitfaden, Kapitel „Machbarkeitsstudie“, Abschnitt „Kosten-Nutzen-Analyse“" in out
    assert "Punktzahl: 28 von 29 Fragen mit Ja beantwortet" in out
    assert "Ihr Unternehmen ist sehr gut auf die Integration von KI vorbereitet." in out
    assert f"Bericht gespeichert: {md}" in out
    report = md.read_text(encoding="utf-8")
    assert "Break-Even-Analyse durchführen: Berechnen Sie den Zeitpunkt" in report
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Punktzahl: 28 von 29" in pdf_text
    assert "Break-Even-Analyse durchführen" in pdf_text


def test_interactive_run_cut_short_writes_nothing(cli_env, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("ja\nnein\n"))
    md = tmp_path / "bericht.md"
    assert main(["checklist", "--report-md", str(md)]) == 1
    assert "Abgebrochen" in capsys.readouterr().err
    assert not md.exists()
