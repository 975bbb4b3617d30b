"""Rule tables as validated data: the shipped lists load, a broken list fails with a message
that names file and table (at start-up, not in the middle of a dialogue or a search)."""

from __future__ import annotations

import pytest

import tutor.wordlists as wl
from tutor.retrieval.text import STOPWORDS, looks_english, tokens

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("name", ["stoppwoerter", "checklist_antworten", "checklist_leitfaden"])
def test_shipped_lists_load_and_every_category_says_what_it_covers(name):
    lists = wl.load_wordlists(name)
    assert lists
    assert all(len(table.beschreibung) >= 10 for table in lists.values())


def test_stopwords_drop_question_framing_but_keep_the_topic():
    assert {"was", "versteht", "man", "unter", "heißt", "laut", "kurs"} <= STOPWORDS
    assert tokens("Was versteht man laut Kurs unter Predictive Maintenance?") == [
        "predictiv",
        "maintenanc",
    ]
    assert looks_english("What does the course say about data quality?")
    assert not looks_english("Was sagt der Kurs über Datenqualität?")


@pytest.fixture
def prompts_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(wl, "PROMPTS_DIR", tmp_path)
    wl.load_wordlists.cache_clear()
    yield tmp_path
    wl.load_wordlists.cache_clear()


def test_a_table_without_words_names_file_and_table(prompts_dir):
    (prompts_dir / "kaputt.toml").write_text(
        '[fragewoerter]\nbeschreibung = "Fragewörter ohne Inhalt"\n', encoding="utf-8"
    )
    with pytest.raises(wl.WordListError, match=r"kaputt\.toml: Tabelle \[fragewoerter\]"):
        wl.load_wordlists("kaputt")


def test_an_unknown_key_or_bad_pattern_is_refused(prompts_dir):
    (prompts_dir / "tippfehler.toml").write_text(
        '[a]\nbeschreibung = "Eine Kategorie mit Tippfehler"\nwoerter = ["x"]\n"wörter" = ["y"]\n',
        encoding="utf-8",
    )
    with pytest.raises(wl.WordListError, match=r"Tabelle \[a\]"):
        wl.load_wordlists("tippfehler")
    (prompts_dir / "muster.toml").write_text(
        '[b]\nbeschreibung = "Ein Muster, das nicht kompiliert"\nmuster = ["(offen"]\n',
        encoding="utf-8",
    )
    with pytest.raises(wl.WordListError, match=r"Tabelle \[b\]"):
        wl.load_wordlists("muster")


def test_a_missing_list_is_named(prompts_dir):
    with pytest.raises(wl.WordListError, match="fehlt"):
        wl.wordlist("stoppwoerter", "fragewoerter")
