"""``tutor quiz`` on a real index of the corpus (built once per session by conftest)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from tutor.cli import main
from tutor.quiz.exports import from_json
from tutor.quiz.generate import QuizGenerator
from tutor.quiz.gift import parse_gift
from tutor.quiz.material import load_chunks
from tutor.quiz.models import QuizScope

pytestmark = pytest.mark.integration

GUIDE = "leitfaden-ki-integration-kmu.txt"


@pytest.fixture
def env(corpus_settings, monkeypatch):
    """Point every TUTOR_* path at the session's index (what a user's .env would do)."""
    for name in ("corpus_dir", "store_dir", "model_cache_dir", "data_dir"):
        monkeypatch.setenv(f"TUTOR_{name.upper()}", str(getattr(corpus_settings, name)))
    return corpus_settings


@pytest.fixture(scope="module")
def index_generator(corpus_settings, embedder) -> QuizGenerator:
    return QuizGenerator(load_chunks(corpus_settings.store_dir), embedder)


def run(*args: str) -> int:
    return main(["quiz", *args])


def test_module_3_as_gift_gives_valid_varied_items(env, tmp_path, capsys):
    out = tmp_path / "m3.gift"
    assert (
        run("generate", "--module", "3", "--count", "10", "--format", "gift", "-o", str(out)) == 0
    )
    captured = capsys.readouterr()
    printed = captured.out
    count = int(re.search(r"(\d+) Fragen \(Modul 3", printed).group(1))  # type: ignore[union-attr]
    questions = parse_gift(out.read_text(encoding="utf-8"))
    assert len(questions) == count
    # module 3 gives fewer than 10 good items since round 2 of issue 19: the CLI says so
    assert count >= 8 or "konnten nur" in printed + captured.err
    assert len({q.type for q in questions}) >= 2
    assert len({q.text for q in questions}) == count
    assert {q.category for q in questions} == {"$course$/KI-Tutor/Modul 3"}
    for q in questions:
        assert "Modul 3 „Daten als Erfolgsfaktor“" in q.general_feedback
        if q.type != "shortanswer":
            assert sum(a.correct for a in q.answers) == 1


@pytest.mark.parametrize("fmt", ["json", "gift", "moodle-xml", "aiken", "csv", "md"])
def test_every_format_holds_the_module_3_set(env, tmp_path, fmt, index_generator):
    out = tmp_path / f"m3.{fmt}"
    args = ["--module", "3", "--count", "10", "--seed", "7", "--format", fmt, "-o", str(out)]
    assert run("generate", *args) == 0
    text = out.read_text(encoding="utf-8-sig")
    reference = index_generator.generate(QuizScope(module=3), 10, seed=7).quiz
    items = reference.items
    assert len({i.type for i in items}) >= 2
    if fmt == "json":
        quiz = from_json(text)
        assert quiz.items == items
        assert all(index_generator.validator.problems(i) == [] for i in quiz.items)
    elif fmt == "gift":
        assert [q.text for q in parse_gift(text)] == [i.question for i in items]
    elif fmt == "moodle-xml":
        root = ET.fromstring(text.encode("utf-8"))
        assert len([q for q in root if q.get("type") != "category"]) == len(items)
    elif fmt == "aiken":
        assert text.count("ANSWER: ") == sum(1 for i in items if i.type == "mc")
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert [r[4] for r in rows[1:]] == [i.question for i in items]
    else:
        key = text.partition("## Lösungen")[2]
        assert len(re.findall(r"^\*\*\d+\.\*\* Richtige Antwort: ", key, re.M)) == len(items)


def test_same_seed_writes_the_same_file(env, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out in (a, b):
        assert run("generate", "--module", "5", "--seed", "3", "--count", "5", "-o", str(out)) == 0
    assert a.read_bytes() == b.read_bytes()


def test_guide_questions_via_source(env, tmp_path):
    out = tmp_path / "leitfaden.md"
    assert run("generate", "--source", GUIDE, "--count", "6", "--format", "md", "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "Leitfaden zur Integration" in text
    assert "Modul" not in text.partition("##")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--module", "12"], "Modul 12 gibt es nicht. Verfügbar sind die Module 1 bis 11."),
        (["--module", "drei"], "„drei“ ist kein Modul"),
        (["--module", "3", "--format", "pdf"], "Unbekanntes Format „pdf“"),
        (["--module", "3", "--count", "0"], "größer 0"),
        (["--module", "3", "--count", "zehn"], "„zehn“"),
        (["--module", "3", "--types", "mc,essay"], "Unbekannter Fragetyp „essay“"),
        (["--module", "3", "--source", GUIDE], "entweder --module N oder --source"),
        (["--source", "fehlt.txt"], "„fehlt.txt“ gibt es im Index nicht"),
    ],
)
def test_bad_input_gets_a_german_error_and_no_file(env, tmp_path, capsys, args, message):
    out = tmp_path / "quiz.gift"
    argv = [*args] + ([] if "--format" in args else ["--format", "gift"]) + ["-o", str(out)]
    assert run("generate", *argv) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_unwritable_target_fails_without_leftovers(env, tmp_path, capsys):
    missing = tmp_path / "gibt-es-nicht" / "m3.gift"
    assert run("generate", "--module", "3", "--format", "gift", "-o", str(missing)) == 2
    assert "kann nicht geschrieben werden" in capsys.readouterr().err
    folder = tmp_path / "ordner.gift"
    folder.mkdir()
    assert run("generate", "--module", "3", "--format", "gift", "-o", str(folder)) == 2
    assert list(tmp_path.iterdir()) == [folder]
    assert not any(folder.iterdir())


def test_every_module_yields_valid_items_and_says_when_it_has_fewer(index_generator):
    for module in range(1, 12):
        result = index_generator.generate(QuizScope(module=module), 10, seed=7)
        items = result.quiz.items
        # four options or none, no option set twice, no key as another item's wrong option
        # (review round 5): modules give 1-5 items (modules 8 and 9: 1)
        assert len(items) >= 1, (module, result.warnings)
        assert (len(items) < 10) == bool(result.warnings), module
        assert all(i.module == module for i in items)
        for n, item in enumerate(items):
            assert index_generator.validator.problems(item, items[:n]) == []


def test_stats_show_rejections_dropped_distractors_and_families(env, tmp_path, capsys):
    out = tmp_path / "leitfaden.json"  # wrong options come from the module or chapter only:
    guide = "leitfaden-ki-integration-kmu.txt"  # the guide's chapters still offer some to drop
    assert run("generate", "--source", guide, "--seed", "1", "--stats", "-o", str(out)) == 0
    stats = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert stats["accepted"] == len(from_json(out.read_text(encoding="utf-8")).items)
    assert sum(stats["families"].values()) == stats["accepted"]
    assert sum(stats["distractors_dropped"].values()) > 0
    assert "rejected" in stats


def test_play_in_the_terminal(env, monkeypatch, capsys):
    answers = iter(["", "A", "wahr", "Datenminimierung"] * 3)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert run("play", "--module", "3", "--count", "3", "--seed", "1") == 0
    out = capsys.readouterr().out
    assert "Frage 1/3" in out
    assert "Sie haben" in out
    assert "von 3 Fragen richtig" in out


def test_store_without_index_is_explained(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_STORE_DIR", str(tmp_path / "leer"))
    assert run("generate", "--module", "3", "--format", "gift", "-o", str(tmp_path / "x")) == 2
    assert "tutor ingest" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Bitte geben Sie eine Ausgabedatei an: -o DATEI"),
        (["-o", "quiz.docx"], "Bitte geben Sie das Format an: --format FORMAT (erlaubt: gift"),
    ],
)
def test_a_missing_format_or_file_is_asked_for(env, tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert run("generate", "--module", "3", *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Unbekanntes Format" not in err
    assert not (tmp_path / "quiz.docx").exists()
